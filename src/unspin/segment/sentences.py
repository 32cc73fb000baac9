"""Sentence segmentation with offsets, for clean prose and for one-line page dumps.

Returns spans into the original text, never rewritten strings. Handles abbreviations
("Jan. 18", "Dr. Smith", "U.S."), decimals ("1.8 kg"), quotes after the full stop
("...meters),\" NASA said."), and the bullets and separators that flattened pages use
instead of line breaks ("* Space Exploration * The Universe").
"""

from __future__ import annotations

import re

from unspin.document import Span

ABBREVIATIONS = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres rev hon
    no nos vol vols fig figs ch chap sec pp p ed eds est approx dept univ inc ltd co corp bros
    vs etc al cf ca viz e.g i.e u.s u.k u.n a.m p.m ph.d""".split()
)

# A full stop, question or exclamation mark (with closing quotes/brackets), then space.
# The lookbehind makes a run of dots one candidate, not one per dot (no quadratic rescans).
_END = re.compile(r"""(?<![.!?…])[.!?…]+["'”’)\]]*(?=\s)""")
# Hard boundaries in flattened pages and plain text: blank lines, bullets, pipes, dash runs.
_HARD = re.compile(r"\n\s*\n|\s[*+•|·»]\s|\s--+\s|\s[–—]\s(?=[A-Z*])|\s#{1,6}\s")
_NEXT_START = re.compile(r"""\s+["'“‘(\[]*[A-Z0-9À-Ý]""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")

#: Segments longer than this many characters are cut at the nearest comma or space.
MAX_SENTENCE = 600


def split_sentences(text: str, spans: list[Span] | None = None) -> list[Span]:
    """Sentence spans of ``text`` (within ``spans`` if given), whitespace-trimmed, never empty."""
    out: list[Span] = []
    for a, b in spans if spans is not None else [(0, len(text))]:
        for ha, hb in _hard_blocks(text, a, b):
            for sa, sb in _sentences_in(text, ha, hb):
                out.extend(_cap_length(text, sa, sb))
    return out


def _hard_blocks(text: str, a: int, b: int) -> list[Span]:
    blocks, pos = [], a
    for m in _HARD.finditer(text, a, b):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, b))
    return [s for s in (trim_span(text, x, y) for x, y in blocks) if s]


def _sentences_in(text: str, a: int, b: int) -> list[Span]:
    out, start = [], a
    for m in _END.finditer(text, a, b):
        end = m.end()
        nxt = _NEXT_START.match(text, end, b)
        if not nxt:
            continue
        if (
            text[m.start()] == "."
            and m.end() - m.start() == 1
            and _is_abbreviation(text, m.start())
        ):
            continue
        span = trim_span(text, start, end)
        if span:
            out.append(span)
        start = end
    span = trim_span(text, start, b)
    if span:
        out.append(span)
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    w = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not w:
        return False
    word = w.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    # Initials ("J. R. R. Tolkien", "U.S.") but not a sentence ending in a capitalised word.
    return len(word) == 1 and word.isalpha() and text[dot - 1].isupper()


def _cap_length(text: str, a: int, b: int) -> list[Span]:
    out = []
    while b - a > MAX_SENTENCE:
        cut = max(text.rfind(", ", a, a + MAX_SENTENCE), text.rfind("; ", a, a + MAX_SENTENCE))
        if cut <= a + MAX_SENTENCE // 3:
            cut = text.rfind(" ", a, a + MAX_SENTENCE)
        if cut <= a:
            cut = a + MAX_SENTENCE
        else:
            cut += 1
        span = trim_span(text, a, cut)
        if span:
            out.append(span)
        a = cut
    span = trim_span(text, a, b)
    if span:
        out.append(span)
    return out


def trim_span(text: str, a: int, b: int) -> Span | None:
    """``(a, b)`` without its leading and trailing whitespace; None if nothing is left."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None
