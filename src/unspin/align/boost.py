"""Gradient-boosted decision trees in NumPy: the sentence-pair judge's model.

A linear model cannot both tell rewrites from same-topic sentences (the hard negatives of the
MT-metrics PAN corpus) and stay sane on the unrelated sentences that fill real documents; shallow
boosted trees do both (10-fold CV in ``benchmarks/mt_pan.py``). Written here, not imported: the
fit is ~80 lines of histogram splits, inference is a few array lookups, and it keeps scikit-learn
out of the install.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class BoostedTrees:
    """Trees as flat node arrays; ``feature == -1`` marks a leaf holding ``value``.

    Go left when ``x[feature] < threshold``. ``proba`` is the sigmoid of the summed leaves;
    ``threshold`` is the probability cut chosen for a yes/no decision.
    """

    features: tuple[str, ...]
    base: float
    rate: float
    feature: np.ndarray  # (trees, nodes) int
    split: np.ndarray  # (trees, nodes) float
    left: np.ndarray  # (trees, nodes) int
    right: np.ndarray  # (trees, nodes) int
    value: np.ndarray  # (trees, nodes) float
    threshold: float = 0.5

    #: Rows walked at once: the walk holds a few (rows, trees) arrays, so a batch of 80,000
    #: sentence pairs in one go would take ~1 GB; in blocks it takes a few MB, as fast.
    BLOCK = 4096

    def proba(self, x) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=float))
        if len(x) <= self.BLOCK:
            return self._proba(x)
        return np.concatenate(
            [self._proba(x[i : i + self.BLOCK]) for i in range(0, len(x), self.BLOCK)]
        )

    def _proba(self, x: np.ndarray) -> np.ndarray:
        trees = np.arange(len(self.feature))
        node = np.zeros((len(x), len(trees)), dtype=np.int32)  # every tree walked at once
        rows = np.arange(len(x))[:, None]
        for _ in range(self.feature.shape[1]):
            f = self.feature[trees, node]
            inner = f >= 0
            if not inner.any():
                break
            go_left = x[rows, np.maximum(f, 0)] < self.split[trees, node]
            nxt = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(inner, nxt, node)
        score = self.base + self.rate * self.value[trees, node].sum(1)
        return 1.0 / (1.0 + np.exp(-score))

    def to_dict(self) -> dict:
        return {
            "kind": "boosted-trees",
            "features": list(self.features),
            "base": self.base,
            "rate": self.rate,
            "threshold": self.threshold,
            **{
                k: getattr(self, k).tolist() for k in ("feature", "split", "left", "right", "value")
            },
        }

    @classmethod
    def from_dict(cls, d: dict) -> BoostedTrees:
        arrays = {k: np.array(d[k]) for k in ("feature", "split", "left", "right", "value")}
        return cls(
            tuple(d["features"]),
            float(d["base"]),
            float(d["rate"]),
            threshold=float(d["threshold"]),
            **arrays,
        )


def fit_boosted(
    x: np.ndarray,
    y: np.ndarray,
    features: tuple[str, ...],
    *,
    trees: int = 200,
    depth: int = 3,
    rate: float = 0.1,
    bins: int = 32,
    min_leaf: int = 20,
    l2: float = 1.0,
    sample_weight: np.ndarray | None = None,
    threshold_on: tuple[np.ndarray, np.ndarray] | None = None,
) -> BoostedTrees:
    """Newton boosting of depth-limited trees on quantile-binned features (log loss)."""
    x = np.asarray(x, dtype=float)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    edges = [
        np.unique(np.quantile(x[:, f], np.linspace(0, 1, bins + 1)[1:-1]))
        for f in range(x.shape[1])
    ]
    xb = np.stack([np.searchsorted(e, x[:, f], side="right") for f, e in enumerate(edges)], 1)
    prior = float(np.clip(np.average(y, weights=w), 1e-6, 1 - 1e-6))
    base = float(np.log(prior / (1 - prior)))
    score = np.full(len(y), base)
    n_nodes = 2 ** (depth + 1) - 1
    shape = (trees, n_nodes)
    feat, split = np.full(shape, -1), np.zeros(shape)
    left, right, value = np.zeros(shape, int), np.zeros(shape, int), np.zeros(shape)
    for t in range(trees):
        p = 1 / (1 + np.exp(-score))
        g, h = w * (p - y), w * p * (1 - p)
        nodes = [(0, np.arange(len(y)), 0)]
        next_id = 1
        while nodes:
            nid, idx, d = nodes.pop()
            value[t, nid] = -g[idx].sum() / (h[idx].sum() + l2)
            best = _best_split(xb[idx], g[idx], h[idx], bins, min_leaf, l2) if d < depth else None
            if best is None:
                continue
            f, b = best
            mask = xb[idx, f] <= b
            feat[t, nid], split[t, nid] = f, edges[f][b]
            left[t, nid], right[t, nid] = next_id, next_id + 1
            nodes += [(next_id, idx[mask], d + 1), (next_id + 1, idx[~mask], d + 1)]
            next_id += 2
        model_t = BoostedTrees(
            features,
            0.0,
            1.0,
            feat[t : t + 1],
            split[t : t + 1],
            left[t : t + 1],
            right[t : t + 1],
            value[t : t + 1],
        )
        p_t = model_t.proba(x)
        score += rate * np.log(p_t / (1 - p_t))
    model = BoostedTrees(features, base, rate, feat, split, left, right, value)
    tx, ty = threshold_on if threshold_on is not None else (x, y)
    model.threshold = best_threshold(model.proba(tx), ty)
    return model


def _best_split(
    xb: np.ndarray, g: np.ndarray, h: np.ndarray, bins: int, min_leaf: int, l2: float
) -> tuple[int, int] | None:
    if len(g) < 2 * min_leaf:
        return None
    gt, ht = g.sum(), h.sum()
    parent = gt * gt / (ht + l2)
    best, best_gain = None, 1e-6
    counts_all = len(g)
    for f in range(xb.shape[1]):
        col = xb[:, f]
        gl = np.cumsum(np.bincount(col, weights=g, minlength=bins))[:-1]
        hl = np.cumsum(np.bincount(col, weights=h, minlength=bins))[:-1]
        nl = np.cumsum(np.bincount(col, minlength=bins))[:-1]
        ok = (nl >= min_leaf) & (counts_all - nl >= min_leaf)
        if not ok.any():
            continue
        gain = gl**2 / (hl + l2) + (gt - gl) ** 2 / (ht - hl + l2) - parent
        gain = np.where(ok, gain, -np.inf)
        b = int(np.argmax(gain))
        if gain[b] > best_gain:
            best, best_gain = (f, b), float(gain[b])
    return best


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The probability cut that maximises accuracy on (p, y)."""
    cuts = np.unique(np.round(p, 3))
    accs = [((p >= c) == y).mean() for c in cuts]
    return float(cuts[int(np.argmax(accs))]) if len(cuts) else 0.5
