"""Boilerplate removal for pages already flattened to plain text (no tags, no line breaks).

No HTML tool applies here (trafilatura returns nothing for a one-line dump), so this module
segments the text into units (sentences, cut further at bullets, "Related:" markers, headline
runs, datelines and glued-on image alt text), scores each unit from its own shape (length,
final punctuation, stop words, capitalisation, menu-like runs, boilerplate vocabulary,
position) and from its neighbours (two logistic passes, weights in ``_W1``/``_W2``), then keeps
the densest article region: sign-up/legal boxes are walls it cannot cross, and its edges are
trimmed of disclosures, bylines and calls to action. Units that repeat across several pages
of one site are boilerplate (``site_repeats``).

Clean prose (books, plain articles: text laid out in lines, or one-line text made almost only
of sentences) is recognised first and returned whole.
Every result is a list of spans into the original text: the text itself is never rewritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from unspin.document import Span
from unspin.extractors.flat.features import FEATURES, unit_features
from unspin.extractors.flat.prose import PROSE_SAMPLE, _is_prose, has_lines, looks_like_clean_prose
from unspin.extractors.flat.scorer import (
    DEFAULT,
    Weights,
    context_rows,
    first_pass,
    score_rows,
    score_units,
    walls,
)
from unspin.extractors.flat.select import merge_spans, select_units
from unspin.extractors.flat.units import _norm, units
from unspin.segment.sentences import trim_span

__all__ = [
    "FEATURES",
    "Weights",
    "PROSE_SAMPLE",
    "context_rows",
    "extract_flat",
    "first_pass",
    "has_lines",
    "looks_like_clean_prose",
    "merge_spans",
    "score_rows",
    "score_units",
    "select_units",
    "site_repeated_units",
    "unit_features",
    "units",
    "walls",
]


def extract_flat(
    text: str,
    *,
    site_repeats: frozenset[str] | set[str] = frozenset(),
    keep_prose: bool = True,
    weights: Weights = DEFAULT,
) -> list[Span]:
    """Article spans of a flattened page (or the whole text when it is clean prose).

    ``weights``: the scorer's learned weights (default: the packaged ``flat_scorer.json``;
    training scripts pass others explicitly)."""
    whole = trim_span(text, 0, len(text))
    if whole is None:
        return []
    if keep_prose and has_lines(text):
        return [whole]
    big = len(text) > 3 * PROSE_SAMPLE
    if keep_prose and big and not site_repeats and looks_like_clean_prose(text):
        return [whole]  # judged on samples: a long text costs no more than a page
    us = units(text)
    if not us:
        return []
    repeated = bool(site_repeats) and any(_norm(text[a:b]) in site_repeats for a, b in us)
    if keep_prose and big and not repeated and site_repeats and looks_like_clean_prose(text):
        return [whole]
    rows = unit_features(text, us, site_repeats)
    if keep_prose and not repeated and len(text) <= 3 * PROSE_SAMPLE and _is_prose(text, us, rows):
        return [whole]
    z1 = first_pass(rows, weights)
    wall = walls(rows, z1)
    z = score_rows(rows, [b - a for a, b in us], wall, weights)
    return merge_spans(text, select_units(text, us, z, wall, z1, weights.threshold))


def site_repeated_units(texts: Sequence[str], min_pages: int = 2) -> set[str]:
    """Normalised units found in at least ``min_pages`` different pages of the same site.

    Pages that are copies of each other (more than half their units shared) do not count
    against each other: an article repeated verbatim is not boilerplate.
    """
    per_page = [{_norm(text[a:b]) for a, b in units(text)} for text in texts]
    per_page = [{k for k in keys if len(k) >= 12} for keys in per_page]
    seen: Counter[str] = Counter()
    for i, keys in enumerate(per_page):
        twins = [
            j
            for j, other in enumerate(per_page)
            if j != i and len(keys & other) > 0.5 * min(len(keys), len(other))
        ]
        if twins and all(j < i for j in twins):
            continue  # count a set of near-copies once
        seen.update(keys)
    return {k for k, c in seen.items() if c >= min_pages}
