"""From scores to spans: the article block, its edges trimmed, link lists and repeats dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from unspin.document import Span
from unspin.extractors.flat.scorer import GAP_WEIGHT, THRESHOLD, _best_block
from unspin.extractors.flat.units import _is_listish_start, _marker_at
from unspin.extractors.flat.vocabulary import (
    _ALPHA_START,
    _BYLINE,
    _DATELINE,
    _DENSE,
    _STRONG,
    _TERMINAL,
)
from unspin.segment.sentences import ABBREVIATIONS

#: Units shorter than this many words are trimmed from the edges of the article block...
TRIM_WORDS = 5
#: ...and so are edge units whose own score is below this.
EDGE_MIN = 0.0
#: Units of at least this many letters and digits are kept once only (teasers repeat the
#: article's sentences).
DEDUP_CHARS = 25


def word_count(s: str) -> int:
    """Words of a unit; in scripts written without spaces, two characters make about a word."""
    dense = len(_DENSE.findall(s))
    if not dense:
        return len(s.split())
    return len([w for w in s.split() if not _DENSE.search(w)]) + dense // 2


def select_units(
    text: str,
    spans: Sequence[Span],
    z: Sequence[float],
    walls: Sequence[bool] | None = None,
    own: Sequence[float] | None = None,
    threshold: float = THRESHOLD,
) -> list[Span]:
    """Units of the article: above threshold, inside the densest block, each text only once.

    Pages often repeat the article's sentences in teasers and "previously in this series"
    lists; a sentence kept once is enough (and the copy is furniture).
    """
    lengths = [b - a for a, b in spans]
    b0, b1 = _best_block(z, lengths, GAP_WEIGHT, walls)
    # The block's edges: menu items, disclosures and bylines just before the article, link
    # stubs and calls to action just after it (short, or poor on their own).
    own = own if own is not None else z

    def weak(i: int) -> bool:
        a, b = spans[i]
        return (
            own[i] < EDGE_MIN
            or word_count(text[a:b]) < TRIM_WORDS
            or _STRONG.search(text, a, b) is not None
            or _DATELINE.search(text, a, b) is not None
            or (_BYLINE.search(text, a, b) is not None and not _TERMINAL.search(text[a:b]))
        )

    while b0 < b1 and weak(b0):
        b0 += 1
    while b1 > b0 and weak(b1 - 1):
        b1 -= 1
    seen: set[str] = set()
    keep = []
    in_list = False
    for i in range(b0, b1):
        a, b = spans[i]
        s = text[a:b]
        if _marker_at(s):
            in_list = True  # "Related: ..." and the link list it opens
            continue
        if in_list:
            if _TERMINAL.search(s) and word_count(s) >= 6 and not _is_listish_start(text, a):
                in_list = False
            else:
                continue
        if z[i] <= threshold or not _has_letters(s) or _alt_text(text, a):
            continue
        key = _ALNUM_ONLY.sub("", s.lower())  # "layoffs ." and "layoffs." are one sentence
        if len(key) >= DEDUP_CHARS:
            if key in seen:
                continue
            seen.add(key)
        keep.append((a, b))
    return keep


_ALNUM_ONLY = re.compile(r"\W+")
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.DOTALL)


def _has_letters(s: str) -> bool:
    return _TWO_LETTERS.search(s) is not None


def _alt_text(text: str, a: int) -> bool:
    """A unit starting lower-case right after a sentence end: an image description."""
    m = _ALPHA_START.match(text[a : a + 8])
    if not m or not m.group(1).islower():
        return False
    before = text[max(0, a - 40) : a].rstrip()
    if not before.endswith((".", "!", "?", '"', "”", ")")):
        return False
    # "1 tsp. olive oil", "8 oz. water": a short word before the dot is an abbreviation
    last = re.search(r"([^\W\d_]+)\W*$", before)
    return bool(last) and len(last.group(1)) >= 4 and last.group(1).lower() not in ABBREVIATIONS


def merge_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """Join spans separated only by whitespace, so kept neighbours form one span."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
