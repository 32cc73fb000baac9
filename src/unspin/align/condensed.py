"""Condensed reuse: runs of suspicious sentences whose content words all come from the source.

A summary (or a heavy spin) fuses and cuts sentences, so no sentence pair is alike enough for
the pair judge, yet nearly every content word of each summary sentence is in the source, while
independent text shares a third of its words at most (PAN 2013 training, tune half: median
containment .92 inside summaries, .15 outside; a sentence is at or above .6 in 83% of summary
sentences and 0.6–1.2% of others). A run of such sentences is one passage of kind "summary"
whose source side spans the sentences it drew from: one short passage covering a long source
span, as the best PAN systems' summary mode does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from unspin.align.result import Passage
from unspin.align.sentences import Sentences


@dataclass(frozen=True)
class CondensedConfig:
    containment: float = 0.6  # share of a sentence's content stems found in the source
    min_stems: int = 5  # content stems a sentence needs to be judged at all
    min_sentences: int = 3  # sentences in a run
    min_shared: int = 15  # distinct content stems the run shares with the source
    gap: int = 1  # sentences below the bar a run may bridge (never at its ends)
    window: int = 12  # source sentences a summary sentence may draw on


def condensed_passages(
    src: Sentences,
    susp: Sentences,
    found: list[Passage],
    cfg: CondensedConfig | None = None,
) -> list[Passage]:
    """``found`` plus runs of condensed reuse, mostly of sentences it does not explain; a run
    absorbs the passages inside it and never straddles one, nor a block of either text."""
    cfg = cfg or CondensedConfig()
    where: dict[str, list[int]] = {}
    for i, toks in enumerate(src.tokens):
        for t in toks:
            if t.stem and (not where.get(t.stem) or where[t.stem][-1] != i):
                where.setdefault(t.stem, []).append(i)
    stems = [{t.stem for t in toks if t.stem} for toks in susp.tokens]
    covered = [
        any(p.suspicious_offset < b and a < p.suspicious_end for p in found) for a, b in susp.spans
    ]
    # Only sentences nothing explains yet are weighed (the others are never read below).
    drawn = [
        _best_window(c, where, cfg.window) if not cov and len(c) >= cfg.min_stems else (0, 0, 0)
        for c, cov in zip(stems, covered)
    ]
    good = [
        not cov and len(c) >= cfg.min_stems and d[0] >= cfg.containment * len(c)
        for c, cov, d in zip(stems, covered, drawn)
    ]
    out = list(found)
    for lo, hi in _runs([g or c for g, c in zip(good, covered)], susp.block, cfg):
        new = sum(good[lo : hi + 1])
        # Mostly sentences nothing explains yet: a stretch the sentence judge traced already
        # (a round-trip translation) is not re-read as a summary.
        if new < cfg.min_sentences or new < (hi - lo + 1) / 2:
            continue
        shared = set().union(*(stems[j] & where.keys() for j in range(lo, hi + 1)))
        if len(shared) < cfg.min_shared:
            continue
        s0, s1 = susp.spans[lo][0], susp.spans[hi][1]
        inside = [p for p in out if s0 <= p.suspicious_offset and p.suspicious_end <= s1]
        rest = [p for p in out if p not in inside]
        if any(p.suspicious_offset < s1 and s0 < p.suspicious_end for p in rest):
            continue  # straddles a passage found by the sentence judge: that one stands
        used = [drawn[j] for j in range(lo, hi + 1) if good[j]]
        if max(b for _, _, b in used) - min(a for _, a, _ in used) > cfg.window + 4 * new:
            continue  # drawn from all over the source: shared vocabulary, not a summary
        a0, a1 = _source_span(src, used)
        for p in inside:
            a0, a1 = min(a0, p.source_offset), max(a1, p.source_end)
        if a1 - a0 < (s1 - s0) / 2:
            continue  # a summary draws on at least as much text as it writes
        sim = sum(drawn[j][0] / len(stems[j]) for j in range(lo, hi + 1) if good[j]) / new
        out = rest + [Passage(s0, s1 - s0, a0, a1 - a0, round(sim, 4), "summary")]
    return _extend_edges(src, susp, out, good, drawn)


def _extend_edges(
    src: Sentences,
    susp: Sentences,
    passages: list[Passage],
    good: list[bool],
    drawn: list[tuple[int, int, int]],
) -> list[Passage]:
    """A passage grows over condensed sentences right before or after it (same block): a
    summary's sentence that fuses several source sentences joins its traced neighbours."""
    out = sorted(passages, key=lambda p: (p.suspicious_offset, p.source_offset))
    for k, p in enumerate(out):
        first = next((j for j, (a, b) in enumerate(susp.spans) if b > p.suspicious_offset), None)
        last = max((j for j, (a, b) in enumerate(susp.spans) if a < p.suspicious_end), default=None)
        if first is None or last is None or p.kind == "summary":
            continue
        lo, hi = first, last
        while lo > 0 and good[lo - 1] and susp.block[lo - 1] == susp.block[first]:
            lo -= 1
        while hi + 1 < len(good) and good[hi + 1] and susp.block[hi + 1] == susp.block[last]:
            hi += 1
        if (lo, hi) == (first, last):
            continue
        s0, s1 = (
            min(susp.spans[lo][0], p.suspicious_offset),
            max(susp.spans[hi][1], p.suspicious_end),
        )
        if any(q is not p and q.suspicious_offset < s1 and s0 < q.suspicious_end for q in out):
            continue
        near = _near(src, p, drawn)
        while lo < first and not near(lo):
            lo += 1
        while hi > last and not near(hi):
            hi -= 1
        if (lo, hi) == (first, last):
            continue
        added = [drawn[j] for j in (*range(lo, first), *range(last + 1, hi + 1))]
        a0, a1 = _source_span(src, added)
        a0, a1 = min(a0, p.source_offset), max(a1, p.source_end)
        if s1 - s0 > 2 * (a1 - a0):
            continue  # the two sides stay commensurate (a sentence repeated is not a summary)
        out[k] = replace(
            p,
            suspicious_offset=s0,
            suspicious_length=s1 - s0,
            source_offset=a0,
            source_length=a1 - a0,
        )
    return sorted(out, key=lambda p: (p.suspicious_offset, p.source_offset))


