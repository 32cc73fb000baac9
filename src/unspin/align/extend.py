"""Extension and filtering: seeds clustered into passages, overlaps resolved, weak ones dropped.

Seeds within a few sentences of each other in *both* documents join one passage (the
Sanchez-Perez extension step, done as connected components). A passage never spans two main-text
blocks. Where two passages claim the same suspicious sentences, the one with more evidence wins:
in a page whose reader comment paraphrases the article, the article is the source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from unspin.align.seeds import Seed
from unspin.align.sentences import Sentences


@dataclass
class Cluster:
    seeds: list[Seed]

    @property
    def src_range(self) -> tuple[int, int]:
        return min(s.src for s in self.seeds), max(s.src for s in self.seeds)

    @property
    def susp_range(self) -> tuple[int, int]:
        return min(s.susp for s in self.seeds), max(s.susp for s in self.seeds)

    @property
    def evidence(self) -> float:
        # One seed per suspicious sentence counts (its best), so fan-out does not inflate it.
        best: dict[int, float] = {}
        for s in self.seeds:
            best[s.susp] = max(best.get(s.susp, 0.0), s.score)
        return sum(best.values())


@dataclass
class ExtendConfig:
    gap: int = 3  # sentences that may lie between two seeds of one passage, on either side
    # A passage reads forward in both texts; a rewrite may swap neighbouring sentences, but a
    # jump further back in the source starts another passage (a copy of an earlier part).
    back: int = 1
    min_evidence: float = 1.6  # a passage needs this much evidence (about two sure sentences)...
    # ...plus this much per tenfold growth of the sentence pairs compared beyond 500: chance
    # look-alikes grow with the search space, as E-values do in sequence search.
    evidence_per_decade: float = 0.75
    # A lone sentence passes only if this sure, at least this long, and the search space small;
    # and sure on lexical evidence alone unless it is (nearly) all the suspicious text: two
    # writers defining one notion, "Inheritance is a basic concept of OOP where new classes..."
    # and "In OOP, inheritance is a way to form new classes...", are a sure paraphrase to the
    # model, but one such sentence in an answer of eight is not reuse; a one-sentence text
    # asks exactly where that sentence came from.
    single_score: float = 0.9
    single_min_words: int = 8
    single_whole: int = 2  # suspicious texts of at most this many sentences

    def required(self, pairs_compared: int) -> float:
        return self.min_evidence + self.evidence_per_decade * max(
            0.0, math.log10(max(pairs_compared, 1) / 500)
        )


def cluster_seeds(
    seeds: list[Seed], src: Sentences, susp: Sentences, cfg: ExtendConfig | None = None
) -> list[Cluster]:
    cfg = cfg or ExtendConfig()
    parent = list(range(len(seeds)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order = sorted(range(len(seeds)), key=lambda k: seeds[k].susp)
    for a_pos, a in enumerate(order):
        sa = seeds[a]
        for b in order[a_pos + 1 :]:
            sb = seeds[b]
            if sb.susp - sa.susp > cfg.gap + 1:
                break
            if (
                -cfg.back <= sb.src - sa.src <= cfg.gap + 1
                and src.block[sa.src] == src.block[sb.src]
                and susp.block[sa.susp] == susp.block[sb.susp]
            ):
                parent[find(a)] = find(b)
    groups: dict[int, list[Seed]] = {}
    for k, s in enumerate(seeds):
        groups.setdefault(find(k), []).append(s)
    clusters = [Cluster(g) for g in groups.values()]
    need = cfg.required(len(src) * len(susp))
    strong = [c for c in clusters if _passes(c, need, susp, cfg)]
    # Resolution can strip a cluster down to what another one does not claim: check it again.
    return [c for c in _resolve(strong) if _passes(c, need, susp, cfg)]


def _passes(c: Cluster, need: float, susp: Sentences, cfg: ExtendConfig) -> bool:
    """Enough evidence, or one very sure, long sentence where little evidence is needed."""
    if c.evidence >= need:
        return True
    best = max(c.seeds, key=lambda s: s.score)
    return (
        best.score >= cfg.single_score
        and (best.lexical or len(susp) <= cfg.single_whole)
        and need - c.evidence < 1
        and len(susp.tokens[best.susp]) >= cfg.single_min_words
    )


def _resolve(clusters: list[Cluster]) -> list[Cluster]:
    """Greedy by evidence: a cluster overlapping a stronger one in the suspicious text loses
    the overlapped sentences (and is dropped if nothing is left)."""
    taken: set[int] = set()
    out = []
    for c in sorted(clusters, key=lambda c: -c.evidence):
        rest = [s for s in c.seeds if s.susp not in taken]
        if not rest:
            continue
        lo, hi = min(s.susp for s in rest), max(s.susp for s in rest)
        if any(lo <= t <= hi for t in taken):
            # Keep the longest run that does not straddle a taken sentence.
            rest = _longest_free_run(rest, taken)
        if rest:
            c = Cluster(rest)
            out.append(c)
            lo, hi = c.susp_range
            taken.update(range(lo, hi + 1))
    return sorted(out, key=lambda c: c.susp_range)


def _longest_free_run(seeds: list[Seed], taken: set[int]) -> list[Seed]:
    runs: list[list[Seed]] = [[]]
    for s in sorted(seeds, key=lambda s: s.susp):
        if runs[-1] and any(t in taken for t in range(runs[-1][-1].susp, s.susp + 1)):
            runs.append([])
        runs[-1].append(s)
    return max(runs, key=lambda r: sum(s.score for s in r))
