"""Verbatim runs: maximal stretches of shared words, found by hashing word n-grams.

Sentence seeds miss copies whose borders fall mid-sentence or in text with no sentence shape
(tables, listings, one-line page dumps). Shared word n-grams on one diagonal find those exactly,
in linear time, like the verbatim detectors of the PAN systems.
"""

from __future__ import annotations

from dataclasses import dataclass

from unspin.represent.lexical import Token


@dataclass(frozen=True)
class Run:
    """Token index ranges [src0, src1) and [susp0, susp1) holding the same words."""

    src0: int
    src1: int
    susp0: int
    susp1: int

    @property
    def words(self) -> int:
        return self.susp1 - self.susp0


def verbatim_runs(
    src: list[Token],
    susp: list[Token],
    n: int = 5,
    min_words: int = 10,
    max_gap: int = 8,
    max_df: int = 8,
) -> list[Run]:
    """Runs of at least ``min_words`` words shared in order (gaps of ``max_gap`` words bridged)."""
    if len(src) < n or len(susp) < n:
        return []
    a = [t.lower for t in src]
    b = [t.lower for t in susp]
    where: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(a) - n + 1):
        where.setdefault(tuple(a[i : i + n]), []).append(i)
    hits: list[tuple[int, int]] = []  # (src i, susp j)
    for j in range(len(b) - n + 1):
        pos = where.get(tuple(b[j : j + n]))
        if pos:
            # Text repeated in the source (a sentence a page prints many times): its first
            # occurrences stand for the rest, which keeps the work linear and the copy found.
            hits.extend((i, j) for i in pos[:max_df])
    if not hits:
        return []
    # Chain hits along diagonals, then bridge small gaps (an edit, an insertion) between chains.
    hits.sort(key=lambda h: (h[0] - h[1], h[1]))
    chains: list[list[int]] = []
    for i, j in hits:
        c = chains[-1] if chains else None
        if c and i - j == c[0] - c[2] and j <= c[3] + 1:
            c[1], c[3] = i + n, j + n
        else:
            chains.append([i, i + n, j, j + n])
    chains.sort(key=lambda c: (c[2], c[0]))
    merged: list[list[int]] = []
    for c in chains:
        for m in reversed(merged[-8:]):
            if -n < c[2] - m[3] <= max_gap and -n < c[0] - m[1] <= max_gap:
                m[1], m[3] = max(m[1], c[1]), max(m[3], c[3])
                break
        else:
            merged.append(list(c))
    runs = [Run(*m) for m in merged if m[3] - m[2] >= min_words]
    return _drop_nested(runs)


def _drop_nested(runs: list[Run]) -> list[Run]:
    """Runs inside a longer run's suspicious span add nothing."""
    out: list[Run] = []
    for r in sorted(runs, key=lambda r: -r.words):
        if not any(o.susp0 <= r.susp0 and r.susp1 <= o.susp1 for o in out):
            out.append(r)
    return sorted(out, key=lambda r: r.susp0)
