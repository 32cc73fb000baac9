"""Make the static sentence embedding (``models/minilm/static.npz``) from the packaged MiniLM.

Every token of MiniLM's vocabulary is run through the model alone (``[CLS] token [SEP]``) and
its mean-pooled output kept; the vectors are centred, reduced by PCA to ``DIM`` dimensions and
stored as int8 with one scale per row. A sentence is then the mean of its tokens' rows
(:mod:`unspin.represent.static`): no model run, ~1,000x cheaper than MiniLM, good enough to
*find* candidate sentences in an index; MiniLM still aligns them.

    python -m unspin.represent.distill [--out PATH] [--dim 128]

Deterministic: the same model gives the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

DIM = 128
OUT = Path(__file__).resolve().parent.parent / "models" / "minilm" / "static.npz"


def token_vectors(batch: int = 512) -> np.ndarray:
    """(vocab, 384) float32: each token's MiniLM output, alone between [CLS] and [SEP]."""
    from unspin.represent.embed import Embedder

    emb = Embedder()
    vocab = emb._tok.get_vocab_size()
    cls, sep = emb._tok.token_to_id("[CLS]"), emb._tok.token_to_id("[SEP]")
    out = np.zeros((vocab, emb.dim), dtype=np.float32)
    for start in range(0, vocab, batch):
        ids = np.arange(start, min(vocab, start + batch), dtype=np.int64)
        x = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        hidden = emb._session.run(
            None,
            {
                "input_ids": x,
                "attention_mask": np.ones_like(x),
                "token_type_ids": np.zeros_like(x),
            },
        )[0]
        out[ids] = hidden[:, 1]  # the token's own output (CLS/SEP carry no meaning alone)
    return out


def distill(dim: int = DIM) -> dict[str, np.ndarray]:
    vecs = token_vectors()
    mean = vecs.mean(0)
    centred = vecs - mean
    # PCA by SVD of the covariance (384 x 384): cheap and deterministic up to sign.
    _, _, vt = np.linalg.svd(np.cov(centred, rowvar=False))
    basis = vt[:dim].T
    for j in range(dim):  # fix the sign of each axis: largest-magnitude loading positive
        if basis[np.argmax(np.abs(basis[:, j])), j] < 0:
            basis[:, j] *= -1
    low = centred @ basis
    scale = np.abs(low).max(1, keepdims=True) / 127.0
    q = np.round(low / np.maximum(scale, 1e-12)).astype(np.int8)
    return {"vectors": q, "scale": scale.astype(np.float32).ravel()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--dim", type=int, default=DIM)
    args = ap.parse_args()
    np.savez_compressed(args.out, **distill(args.dim))
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
