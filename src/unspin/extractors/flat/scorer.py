"""Two logistic passes over the units: each unit's own features, then its neighbours' scores and
the densest block. The weights are data (``models/flat_scorer.json``), refitted by
``benchmarks/extract_sets.py --train --save``."""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from unspin.document import Span
from unspin.extractors.flat.features import FEATURES, unit_features

#: Second-pass features, in the order ``context_rows`` builds them.
CONTEXT_FEATURES = (
    "bias",
    "own",
    "near_1",
    "near_2_3",
    "near_4_8",
    "in_block",
    "block_distance",
    "log_length",
)
WEIGHTS_FILE = Path(__file__).resolve().parents[2] / "models" / "flat_scorer.json"


@dataclass(frozen=True)
class Weights:
    """The learned part of the flat extractor: both passes' weights, in feature order."""

    first: tuple[float, ...]
    second: tuple[float, ...]
    #: Second-pass logit above which a unit inside the block is kept.
    threshold: float
    #: A unit seen on other pages of the same site is furniture; dev pages (one per site)
    #: cannot teach this weight, so it is set by hand, strong enough to outvote sentence shape.
    site_repeat: float

    @classmethod
    def from_dict(cls, data: dict, name: str = "weights") -> Weights:
        for part, names in (("first_pass", FEATURES), ("second_pass", CONTEXT_FEATURES)):
            if set(data[part]) != set(names):
                raise ValueError(f"{name}: {part} weights do not match the features")
        return cls(
            tuple(float(data["first_pass"][n]) for n in FEATURES),
            tuple(float(data["second_pass"][n]) for n in CONTEXT_FEATURES),
            float(data["threshold"]),
            float(data["site_repeat_weight"]),
        )

    def to_dict(self) -> dict:
        return {
            "first_pass": {n: round(v, 4) for n, v in zip(FEATURES, self.first)},
            "second_pass": {n: round(v, 4) for n, v in zip(CONTEXT_FEATURES, self.second)},
            "threshold": self.threshold,
            "site_repeat_weight": self.site_repeat,
        }


def load_weights(path: Path = WEIGHTS_FILE) -> Weights:
    """The weights in a data file, checked against the features the code computes."""
    return Weights.from_dict(json.loads(path.read_text(encoding="utf-8")), str(path))


#: The packaged weights (immutable): what every call uses unless given others.
DEFAULT = load_weights()
THRESHOLD = DEFAULT.threshold


def _dot(w: Sequence[float], x: Sequence[float]) -> float:
    return sum(map(operator.mul, w, x))


def context_rows(
    logits: Sequence[float], lengths: Sequence[int], walls: Sequence[bool] | None = None
) -> list[list[float]]:
    """Second-pass features: a unit's own logit, its neighbours', and its block membership."""
    n = len(logits)
    block = _best_block(logits, lengths, GAP_WEIGHT, walls)
    rows = []
    for i in range(n):
        rows.append(
            [
                1.0,
                logits[i],
                _window(logits, lengths, i, 1, 1),
                _window(logits, lengths, i, 2, 3),
                _window(logits, lengths, i, 4, 8),
                1.0 if block[0] <= i < block[1] else 0.0,
                min(1.0, _distance(i, block) / 10.0),
                math.log1p(lengths[i]) / 6.0,
            ]
        )
    return rows


def _window(logits: Sequence[float], lengths: Sequence[int], i: int, lo: int, hi: int) -> float:
    tot = wsum = 0.0
    for j in (*range(i - hi, i - lo + 1), *range(i + lo, i + hi + 1)):
        if 0 <= j < len(logits):
            w = math.log1p(lengths[j])
            tot += w * logits[j]
            wsum += w
    return tot / wsum if wsum else -3.0


def _distance(i: int, block: tuple[int, int]) -> int:
    if block[0] <= i < block[1]:
        return 0
    return block[0] - i if i < block[0] else i - block[1] + 1


#: Weight of a furniture unit against an article unit when the block is drawn (tuned by
#: 5-fold cross-validation: above 1 the block ends too early, below it runs on into teasers).
GAP_WEIGHT = 0.8


def _best_block(
    logits: Sequence[float],
    lengths: Sequence[int],
    gap: float = 1.0,
    walls: Sequence[bool] | None = None,
) -> tuple[int, int]:
    """Maximum-sum run of units, each weighted by its length: the article's dense core.

    A wall (a newsletter box, a comment header, a copyright line) cannot lie inside the run.
    """
    best, best_span = 0.0, (0, 0)
    cur, start = 0.0, 0
    for i, (z, n) in enumerate(zip(logits, lengths, strict=True)):
        if walls is not None and walls[i]:
            cur, start = 0.0, i + 1
            continue
        v = max(-4.0, min(4.0, z)) * math.sqrt(n)
        if v < 0:
            v *= gap
        if cur <= 0:
            cur, start = v, i
        else:
            cur += v
        if cur > best:
            best, best_span = cur, (start, i + 1)
    return best_span


#: A unit with furniture-only vocabulary whose own score is below this is a wall.
WALL_BELOW = 0.0


def walls(rows: Sequence[Sequence[float]], z1: Sequence[float]) -> list[bool]:
    """Units the article cannot run across: sign-up boxes and legal blocks, scored low.

    One furniture phrase is not enough (articles carry inline "Sign up for our newsletter"
    promos); two or more in one unit (newsletter + "by submitting" + privacy policy) is.
    """
    many = FEATURES.index("strong_many")
    return [r[many] > 0 and z < WALL_BELOW for r, z in zip(rows, z1, strict=True)]


def score_units(
    text: str,
    spans: Sequence[Span],
    site_repeats: frozenset[str] | set[str] = frozenset(),
    weights: Weights = DEFAULT,
) -> list[float]:
    """Second-pass logit per unit: above ``weights.threshold`` means article."""
    rows = unit_features(text, spans, site_repeats)
    return score_rows(rows, [b - a for a, b in spans], weights=weights)


def first_pass(rows: Sequence[Sequence[float]], weights: Weights = DEFAULT) -> list[float]:
    """Each unit's own logit, from its feature row alone."""
    rep = FEATURES.index("repeat_in_site")
    return [_dot(weights.first, r) + weights.site_repeat * r[rep] for r in rows]


def score_rows(
    rows: list[list[float]],
    lengths: Sequence[int],
    wall: Sequence[bool] | None = None,
    weights: Weights = DEFAULT,
) -> list[float]:
    """Second-pass logits from first-pass feature rows (see ``unit_features``)."""
    z1 = first_pass(rows, weights)
    if wall is None:
        wall = walls(rows, z1)
    return [_dot(weights.second, r) for r in context_rows(z1, lengths, wall)]