def _near(src: Sentences, p: Passage, drawn: list[tuple[int, int, int]]):
    """Whether suspicious sentence j draws on source sentences beside ``p``'s source span."""
    inside = [i for i, (a, b) in enumerate(src.spans) if a < p.source_end and p.source_offset < b]
    if not inside:
        return lambda j: False
    lo, hi = inside[0], inside[-1]
    return lambda j: drawn[j][1] <= hi + 3 and drawn[j][2] >= lo - 3


def _best_window(stems: set[str], where: dict[str, list[int]], width: int) -> tuple[int, int, int]:
    """(stems found, first, last source sentence) of the ``width`` consecutive source sentences
    holding most of ``stems``: a summary sentence draws on one stretch of its source."""
    events = sorted((i, s) for s in stems for i in where.get(s, ()))
    best = (0, 0, 0)
    count: dict[str, int] = {}
    lo = 0
    for i, s in events:
        count[s] = count.get(s, 0) + 1
        while events[lo][0] <= i - width:
            t = events[lo][1]
            count[t] -= 1
            if not count[t]:
                del count[t]
            lo += 1
        if len(count) > best[0]:
            best = (len(count), events[lo][0], i)
    return best


def _runs(good: list[bool], block: list[int], cfg: CondensedConfig) -> list[tuple[int, int]]:
    """Maximal runs of good sentences within one block, bridging ``gap`` bad ones."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for j, ok in enumerate(good):
        if not ok:
            continue
        if start is not None and (j - last - 1 > cfg.gap or block[j] != block[last]):
            runs.append((start, last))
            start = None
        if start is None:
            start = j
        last = j
    if start is not None:
        runs.append((start, last))
    return [(a, b) for a, b in runs if sum(good[a : b + 1]) >= cfg.min_sentences]


def _source_span(src: Sentences, drawn: list[tuple[int, int, int]]) -> tuple[int, int]:
    """From the first to the last source sentence the run's sentences draw on, in the one
    block of the source they draw on most (extraction's gaps are furniture)."""
    if not drawn:
        return (0, 0)
    blocks = [src.block[a] for _, a, _ in drawn]
    home = max(set(blocks), key=blocks.count)
    used = [(a, b) for (_, a, b), k in zip(drawn, blocks) if k == home]
    lo = min(a for a, _ in used)
    hi = max(b for _, b in used)
    while src.block[lo] != home:
        lo += 1
    while src.block[hi] != home:
        hi -= 1
    return src.spans[lo][0], src.spans[hi][1]
