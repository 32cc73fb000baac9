"""Clean prose (an article or a book saved as text) is recognised first and kept whole."""

from __future__ import annotations

import math
from collections.abc import Sequence

from unspin.document import Span
from unspin.extractors.flat.features import F, unit_features
from unspin.extractors.flat.units import units


def has_lines(text: str) -> bool:
    """True for text laid out in lines or paragraphs, i.e. not a page flattened to one line.

    A flattened page has no line breaks (at most a handful); an article or book saved as text
    has one every few hundred characters. Such text is the document itself: kept whole.
    """
    n = text.count("\n", 0, len(text.rstrip()))
    return n >= 3 and n * 1000 >= len(text)


#: Texts longer than this are tested for clean prose on samples of this size.
PROSE_SAMPLE = 200_000


def looks_like_clean_prose(text: str) -> bool:
    """True for a text that is already an article or a book: nearly all of it is sentences.

    Prose is made of sentences that end in punctuation and are full of function words; a
    flattened page mixes those with long menu and link runs. Long texts are judged on samples
    from the start, middle and end, so a book costs no more than a page.
    """
    if len(text) > 3 * PROSE_SAMPLE:
        mid = len(text) // 2 - PROSE_SAMPLE // 2
        cuts = [(0, PROSE_SAMPLE), (mid, mid + PROSE_SAMPLE), (len(text) - PROSE_SAMPLE, len(text))]
        samples = (text[a:b] for a, b in cuts)
        return all(_is_prose(sample, units(sample)) for sample in samples)
    return _is_prose(text, units(text))


def _is_prose(text: str, spans: Sequence[Span], rows: list[list[float]] | None = None) -> bool:
    """At most 12% of the characters outside function-word-rich, punctuated sentences."""
    if not spans:
        return True
    if rows is None:
        rows = unit_features(text, spans)
    total = sum(b - a for a, b in spans)
    bad = 0
    for (a, b), row in zip(spans, rows, strict=True):
        prose = (
            row[F["terminal"]] == 1.0
            and row[F["stop_ratio"]] >= 0.2
            and row[F["log_words"]] >= math.log1p(4)
            and row[F["furniture"]] == 0
        )
        if not prose:
            bad += b - a
    return bad / max(1, total) < 0.12
