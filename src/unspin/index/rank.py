"""Ranking aligned sources: each credited once for what it alone explains, duplicates grouped.

A query that reuses several sources needs each of them reported, and PAN-like libraries (or a
crawl) hold the same passage in several files. Ranking by what each source explains on its own
lets the duplicates of one heavily reused source fill the list; instead the sources are taken
greedily by what they explain *beyond* the sources already reported, and a source that explains
the same stretches of the query as well as a reported one joins its group (``same``) instead of
taking a place of its own.
"""

from __future__ import annotations

from unspin.index.fingerprints import fingerprints
from unspin.index.results import SourceHit

#: Query characters per cell of the coverage map.
CELL = 16
#: A source joins a reported one's group when their explained cells overlap this much (Jaccard),
#: and the word pairs of the source text aligned too.
SAME_OVERLAP = 0.8
#: A source whose new contribution is below this share of the query is listed after the others.
MIN_GAIN = 0.01


def cells(hit: SourceHit) -> dict[int, float]:
    """Query cell -> the best similarity of a passage of ``hit`` covering it."""
    best: dict[int, float] = {}
    for p in hit.comparison.passages:
        for i in range(p.suspicious_offset, p.suspicious_end, CELL):
            best[i // CELL] = max(best.get(i // CELL, 0.0), float(p.similarity))
    return best


def explained(passages, qlen: int) -> float:
    """Share of the query explained, each character weighted by its passage's similarity."""
    best: dict[int, float] = {}
    for p in passages:
        for i in range(p.suspicious_offset, p.suspicious_end, CELL):
            best[i // CELL] = max(best.get(i // CELL, 0.0), float(p.similarity))
    return min(1.0, CELL * sum(best.values()) / qlen)


def reused_words(hit: SourceHit) -> set[int]:
    """Every word pair of the source text that the hit's passages align with the query."""
    text = hit.document.text
    parts = [text[p.source_offset : p.source_end] for p in hit.comparison.passages]
    return set(fingerprints("\n".join(parts), sample=1).tolist())


def same_text(a: dict[int, float], b: dict[int, float], wa: set[int], wb: set[int]) -> bool:
    """Two sources explain the same stretches of the query with the same text: the cells they
    cover overlap by SAME_OVERLAP, and so do the word pairs of their aligned passages (the
    similarities are not compared: one may have been aligned by the model, the other
    lexically)."""
    if not a or not b or not wa or not wb:
        return False
    if len(a.keys() & b.keys()) < SAME_OVERLAP * len(a.keys() | b.keys()):
        return False
    return len(wa & wb) >= SAME_OVERLAP * len(wa | wb)


def rank_sources(hits: list[SourceHit], qlen: int) -> list[SourceHit]:
    """``hits`` grouped and ordered: greedy by what each explains beyond those before it.

    Sets ``unique`` (the share of the query a source explains that no source ranked before it
    explains as well) and ``same`` (the sources grouped under it).
    """
    hits = sorted(hits, key=lambda h: (-h.score, -h.retrieval, h.doc_id))
    maps = {h.doc_id: cells(h) for h in hits}
    words = {h.doc_id: reused_words(h) for h in hits}
    heads: list[SourceHit] = []
    for h in hits:
        for g in heads:
            if same_text(maps[g.doc_id], maps[h.doc_id], words[g.doc_id], words[h.doc_id]):
                g.same.append(h)
                break
        else:
            heads.append(h)
    covered: dict[int, float] = {}
    ranked: list[SourceHit] = []
    rest = list(heads)
    while rest:

        def gain(h: SourceHit) -> float:
            m = maps[h.doc_id]
            return CELL * sum(max(0.0, v - covered.get(k, 0.0)) for k, v in m.items()) / qlen

        best = max(rest, key=lambda h: (gain(h), h.score, h.retrieval, -h.doc_id))
        g = min(1.0, gain(best))
        if g < MIN_GAIN:
            break
        best.unique = g
        ranked.append(best)
        rest.remove(best)
        for k, v in maps[best.doc_id].items():
            covered[k] = max(covered.get(k, 0.0), v)
    for h in rest:  # explain nothing new: after the others, by what they explain
        h.unique = 0.0
    return ranked + rest
