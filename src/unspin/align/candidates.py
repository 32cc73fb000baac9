"""Candidate passages as token ranges: merged where they touch, adapted to how the text was
reused, and resolved where two claim the same suspicious words."""

from __future__ import annotations

from dataclasses import dataclass, field

from unspin.align.extend import Cluster
from unspin.align.sentences import Sentences
from unspin.represent.lexical import Token


@dataclass
class _Cand:
    """A candidate passage as token index ranges [src0, src1), [susp0, susp1) of the flat lists."""

    src0: int
    src1: int
    susp0: int
    susp1: int
    evidence: float
    seeds: list = field(default_factory=list)
    verbatim: int = 0  # words of verbatim runs inside


class _Flat:
    """All analysed tokens of a document in order, with sentence and block of each."""

    def __init__(self, sents: Sentences):
        self.tokens: list[Token] = []
        self.first: list[int] = []  # first token index of each sentence
        self.block: list[int] = []
        for i, toks in enumerate(sents.tokens):
            self.first.append(len(self.tokens))
            self.tokens.extend(toks)
            self.block.extend([sents.block[i]] * len(toks))
        self.first.append(len(self.tokens))

    def same_block(self, lo: int, hi: int) -> bool:
        return self.block[lo] == self.block[hi - 1]

    def cand(self, c: Cluster, other: _Flat) -> _Cand:
        (a, b), (x, y) = c.src_range, c.susp_range
        return _Cand(
            self.first[a],
            self.first[b + 1],
            other.first[x],
            other.first[y + 1],
            c.evidence,
            c.seeds,
        )


def _near(a0: int, a1: int, b0: int, b1: int, slack: int) -> bool:
    return a0 <= b1 + slack and b0 <= a1 + slack


def _merge(cands: list[_Cand], fs: _Flat, fq: _Flat, slack: int = 3) -> list[_Cand]:
    """Join candidates that overlap or touch in both documents (within one block), reading
    forward in both: a copy of an earlier part of the source placed after a later one stays
    a passage of its own."""
    out: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.susp0, c.src0)):
        for m in out:
            if (
                c.src0 >= m.src0 - slack
                and _near(m.susp0, m.susp1, c.susp0, c.susp1, slack)
                and _near(m.src0, m.src1, c.src0, c.src1, slack)
                and fs.same_block(min(m.src0, c.src0), max(m.src1, c.src1))
                and fq.same_block(min(m.susp0, c.susp0), max(m.susp1, c.susp1))
            ):
                m.src0, m.src1 = min(m.src0, c.src0), max(m.src1, c.src1)
                m.susp0, m.susp1 = min(m.susp0, c.susp0), max(m.susp1, c.susp1)
                m.evidence += c.evidence
                m.seeds += c.seeds
                m.verbatim += c.verbatim
                break
        else:
            out.append(c)
    return out


#: A pair whose reuse is at least this share verbatim is a verbatim copy...
VERBATIM_COPY = 0.6
#: ...in which a passage with no verbatim run needs this much evidence to stand.
PARAPHRASE_IN_COPY = 3.0


def _adapt(cands: list[_Cand]) -> list[_Cand]:
    """Adapt to how the text was reused (Sanchez-Perez et al. 2015 pick settings per obfuscation).

    Where nearly all reuse is verbatim, a lone passage with no copied run is more likely a
    same-topic look-alike than the copier switching to paraphrase: it must be strong to stand.
    """
    # Only candidates that stand on their own count towards the share: weak look-alikes must
    # not be what decides whether weak look-alikes are kept.
    strong = [c for c in cands if c.verbatim or c.evidence >= PARAPHRASE_IN_COPY]
    words = sum(c.susp1 - c.susp0 for c in strong)
    if not words or sum(c.verbatim for c in strong) < VERBATIM_COPY * words:
        return cands
    return [c for c in cands if c.verbatim or c.evidence >= PARAPHRASE_IN_COPY]


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Where candidates claim the same suspicious words, the one with more evidence keeps them."""
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: -c.evidence):
        for k in kept:
            if c.susp0 < k.susp1 and k.susp0 < c.susp1:
                if c.susp0 >= k.susp0 and c.susp1 <= k.susp1:
                    break
                # Cut the weaker candidate to the side that sticks out (source cut in proportion).
                if c.susp0 < k.susp0:
                    c = _cut(c, c.susp0, k.susp0)
                else:
                    c = _cut(c, k.susp1, c.susp1)
                if c is None:
                    break
        else:
            kept.append(c)
    return sorted(kept, key=lambda c: c.susp0)


def _cut(c: _Cand, lo: int, hi: int) -> _Cand | None:
    if hi - lo < 5:
        return None
    n = c.susp1 - c.susp0
    f0, f1 = (lo - c.susp0) / n, (hi - c.susp0) / n
    w = c.src1 - c.src0
    return _Cand(
        c.src0 + int(f0 * w),
        c.src0 + max(int(f1 * w), 1),
        lo,
        hi,
        c.evidence * (hi - lo) / n,
        c.seeds,
        verbatim=round(c.verbatim * (hi - lo) / n),
    )
