"""Is sentence B a rewrite of sentence A? A small logistic model over lexical and dense features.

The weights live in ``models/pair_judge.json``; ``benchmarks/mt_pan.py --save`` refits them by
cross-validation on the MT-metrics PAN corpus (sentence pairs from real plagiarism cases), so the
decision threshold is learnt, not set by hand. Two models are kept: one with the embedding cosine
and one lexical-only (for ``--lexical-only`` and for deciding cheaply before calling the model).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from unspin.represent.lexical import Token

LEXICAL_FEATURES = (
    "dice_content",
    "dice_words",
    "containment",
    "word_order",
    "len_ratio",
    "rare_overlap",
    "char3_jaccard",
    "char3_containment",
    "token_set_ratio",
    "token_sort_ratio",
    "log_len_a",
    "log_len_b",
)
DENSE_FEATURES = (
    "embedding_cos",
    "soft_precision",
    "soft_recall",
    "soft_f1",
    "embedding_cos_sq",
    "soft_precision_sq",
    "soft_recall_sq",
    "soft_f1_sq",
)
MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "pair_judge.json"


def _dice(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def char_grams(text: str, n: int = 3) -> frozenset[str]:
    """Character n-grams of the lower-cased, space-normalised text (robust to inflection)."""
    s = " ".join(text.lower().split())
    return frozenset(s[i : i + n] for i in range(len(s) - n + 1))


def lexical_features(
    a_text: str,
    b_text: str,
    a: list[Token],
    b: list[Token],
    a_grams: frozenset[str] | None = None,
    b_grams: frozenset[str] | None = None,
) -> list[float]:
    """Features of one sentence pair that need no model (pass cached char grams if you have them)."""
    ga = char_grams(a_text) if a_grams is None else a_grams
    gb = char_grams(b_text) if b_grams is None else b_grams
    shared = len(ga & gb)
    ca = {t.stem for t in a if t.stem}
    cb = {t.stem for t in b if t.stem}
    wa = {t.lower for t in a}
    wb = {t.lower for t in b}
    common = ca & cb
    rare = sum(1 for s in common if len(s) >= 7 or not s.isalpha())
    return [
        _dice(ca, cb),
        _dice(wa, wb),
        len(common) / min(len(ca), len(cb)) if ca and cb else 0.0,
        Indel.normalized_similarity([t.lower for t in a], [t.lower for t in b]),
        min(len(a), len(b)) / max(len(a), len(b), 1),
        min(rare, 4) / 4,
        shared / max(1, len(ga | gb)),
        shared / max(1, min(len(ga), len(gb))),
        fuzz.token_set_ratio(a_text, b_text) / 100,
        fuzz.token_sort_ratio(a_text, b_text) / 100,
        math.log1p(len(a_text.split())),
        math.log1p(len(b_text.split())),
    ]


def soft_match(a_tokens: np.ndarray, b_tokens: np.ndarray) -> tuple[float, float, float]:
    """BERTScore-style greedy soft matching of token vectors: (precision, recall, F1)."""
    if not len(a_tokens) or not len(b_tokens):
        return 0.0, 0.0, 0.0
    sim = a_tokens @ b_tokens.T
    p, r = float(sim.max(0).mean()), float(sim.max(1).mean())
    return p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0


def dense_features(cos: float, soft: tuple[float, float, float]) -> list[float]:
    p, r, f = soft
    return [cos, p, r, f, cos * cos, p * p, r * r, f * f]


@dataclass
class LogisticModel:
    """``p = sigmoid(w . standardised(x) + b)``; ``threshold`` is the CV-chosen cut for a decision."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    lo: np.ndarray | None = None  # feature range seen in training: inputs are clipped to it,
    hi: np.ndarray | None = None  # so the model never extrapolates (it is quadratic in places)

    def proba(self, x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=float))
        if self.lo is not None:
            x = np.clip(x, self.lo, self.hi)
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
            "lo": None if self.lo is None else self.lo.tolist(),
            "hi": None if self.hi is None else self.hi.tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> LogisticModel:
        rng = [None if d.get(k) is None else np.array(d[k]) for k in ("lo", "hi")]
        return cls(
            tuple(d["features"]),
            np.array(d["mean"]),
            np.array(d["scale"]),
            np.array(d["weights"]),
            float(d["bias"]),
            float(d["threshold"]),
            *rng,
        )


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    features: tuple[str, ...],
    l2: float = 1e-2,
    iters: int = 50,
    threshold_on: tuple[np.ndarray, np.ndarray] | None = None,
) -> LogisticModel:
    """Newton (IRLS) fit with a little L2; the threshold maximises accuracy on ``threshold_on``
    (default: the training data)."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    xs = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(xs.shape[1])
    reg = l2 * np.eye(xs.shape[1])
    reg[-1, -1] = 0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(xs @ w)))
        grad = xs.T @ (p - y) + reg @ w
        hess = (xs * (p * (1 - p))[:, None]).T @ xs + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    model = LogisticModel(features, mean, scale, w[:-1], float(w[-1]), 0.5, x.min(0), x.max(0))
    tx, ty = threshold_on if threshold_on is not None else (x, y)
    model.threshold = best_threshold(model.proba(tx), ty)
    return model


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    cuts = np.unique(np.round(p, 3))
    accs = [((p >= c) == y).mean() for c in cuts]
    return float(cuts[int(np.argmax(accs))]) if len(cuts) else 0.5


@lru_cache(maxsize=1)
def load_models() -> dict[str, LogisticModel]:
    """``{"dense": ..., "lexical": ...}`` from the packaged JSON."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return {k: LogisticModel.from_dict(v) for k, v in data["models"].items()}
