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

from unspin.align.judge import (
    DENSE_FEATURES,
    LEXICAL_FEATURES,
    MODEL_FILE,
    dense_features,
    fit_logistic,
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


def features(src: list[str], susp: list[str]) -> tuple[np.ndarray, np.ndarray, float]:
    t0 = time.perf_counter()
    lex = np.array([lexical_features(a, b, tokenize(a), tokenize(b)) for a, b in zip(src, susp)])
    emb = load_embedder()
    (ea, ta), (eb, tb) = emb.encode_with_tokens(src), emb.encode_with_tokens(susp)
    cos = (ea * eb).sum(1)
    dense = np.array([dense_features(float(c), soft_match(x, z)) for c, x, z in zip(cos, ta, tb)])
    return lex, np.hstack([lex, dense]), time.perf_counter() - t0


def cross_validate(x: np.ndarray, y: np.ndarray, names, folds: int = 10, seed: int = 0) -> float:
    idx = np.random.default_rng(seed).permutation(len(y))
    correct = 0
    for k in range(folds):
        test = idx[k::folds]
        train = np.setdiff1d(idx, test)
        model = fit_logistic(x[train], y[train], names)
        correct += int(((model.proba(x[test]) >= model.threshold) == y[test]).sum())
    return correct / len(y)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--save", action="store_true", help="refit on all pairs and write the model")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skip: {args.data} not found")
        return 0
    src, susp, y = load(args.data)
    lex, full, secs = features(src, susp)
    print(f"pairs: {len(y)}  features: {secs:.1f} s ({len(y) / secs:.0f} pairs/s, model included)")
    names_lex, names_full = LEXICAL_FEATURES, LEXICAL_FEATURES + DENSE_FEATURES
    acc_lex = cross_validate(lex, y, names_lex)
    acc_full = cross_validate(full, y, names_full)
    print(f"10-fold CV accuracy  lexical-only: {acc_lex:.4f}   with embeddings: {acc_full:.4f}")
    if args.save:
        models = {
            "lexical": fit_logistic(lex, y, names_lex).to_dict(),
            "dense": fit_logistic(full, y, names_full).to_dict(),
        }
        meta = {
            "trained_on": "mt-pan-dev pairs.tsv (10,000 pairs)",
            "cv_accuracy": {"lexical": round(acc_lex, 4), "dense": round(acc_full, 4)},
        }
        MODEL_FILE.write_text(json.dumps({"meta": meta, "models": models}, indent=1) + "\n")
        print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
