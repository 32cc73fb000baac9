"""Is sentence B a rewrite of sentence A? Boosted trees over lexical and dense features.

The trees live in ``models/pair_judge.json``; ``benchmarks/mt_pan.py --save`` refits them on the
MT-metrics PAN corpus (sentence pairs from real plagiarism cases, plus mismatched pairs as
certain negatives and each sentence's nearest mismatched neighbour as a same-topic look-alike)
and reports 10-fold cross-validated accuracy; the decision threshold is learnt, not set by hand.
Two models are kept: one with the embedding features and one lexical-only (for
``--lexical-only`` and for deciding cheaply before calling the model).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from unspin.align.boost import BoostedTrees
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
DENSE_FEATURES = ("embedding_cos", "soft_precision", "soft_recall", "soft_f1")
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
    return [cos, *soft]


@lru_cache(maxsize=1)
def load_models() -> dict[str, BoostedTrees]:
    """``{"dense": ..., "lexical": ...}`` from the packaged JSON."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return {k: BoostedTrees.from_dict(v) for k, v in data["models"].items()}
