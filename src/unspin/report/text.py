"""The terminal report: what a person reads after ``unspin compare``.

A header (the two documents, how much of each is covered, how many passages), then each passage
with its kind, similarity and offsets, the source and suspicious text stacked (side by side on a
wide terminal), changed words marked wdiff-style: ``[-source words-]`` and ``{+suspicious words+}``
(``[~moved words~]``), or coloured instead when writing to a terminal.
Document text is hostile input: control characters are replaced before anything is printed.
"""

from __future__ import annotations

import re
import shutil
import textwrap
import unicodedata

from unspin.align.result import Comparison, Passage
from unspin.document import Document
from unspin.report.marks import kind_counts, pieces
from unspin.report.sanitize import for_terminal

#: At least this many columns to put source and suspicious side by side.
SIDE_BY_SIDE_MIN = 120
_GUTTER = " │ "
_INDENT = "    "

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
# (bracket open, bracket close, colour) per (side, op)
_STYLES = {
    ("source", "replace"): ("[-", "-]", "\x1b[1;31m"),
    ("source", "delete"): ("[-", "-]", "\x1b[1;31m"),
    ("suspicious", "replace"): ("{+", "+}", "\x1b[1;32m"),
    ("suspicious", "insert"): ("{+", "+}", "\x1b[1;32m"),
    ("source", "move"): ("[~", "~]", "\x1b[1;33m"),
    ("suspicious", "move"): ("[~", "~]", "\x1b[1;33m"),
}
_DEFAULT_STYLE = ("[*", "*]", "\x1b[1;35m")
_KIND_COLOUR = {"verbatim": "\x1b[31m", "edited": "\x1b[33m", "paraphrase": "\x1b[36m"}


def render_text(comparison: Comparison, *, color: bool = False, width: int | None = None) -> str:
    """The whole report as one string (ANSI colour only when ``color``)."""
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    width = max(40, width)
    out = _header(comparison, color, width)
    passages = sorted(comparison.passages, key=lambda p: (p.suspicious_offset, p.source_offset))
    for i, passage in enumerate(passages, 1):
        out.append("")
        if passage.kind == "translation":  # across languages: matched sentences, no edits
            from unspin.report.across import text_passage

            paint = lambda text, code: _style(text, code, color)  # noqa: E731
            out.extend(text_passage(comparison, passage, i, width, clean, paint))
            continue
        out.extend(_passage(comparison, passage, i, color, width))
    return "\n".join(out) + "\n"


def clean(text: str) -> str:
    """Text safe to print: control and bidi-override characters become U+FFFD."""
    return for_terminal(text)


def _header(c: Comparison, color: bool, width: int) -> list[str]:
    cov = c.coverage
    n = len(c.passages)
    title = f"unspin: {n} reused passage{'s' if n != 1 else ''} found ({kind_counts(c)})"
    if not n:
        title = "unspin: no reused passage found"
    lines = [_style(title, _BOLD, color)]
    rows = [
        ("suspicious", c.suspicious, cov["suspicious"], "traced to the source"),
        ("source", c.source, cov["source"], "reused"),
    ]
    for label, doc, share, verb in rows:
        name = clean(doc.name)
        detail = f"{len(doc.text):,} chars, {share:.1%} {verb}{_analysed_note(doc)}"
        lines.extend(
            textwrap.wrap(
                f"{label:<11}{name}  ({detail})",
                width=width,
                subsequent_indent=" " * 11,
                break_on_hyphens=False,
            )
        )
    if c.model:
        lines.append(f"{'model':<11}{clean(c.model)}")
    if c.languages:
        from unspin.report.across import languages_line

        lines.append(f"{'languages':<11}{clean(languages_line(c))}")
    if n:
        origin = c.origin
        why = "; ".join(clean(e["detail"]) for e in origin["evidence"]) or "no evidence"
        lines.extend(
            textwrap.wrap(
                f"{'original':<11}{origin['original']} ({why})",
                width=width,
                subsequent_indent=" " * 11,
            )
        )
    if any(p.kind != "translation" for p in c.passages):  # word marks: within a language
        if color:
            legend = " ".join(
                _paint(t, side, op)
                for t, side, op in [
                    ("source words", "source", "replace"),
                    ("suspicious words", "suspicious", "insert"),
                    ("moved words", "source", "move"),
                ]
            )
        else:
            legend = "[-source words-] {+suspicious words+} [~moved words~]"
        lines.append("marks: " + legend)
    return lines


def _analysed_note(doc: Document) -> str:
    if doc.main is None:
        return ""
    kept = sum(max(0, b - a) for a, b in doc.main)
    return f"; main text {kept:,} chars analysed"


