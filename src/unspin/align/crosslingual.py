"""Passages across languages: sentences matched by a multilingual model, grouped in order.

A translation shares almost no words with its source (names and numbers at most), so the
word-level engine (seeds → extend → edits) has nothing to stand on. Here each suspicious
sentence is matched to its nearest source sentence in a multilingual vector space; runs of
matches that keep their order (a translator keeps the source's order, give or take a
sentence) become one passage of kind ``translation`` with the matched sentence pairs in
``matches``. No word edits are reported: words of two languages do not correspond one to one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from unspin.align.result import Passage, SentenceMatch
from unspin.align.sentences import Sentences, prepare
from unspin.document import Document


@dataclass(frozen=True)
class CrossConfig:
    """Thresholds, tuned on half of vroniplag-dev (benchmarks/vroniplag.py --half tune)."""

    #: Cosine for a sentence to count as a translation of another.
    min_match: float = 0.35
    #: Mean cosine of a passage's matches.
    min_passage: float = 0.5
    #: A passage of one matched sentence needs this much (one sentence is weak evidence).
    single: float = 0.55
    #: Unmatched suspicious sentences a passage may bridge.
    max_gap: int = 2
    #: Source sentences a passage may skip or step back between two matches.
    max_jump: int = 4
    #: Shorter sentences (words) are not matched on their own, only bridged.
    min_words: int = 3


DEFAULT = CrossConfig()


def align_across(
    source: Document,
    suspicious: Document,
    embedder,
    languages: tuple[str, str],
    *,
    config: CrossConfig = DEFAULT,
    focus: list[tuple[int, int]] | None = None,
) -> list[Passage]:
    """Passages of ``suspicious`` translated from ``source`` (``languages``: source's, suspicious')."""
    regions, beyond = _regions(source) if focus is None else (sorted(focus), set())
    src = prepare(source, regions)
    susp = prepare(suspicious)
    if not len(src) or not len(susp):
        return []
    sims = _similarities(src, susp, embedder)
    best = sims.argmax(axis=1)
    score = sims[np.arange(len(susp)), best]
    matched = [
        i
        for i in range(len(susp))
        if score[i] >= config.min_match
        and len(susp.tokens[i]) >= config.min_words
        and len(src.tokens[int(best[i])]) >= config.min_words
        # Text extraction left out of the source is read too, for clear matches only.
        and (src.block[int(best[i])] not in beyond or score[i] >= config.single)
    ]
    passages = []
    for run in _runs(matched, best, susp, src, config):
        sims_run = [float(score[i]) for i in run]
        mean = sum(sims_run) / len(sims_run)
        if mean < config.min_passage or (len(run) == 1 and mean < config.single):
            continue
        passages.append(_passage(run, best, score, src, susp, mean, languages))
    return passages


def _regions(doc: Document) -> tuple[list[tuple[int, int]], set[int]]:
    """The source's main-text spans and the gaps between them, and which regions are gaps.

    Extraction of a short plain text can drop sentences of the article (seen in an index of
    dissertation sources); a translation shares no words for the lexical read of what
    extraction left out (``beyond_extraction``) to find, so the gaps are matched here.
    """
    if doc.main is None:
        return [(0, len(doc.text))], set()
    regions: list[tuple[int, int]] = []
    beyond: set[int] = set()
    pos = 0
    for a, b in sorted(doc.main):
        if a > pos:
            beyond.add(len(regions))
            regions.append((pos, a))
        regions.append((a, b))
        pos = max(pos, b)
    if pos < len(doc.text):
        beyond.add(len(regions))
        regions.append((pos, len(doc.text)))
    return regions, beyond


def _similarities(src: Sentences, susp: Sentences, embedder) -> np.ndarray:
    texts_src = [src.text(i) for i in range(len(src))]
    texts_susp = [susp.text(i) for i in range(len(susp))]
    vs = embedder.encode_with_tokens(texts_src, tokens=False)[0]
    vq = embedder.encode_with_tokens(texts_susp, tokens=False)[0]
    return np.asarray(vq, dtype=np.float32) @ np.asarray(vs, dtype=np.float32).T


def _runs(matched, best, susp: Sentences, src: Sentences, config: CrossConfig) -> list[list[int]]:
    """Matched suspicious sentences grouped into runs that keep the source's order."""
    runs: list[list[int]] = []
    for i in matched:
        j = int(best[i])
        if runs:
            prev = runs[-1][-1]
            pj = int(best[prev])
            if (
                i - prev - 1 <= config.max_gap
                and abs(j - pj) <= config.max_jump
                and susp.block[i] == susp.block[prev]
                and src.block[j] == src.block[pj]
            ):
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


def _passage(run, best, score, src: Sentences, susp: Sentences, mean: float, languages):
    js = [int(best[i]) for i in run]
    s_start = min(src.spans[j][0] for j in js)
    s_end = max(src.spans[j][1] for j in js)
    q_start, q_end = susp.spans[run[0]][0], susp.spans[run[-1]][1]
    matches = [
        SentenceMatch(
            source_offset=src.spans[j][0],
            source_length=src.spans[j][1] - src.spans[j][0],
            suspicious_offset=susp.spans[i][0],
            suspicious_length=susp.spans[i][1] - susp.spans[i][0],
            similarity=round(float(score[i]), 4),
        )
        for i, j in zip(run, js)
    ]
    return Passage(
        suspicious_offset=q_start,
        suspicious_length=q_end - q_start,
        source_offset=s_start,
        source_length=s_end - s_start,
        similarity=round(mean, 4),
        kind="translation",
        matches=matches,
        source_language=languages[0],
        suspicious_language=languages[1],
    )


def outside(passages: list[Passage], taken: list[Passage]) -> list[Passage]:
    """``passages`` less their matches inside ``taken`` passages of the suspicious text (split
    where a match was dropped): for a side in mixed languages, the word-level engine's passages
    are kept where it found them, and translation passages cover the rest."""
    spans = [(t.suspicious_offset, t.suspicious_end) for t in taken]
    out = []
    for p in passages:
        groups: list[list[SentenceMatch]] = [[]]
        for m in p.matches:
            a, b = m.suspicious_offset, m.suspicious_offset + m.suspicious_length
            if any(a < y and x < b for x, y in spans):
                groups.append([])
            else:
                groups[-1].append(m)
        for g in groups:
            if not g:
                continue
            s_start = min(m.source_offset for m in g)
            s_end = max(m.source_offset + m.source_length for m in g)
            q_end = g[-1].suspicious_offset + g[-1].suspicious_length
            sim = sum(m.similarity for m in g) / len(g)
            out.append(
                Passage(
                    g[0].suspicious_offset,
                    q_end - g[0].suspicious_offset,
                    s_start,
                    s_end - s_start,
                    round(sim, 4),
                    "translation",
                    matches=g,
                    source_language=p.source_language,
                    suspicious_language=p.suspicious_language,
                )
            )
    return out
