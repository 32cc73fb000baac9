"""A static sentence embedding distilled from the packaged MiniLM: cheap vectors for retrieval.

Each vocabulary token has one fixed vector (``models/minilm/static.npz``, made by
:mod:`unspin.represent.distill`); a sentence is the normalised mean of its content tokens' vectors.
No model runs, so an index can hold a vector for every sentence at a few thousand sentences a
second; the vectors only *find* candidates, MiniLM aligns them. Token vectors for the soft word
matching are not offered (``encode_with_tokens`` returns empty ones): align with MiniLM.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from unspin.stopwords import FINGERPRINT

STATIC_MODEL = "minilm-static-128"
_DATA = Path(__file__).resolve().parent.parent / "models" / "minilm" / "static.npz"
_TOKENIZER = Path(__file__).resolve().parent.parent / "models" / "minilm" / "tokenizer.json"


class StaticEmbedder:
    """``encode(sentences) -> (n, dim)`` unit rows, from per-token vectors (thread-safe).

    Pickled, it travels as its name: unpickling loads the same file once per process.
    """

    name = STATIC_MODEL

    def __init__(self, data: Path = _DATA, max_tokens: int = 256):
        from tokenizers import Tokenizer

        with np.load(data) as z:
            vecs = z["vectors"].astype(np.float32) * z["scale"][:, None]
        self._tok = Tokenizer.from_file(str(_TOKENIZER))
        self._tok.enable_truncation(max_length=max_tokens)
        self._tok.no_padding()
        vocab = self._tok.get_vocab()
        weight = np.ones(len(vecs), dtype=np.float32)
        for tok, i in vocab.items():
            # Stop words and punctuation say nothing about what a sentence is about.
            if tok in FINGERPRINT or not any(c.isalnum() for c in tok) or tok.startswith("["):
                weight[i] = 0.0
        self._vecs = vecs * weight[:, None]
        self.dim = int(vecs.shape[1])

    def __reduce__(self):
        return (load_static, ())

    def encode(self, sentences: list[str]) -> np.ndarray:
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        if not sentences:
            return out
        enc = self._tok.encode_batch([str(s) for s in sentences], add_special_tokens=False)
        lens = np.fromiter((len(e.ids) for e in enc), dtype=np.int64, count=len(enc))
        ids = np.fromiter((i for e in enc for i in e.ids), dtype=np.int64, count=int(lens.sum()))
        np.add.at(out, np.repeat(np.arange(len(enc)), lens), self._vecs[ids])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def encode_with_tokens(
        self, sentences: list[str], tokens: bool = True
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        empty = np.zeros((0, self.dim), np.float32)
        return self.encode(sentences), [empty] * len(sentences)


def load_static() -> StaticEmbedder:
    """The static embedder, loaded once per process."""
    from unspin.caches import once_per_process

    return once_per_process("embedders", (STATIC_MODEL, None), StaticEmbedder)