def _passage(c: Comparison, p: Passage, number: int, color: bool, width: int) -> list[str]:
    kind = _style(clean(p.kind), _KIND_COLOUR.get(p.kind, ""), color)
    susp_loc = f"suspicious {p.suspicious_offset}–{p.suspicious_end} ({p.suspicious_length} chars)"
    src_loc = f"source {p.source_offset}–{p.source_end} ({p.source_length} chars)"
    lines = [f"{_style(f'#{number}', _BOLD, color)}  {kind}  similarity {p.similarity:.2f}"]
    src_words = _words(c.source, p, "source")
    susp_words = _words(c.suspicious, p, "suspicious")
    if width >= SIDE_BY_SIDE_MIN:
        col = (width - len(_INDENT) - len(_GUTTER)) // 2
        left = [(_style(src_loc, _DIM, color), len(src_loc))] + _wrap(src_words, col, color)
        right = [(_style(susp_loc, _DIM, color), len(susp_loc))] + _wrap(susp_words, col, color)
        for k in range(max(len(left), len(right))):
            ltxt, lw = left[k] if k < len(left) else ("", 0)
            rtxt, _ = right[k] if k < len(right) else ("", 0)
            lines.append((_INDENT + ltxt + " " * (col - lw) + _GUTTER + rtxt).rstrip())
        return lines
    inner = width - len(_INDENT)
    lines.append(_INDENT[:2] + _style(src_loc, _DIM, color))
    lines.extend((_INDENT + t).rstrip() for t, _ in _wrap(src_words, inner, color))
    lines.append(_INDENT[:2] + _style(susp_loc, _DIM, color))
    lines.extend((_INDENT + t).rstrip() for t, _ in _wrap(susp_words, inner, color))
    return lines


# A word is a list of chunks: (text, style key or None, opens a mark, closes a mark).
Chunk = tuple[str, "tuple[str, str] | None", bool, bool]


def _words(doc: Document, passage: Passage, side: str) -> list[list[Chunk]]:
    """The passage text on ``side`` as words, each word a list of (maybe marked) chunks."""
    words: list[list[Chunk]] = []
    current: list[Chunk] = []
    for piece in pieces(doc, passage, side):
        text = clean(doc.text[piece.start : piece.end])
        key = (side, piece.op) if piece.op else None
        parts = [t for t in re.split(r"(\s+)", text) if t]
        body = [i for i, t in enumerate(parts) if not t.isspace()]
        for i, part in enumerate(parts):
            if part.isspace():
                if current:
                    words.append(current)
                    current = []
                continue
            opens = key is not None and i == body[0]
            closes = key is not None and i == body[-1]
            current.append((part, key, opens, closes))
    if current:
        words.append(current)
    return words


def _wrap(words: list[list[Chunk]], width: int, color: bool) -> list[tuple[str, int]]:
    """Greedy word wrap by visible width; returns ``(display text, visible width)`` lines."""
    lines: list[tuple[str, int]] = []
    line: list[str] = []
    used = 0
    for word in words:
        for text, w in _split_long(word, width, color):
            if line and used + 1 + w > width:
                lines.append(("".join(line), used))
                line, used = [], 0
            if line:
                line.append(" ")
                used += 1
            line.append(text)
            used += w
    if line:
        lines.append(("".join(line), used))
    return lines or [("", 0)]


def _split_long(word: list[Chunk], width: int, color: bool) -> list[tuple[str, int]]:
    """Render one word; a word wider than the column is cut into column-wide pieces."""
    rendered = [_chunk(ch, color) for ch in word]
    total = sum(w for _, w in rendered)
    if total <= width:
        return [("".join(t for t, _ in rendered), total)]
    # Rare (URLs, tokens without spaces): cut the plain characters, drop the marks' brackets.
    out: list[tuple[str, int]] = []
    buf: list[str] = []
    used = 0
    for text, key, _o, _c in word:
        for ch in text:
            w = _char_width(ch)
            if used + w > width and buf:
                out.append(("".join(buf), used))
                buf, used = [], 0
            buf.append(_paint(ch, *key) if (color and key) else ch)
            used += w
    if buf:
        out.append(("".join(buf), used))
    return out


def _chunk(chunk: Chunk, color: bool) -> tuple[str, int]:
    text, key, opens, closes = chunk
    w = _text_width(text)
    if key is None:
        return text, w
    if color:
        return _paint(text, *key), w
    left, right, _ = _STYLES.get(key, _DEFAULT_STYLE)
    left = left if opens else ""
    right = right if closes else ""
    return left + text + right, w + len(left) + len(right)


def _paint(text: str, side: str, op: str) -> str:
    return _STYLES.get((side, op), _DEFAULT_STYLE)[2] + text + _RESET


def _style(text: str, code: str, color: bool) -> str:
    return code + text + _RESET if color and code else text


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)
