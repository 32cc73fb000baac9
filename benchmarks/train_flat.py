"""Fit the flat-page extractor's two logistic passes on dev sets (``extract_sets.py --train``).

Labels: a unit is article when most of its shingles occur in the page's gold text. Units weigh
by their length (the measure counts shingles), every page weighs the same within its set, and
every set weighs the same (so 691 Dragnet pages do not decide alone what "article" means).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from unspin.extractors import flat as F
from unspin.extractors.flat import scorer

_TOKEN = re.compile(r"\w+")
#: 1: every set weighs the same; 0: every page does; between: large sets count, not fully.
SET_BALANCE = 1.0


def labels(text: str, spans, body: str) -> list[int]:
    gold = _TOKEN.findall(body)
    grams = {n: {tuple(gold[i : i + n]) for i in range(len(gold) - n + 1)} for n in (1, 2, 3, 4)}
    out = []
    for a, b in spans:
        toks = _TOKEN.findall(text[a:b])
        if not toks:
            out.append(0)
            continue
        n = min(4, len(toks))
        sh = [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]
        out.append(int(sum(s in grams[n] for s in sh) / len(sh) > 0.5))
    return out


def page_data(text: str, body: str):
    us = F.units(text)
    if not us:
        return None
    x = np.array(F.unit_features(text, us))
    y = np.array(labels(text, us, body))
    lengths = np.array([b - a for a, b in us], dtype=float)
    return x, y, lengths


def set_data(name: str, load_set: Callable) -> list:
    folder, truth = load_set(name)
    pages = []
    for k, body in truth.items():
        path = folder / "flat" / f"{k}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if not body.strip() or not text.strip():
            continue
        d = page_data(text, body)
        if d is not None:
            pages.append(d)
    return pages


def _fit(x, y, w, l2=1e-2):
    """Weighted, L2-regularised logistic regression on standardised features (L-BFGS)."""
    from scipy.optimize import minimize

    m, s = x.mean(0), x.std(0)
    s[s == 0] = 1
    m[0], s[0] = 0, 1
    z = (x - m) / s
    w = w / w.mean()
    n = len(y)

    def loss(beta):
        t = z @ beta
        p = 1 / (1 + np.exp(-np.clip(t, -30, 30)))
        ll = np.logaddexp(0, t) - y * t
        reg = 0.5 * l2 * (beta[1:] @ beta[1:])
        grad = z.T @ ((p - y) * w) / n + l2 * np.r_[0, beta[1:]]
        return float((ll * w).sum() / n + reg), grad

    beta = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
    b = beta / s
    b[0] = beta[0] - (beta[1:] * m[1:] / s[1:]).sum()
    return b


def fit_weights(sets: list[list]) -> scorer.Weights:
    """Both passes, on the pages of every set given (each set weighing the same)."""
    xs, ys, ws = [], [], []
    for pages in sets:
        for x, y, lengths in pages:
            xs.append(x)
            ys.append(y)
            # length-weighted units, each page summing to 1, each set summing to 1
            ws.append(lengths / lengths.sum() / len(pages) ** SET_BALANCE)
    w = np.concatenate(ws)
    y = np.concatenate(ys)
    w1 = _fit(np.vstack(xs), y, w)
    ctx = []
    for pages in sets:
        for x, _, lengths in pages:
            z1 = list(
                x @ w1 + scorer.DEFAULT.site_repeat * x[:, F.FEATURES.index("repeat_in_site")]
            )
            ctx.append(np.array(F.context_rows(z1, list(lengths), F.walls(x, z1))))
    w2 = _fit(np.vstack(ctx), y, w)
    return scorer.Weights(
        tuple(float(v) for v in w1),
        tuple(float(v) for v in w2),
        scorer.DEFAULT.threshold,
        scorer.DEFAULT.site_repeat,
    )


def leave_one_set_out(names: list[str], load_set: Callable, flat_scores: Callable) -> None:
    """For each set: weights fitted on the others (held out) and on all (trained), both scored
    with the real extractor on that set."""
    data = {n: set_data(n, load_set) for n in names}
    trained = fit_weights([data[n] for n in names])
    print("| set | F1 held out (fit on the other sets) | F1 trained (fit on all) | gap |")
    print("|---|---|---|---|")
    for n in names:
        held = fit_weights([data[m] for m in names if m != n])
        f_held = flat_scores(n, weights=held)[2]
        f_all = flat_scores(n, weights=trained)[2]
        print(f"| {n} | {f_held:.3f} | {f_all:.3f} | {f_all - f_held:+.3f} |", flush=True)


def train_and_save(names: list[str], load_set: Callable, save: bool) -> scorer.Weights:
    weights = fit_weights([set_data(n, load_set) for n in names])
    data = json.loads(scorer.WEIGHTS_FILE.read_text(encoding="utf-8"))
    data.update(weights.to_dict())
    data["trained_on"] = names
    out = json.dumps(data, indent=1) + "\n"
    if save:
        Path(scorer.WEIGHTS_FILE).write_text(out, encoding="utf-8")
        print(f"weights written to {scorer.WEIGHTS_FILE}")
    else:
        print(out)
    return weights
