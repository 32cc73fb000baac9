"""Split a passage into plain and changed pieces, from its edits, for the text and HTML views.

Each view marks the words an edit touched on its own side: source words that were replaced,
deleted or moved; suspicious words that replaced, were inserted or moved.
"""

from __future__ import annotations

from dataclasses import dataclass

from unspin.align.result import KINDS, Comparison, Edit, Passage
from unspin.document import Document

#: Which side an edit op marks: a delete has nothing in the suspicious text, an insert nothing in
#: the source.
_OP_SIDES = {
    "replace": ("source", "suspicious"),
    "delete": ("source",),
    "insert": ("suspicious",),
    "move": ("source", "suspicious"),
}


@dataclass(frozen=True)
class Piece:
    """A run of a document's text: ``op`` is None for unchanged text, else the edit op."""

    start: int
    end: int
    op: str | None


def edit_span(edit: Edit, side: str) -> tuple[int, int]:
    if side == "source":
        return edit.source_offset, edit.source_offset + edit.source_length
    return edit.suspicious_offset, edit.suspicious_offset + edit.suspicious_length


def passage_span(passage: Passage, side: str) -> tuple[int, int]:
    if side == "source":
        return passage.source_offset, passage.source_end
    return passage.suspicious_offset, passage.suspicious_end


def side_edits(edits: list[Edit], side: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, op)`` of the edits shown on ``side``, within [lo, hi)."""
    spans = []
    for e in edits:
        if side not in _OP_SIDES.get(e.op, ("source", "suspicious")):
            continue
        a, b = edit_span(e, side)
        a, b = max(a, lo), min(b, hi)
        if b > a:
            spans.append((a, b, e.op))
    spans.sort()
    out: list[tuple[int, int, str]] = []
    for a, b, op in spans:
        if out and a < out[-1][1]:
            a = out[-1][1]  # overlapping edits: the first one wins the shared characters
            if b <= a:
                continue
        out.append((a, b, op))
    return out


def pieces(doc: Document, passage: Passage, side: str) -> list[Piece]:
    """The passage's text on ``side`` cut into unchanged and changed pieces, in order."""
    lo, hi = passage_span(passage, side)
    lo, hi = max(0, lo), min(len(doc.text), hi)
    out: list[Piece] = []
    cursor = lo
    for a, b, op in side_edits(passage.edits, side, lo, hi):
        if a > cursor:
            out.append(Piece(cursor, a, None))
        out.append(Piece(a, b, op))
        cursor = b
    if cursor < hi:
        out.append(Piece(cursor, hi, None))
    return out


def kind_counts(c: Comparison) -> str:
    """``2 verbatim, 5 edited`` in the order of KINDS, then any other kind."""
    counts: dict[str, int] = {}
    for p in c.passages:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    order = [k for k in KINDS if k in counts] + sorted(k for k in counts if k not in KINDS)
    return ", ".join(f"{counts[k]} {k}" for k in order)
