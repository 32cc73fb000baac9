"""Sentence-pair judge on the MT-metrics PAN corpus: 10-fold cross-validated accuracy.

    .venv/bin/python benchmarks/mt_pan.py          # print CV accuracy of both models
    .venv/bin/python benchmarks/mt_pan.py --save   # also refit on all pairs, write models/pair_judge.json

Skips cleanly when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

from unspin.align.boost import fit_boosted
from unspin.align.judge import (
    DENSE_FEATURES,
    LEXICAL_FEATURES,
    MODEL_FILE,
    dense_features,
    lexical_features,
    soft_match,
)
from unspin.represent.embed import load_embedder
from unspin.represent.lexical import tokenize

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "mt-pan-dev" / "pairs.tsv"


def load(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return (
        [r["source"] for r in rows],
        [r["suspicious"] for r in rows],
        np.array([int(r["label"]) for r in rows]),
    )


class Encoded:
    """Sentences of both columns, tokenised and embedded once; features of any (i, j) pairing."""

    def __init__(self, src: list[str], susp: list[str]):
        emb = load_embedder()
        self.src, self.susp = src, susp
        self.tsrc, self.tsusp = [tokenize(a) for a in src], [tokenize(b) for b in susp]
        (self.ea, self.ta), (self.eb, self.tb) = (
            emb.encode_with_tokens(src),
            emb.encode_with_tokens(susp),
        )

    def features(self, pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        lex = np.array(
            [
                lexical_features(self.src[i], self.susp[j], self.tsrc[i], self.tsusp[j])
                for i, j in pairs
            ]
        )
        dense = np.array(
            [
                dense_features(float(self.ea[i] @ self.eb[j]), soft_match(self.ta[i], self.tb[j]))
                for i, j in pairs
            ]
        )
        return lex, np.hstack([lex, dense])


def shuffled(idx: np.ndarray, seed: int = 1) -> list[tuple[int, int]]:
    """Mismatched pairs (a source with another pair's suspicious sentence): certain negatives.

    The corpus's own negatives are near neighbours; without these the model never sees the
    unrelated sentences that make up most pairs inside real documents.
    """
    perm = np.random.default_rng(seed).permutation(idx)
    return [(int(i), int(j)) for i, j in zip(idx, perm) if i != j][: len(idx) // 2]


def cross_validate(
    x: np.ndarray,
    y: np.ndarray,
    names,
    folds: int = 10,
    seed: int = 0,
    extra: tuple[np.ndarray, np.ndarray] | None = None,
) -> float:
    """Accuracy on held-out corpus pairs; ``extra`` (x, pair index) negatives join training
    folds only, and only those built from training pairs."""
    idx = np.random.default_rng(seed).permutation(len(y))
    correct = 0
    for k in range(folds):
        test = idx[k::folds]
        train = np.setdiff1d(idx, test)
        xt, yt = x[train], y[train]
        if extra is not None:
            ex, ex_idx = extra
            keep = ~np.isin(ex_idx, test).any(1)
            xt, yt = np.vstack([xt, ex[keep]]), np.concatenate([yt, np.zeros(keep.sum())])
        model = fit_boosted(xt, yt, names, threshold_on=(x[train], y[train]))
        correct += int(((model.proba(x[test]) >= model.threshold) == y[test]).sum())
    return correct / len(y)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--save", action="store_true", help="refit on all pairs and write the model")
    ap.add_argument(
        "--cache", type=Path, help="keep the features in this .npz (re-used if present)"
    )
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skip: {args.data} not found")
        return 0
    src, susp, y = load(args.data)
    if args.cache and args.cache.exists():
        c = np.load(args.cache)
        lex, full, neg_lex, neg_full, neg_idx = (
            c[k] for k in ("lex", "full", "neg_lex", "neg_full", "neg_idx")
        )
        print(f"pairs: {len(y)}  features read from {args.cache}")
    else:
        t0 = time.perf_counter()
        enc = Encoded(src, susp)
        lex, full = enc.features([(i, i) for i in range(len(y))])
        secs = time.perf_counter() - t0
        print(
            f"pairs: {len(y)}  features: {secs:.1f} s ({len(y) / secs:.0f} pairs/s, model included)"
        )
        neg = shuffled(np.arange(len(y)))
        neg_lex, neg_full = enc.features(neg)
        neg_idx = np.array(neg)
        if args.cache:
            np.savez(
                args.cache, lex=lex, full=full, neg_lex=neg_lex, neg_full=neg_full, neg_idx=neg_idx
            )
    names_lex, names_full = LEXICAL_FEATURES, LEXICAL_FEATURES + DENSE_FEATURES
    acc_lex = cross_validate(lex, y, names_lex, extra=(neg_lex, neg_idx))
    acc_full = cross_validate(full, y, names_full, extra=(neg_full, neg_idx))
    print(f"10-fold CV accuracy  lexical-only: {acc_lex:.4f}   with embeddings: {acc_full:.4f}")
    if args.save:

        def fit(x, xn, names):
            return fit_boosted(
                np.vstack([x, xn]),
                np.concatenate([y, np.zeros(len(xn))]),
                names,
                threshold_on=(x, y),
            ).to_dict()

        models = {"lexical": fit(lex, neg_lex, names_lex), "dense": fit(full, neg_full, names_full)}
        meta = {
            "trained_on": "mt-pan-dev pairs.tsv (10,000 pairs) + 5,000 mismatched pairs as negatives",
            "model": "boosted trees, 200 x depth 3, rate 0.1 (unspin.align.boost)",
            "cv_accuracy": {"lexical": round(acc_lex, 4), "dense": round(acc_full, 4)},
        }
        MODEL_FILE.write_text(
            json.dumps({"meta": meta, "models": models}, separators=(",", ":")) + "\n"
        )
        print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
