"""Units of a flattened page: sentences, cut further at "Related:"-style markers, headline runs,
datelines and glued-on image alt text. Every unit is a span of the original text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from unspin.caches import memo
from unspin.document import Span
from unspin.extractors.flat.vocabulary import (
    _CJK_END,
    _DATELINE,
    _DENSE,
    _HEADLINE_GAP,
    _LOWER_AFTER_END,
    _MARKER,
    _PUNCT_RUN,
    _TERMINAL,
    STOP_WORDS,
)
from unspin.segment.sentences import ABBREVIATIONS, split_sentences, trim_span


def units(text: str, spans: Sequence[Span] | None = None) -> list[Span]:
    """Sentence spans cut further at "Related:"-style markers and at headline runs after them.

    Pages are segmented once per batch: the cross-page repeat pass and the scorer share the
    result (memoised for pages under 200 KB, at most 64 of them: see unspin.caches).
    """
    if spans is not None or len(text) >= 200_000:
        return _units(text, spans)
    cache = memo("flat.units", 64)
    got = cache.get(text)
    if got is None:
        got = cache.put(text, tuple(_units(text, None)))
    return list(got)


def _units(text: str, spans: Sequence[Span] | None) -> list[Span]:
    cuts = _cut_points(text)
    out: list[Span] = []
    # Runs of sentence-end marks ("........") make sentence splitting quadratic: blank them
    # (same length, so every offset still points into the original text).
    seg_text = _PUNCT_RUN.sub(lambda m: " " * len(m.group()), text)
    for a, b in split_sentences(seg_text, list(spans) if spans is not None else None):
        inner = cuts[bisect_right(cuts, a) : bisect_left(cuts, b)]
        bounds = [a, *inner, b]
        for x, y in zip(bounds, bounds[1:], strict=False):
            piece = trim_span(text, x, y)
            if piece:
                out.extend(_cut_headline(text, *piece))
    return out


_MENU_BEFORE_DENSE = re.compile(
    r"(?<!\S)(?:[^\s。！？]{1,6}\s+){4,}(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{12})"
)


def _cut_points(text: str) -> list[int]:
    """Where units are cut inside sentences, found in one pass over the whole text each.

    At "Related:"-style markers; after a sentence end followed by a lower-case word (an
    image's alt text glued to the sentence before: "...on Friday. aerial view of..."); after
    CJK sentence ends; after datelines ("published 20 January 2024").
    """
    low = text.lower()
    marker = _lower_case(_MARKER)
    if len(low) != len(text):
        low, marker = text, _MARKER
    cuts = {m.start() for m in marker.finditer(low)}
    for m in _LOWER_AFTER_END.finditer(text):
        if not _abbreviation_before(text, m.start()):
            cuts.add(m.end())
    cuts.update(m.end() for m in _CJK_END.finditer(text))
    if _DENSE.search(text):
        # A run of menu items (short words between spaces) glued to a Chinese or Japanese
        # sentence: no capital letters mark the headline run there, so cut at the sentence.
        cuts.update(m.end() for m in _MENU_BEFORE_DENSE.finditer(text))
    cuts.update(m.end() for m in _DATELINE.finditer(text))
    return sorted(cuts)


def _marker_at(s: str) -> re.Match | None:
    """The "Related:"-style marker a unit starts with, if any."""
    return _MARKER.match(s)


def _abbreviation_before(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    w = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    if not w:
        return False
    word = w.group(1).lower().strip(".")
    return word in ABBREVIATIONS or len(word) <= 1 or "." in word


def _cut_headline(text: str, a: int, b: int) -> list[Span]:
    """Split "Related: Some headline here Next real sentence ... ." at the headline's end.

    A headline has no full stop; the article sentence after it starts with a capital right
    after a lower-case word that is not a function word ("silence Ingenuity and ...").
    Only units that start with a marker or follow a list bullet are cut.
    """
    seg = text[a:b]
    if not (_marker_at(seg) or _is_listish_start(text, a)):
        return [(a, b)]
    if not _TERMINAL.search(seg):
        return [(a, b)]
    start = a
    m0 = _marker_at(seg)
    if m0:
        start = a + m0.end()
    for m in _HEADLINE_GAP.finditer(text, start, b):
        head = text[start : m.start()]
        words = head.split()
        if len(words) < 4:
            continue
        prev = words[-1].lower().strip("'’")
        if prev in STOP_WORDS or not prev[-1:].isalnum() and prev[-1:] not in ")'’":
            continue
        rest_words = text[m.end() : b].split()
        if len(rest_words) < 6:
            break
        first = trim_span(text, a, m.start())
        second = trim_span(text, m.end(), b)
        return [s for s in (first, second) if s]
    return [(a, b)]


def _is_listish_start(text: str, a: int) -> bool:
    before = text[max(0, a - 4) : a]
    return before.rstrip().endswith(("--", "*", "•", "|", "»"))


_LC_CACHE: dict[re.Pattern, re.Pattern] = {}


def _lower_case(pat: re.Pattern) -> re.Pattern:
    """The pattern without IGNORECASE, for text already lower-cased (several times faster)."""
    if pat not in _LC_CACHE:
        _LC_CACHE[pat] = re.compile(pat.pattern, pat.flags & ~re.IGNORECASE)
    return _LC_CACHE[pat]


def _norm(s: str) -> str:
    return " ".join(s.lower().split())
