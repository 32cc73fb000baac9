"""compare(source, suspicious) -> Comparison: the alignment engine, stage by stage.

segment -> seed (lexical, then the model where needed) -> extend -> filter -> trim -> explain.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from unspin.align.edits import other_figures, trim, word_edits
from unspin.align.extend import Cluster, ExtendConfig, cluster_seeds
from unspin.align.result import Comparison, Passage
from unspin.align.seeds import SeedConfig, find_seeds
from unspin.align.sentences import Sentences, prepare
from unspin.align.verbatim import verbatim_runs
from unspin.document import Document
from unspin.represent.lexical import Token


def compare(
    source: Document | str,
    suspicious: Document | str,
    *,
    embedder=None,
    lexical_only: bool = False,
    thorough: bool = False,
    seed_config: SeedConfig | None = None,
    extend_config: ExtendConfig | None = None,
    outside_main: bool = True,
) -> Comparison:
    """Every passage of ``suspicious`` taken from ``source``, with the word edits inside it.

    ``embedder``: an object with ``encode_with_tokens`` (see :mod:`unspin.represent.embed`); by
    default the packaged MiniLM is loaded once per process. ``lexical_only`` runs with no model;
    ``thorough`` lets the model see every sentence pair, not just those lexical evidence leaves open.
    Documents are compared as given: extraction (``Document.main``) is the caller's choice.
    ``outside_main``: also read, lexically, what extraction left out of one document or the
    other, for strong reuse only (see ``beyond_extraction``); callers whose ``main`` is not an
    extraction (``check`` narrows a source to the region retrieval points at) turn it off.
    """
    src = source if isinstance(source, Document) else Document(text=source, id="source")
    susp = (
        suspicious
        if isinstance(suspicious, Document)
        else Document(text=suspicious, id="suspicious")
    )
    if not lexical_only and embedder is None:
        from unspin.represent.embed import load_embedder

        embedder = load_embedder()
    if lexical_only:
        embedder = None
    passages = _align(src, susp, embedder, thorough, seed_config, extend_config)
    if outside_main:
        passages = beyond_extraction(src, susp, passages, seed_config, extend_config)
    return Comparison(src, susp, passages, model=getattr(embedder, "name", None))


def _align(
    src: Document,
    susp: Document,
    embedder,
    thorough: bool,
    seed_config: SeedConfig | None,
    extend_config: ExtendConfig | None,
) -> list[Passage]:
    """The passages of ``susp``'s content spans taken from ``src``'s."""
    s_src, s_susp = prepare(src), prepare(susp)
    seeds = find_seeds(s_src, s_susp, embedder, seed_config, thorough=thorough)
    clusters = cluster_seeds(seeds, s_src, s_susp, extend_config)
    f_src, f_susp = _Flat(s_src), _Flat(s_susp)
    cands = [f_src.cand(c, f_susp) for c in clusters]
    cands += [
        _Cand(r.src0, r.src1, r.susp0, r.susp1, r.words / 8, verbatim=r.words)
        for r in verbatim_runs(f_src.tokens, f_susp.tokens)
        if f_src.same_block(r.src0, r.src1) and f_susp.same_block(r.susp0, r.susp1)
    ]
    # Adapt again after resolving: a weak candidate cut down to what a stronger one leaves over
    # keeps only its share of the evidence.
    cands = _adapt(_resolve(_adapt(_merge(cands, f_src, f_susp))))
    return [p for c in cands if (p := _passage(c, f_src, f_susp, s_src, s_susp)) is not None]


#: A passage found outside the extracted article must be at least this alike ...
OUTSIDE_SIMILARITY = 0.7
#: ... and explain this many characters of the suspicious text nothing else does: a sentence or
#: two of real reuse, not a headline of a related-stories list or a phrase of a comment.
OUTSIDE_MIN_CHARS = 150
#: Text the extractor left out, in stretches shorter than this, is not looked at.
OUTSIDE_MIN_GAP = 80


def _outside(doc: Document) -> Document | None:
    """The same text with the stretches extraction left out as its content (each its own
    block), or None when extraction did not run or left nothing worth reading out."""
    if not doc.main:
        return None
    gaps, at = [], 0
    for a, b in sorted(doc.main) + [(len(doc.text), len(doc.text))]:
        if a - at >= OUTSIDE_MIN_GAP and doc.text[at:a].strip():
            gaps.append((at, a))
        at = max(at, b)
    if not gaps:
        return None
    return Document(text=doc.text, id=doc.id, path=doc.path, main=gaps, metadata=doc.metadata)


def beyond_extraction(
    src: Document,
    susp: Document,
    found: list[Passage],
    seed_config: SeedConfig | None = None,
    extend_config: ExtendConfig | None = None,
) -> list[Passage]:
    """``found`` plus strong reuse in text the extractor left out on one side (never on both:
    two pages of one site share their menus, which are not reuse), in suspicious-text order.

    Extraction misjudges some articles (a paragraph on advertising read as an ad, a list of
    results, prose in another language); dropping what it dropped would lose real reuse. Such
    text is read too, with lexical evidence only, and a passage found there counts only when
    it is alike and explains at least ``OUTSIDE_MIN_CHARS``, and most, of its suspicious text
    that nothing else explains.
    """
    src_out, susp_out = _outside(src), _outside(susp)
    # Lexical evidence only: page furniture is most of a page, and embedding it all would
    # double the cost of a comparison for the few passages that need the model.
    lexical = (None, False, seed_config, extend_config)
    extra: list[Passage] = []
    if src_out is not None:
        extra += _align(src_out, susp, *lexical)
    if susp_out is not None:
        extra += _align(src, susp_out, *lexical)
    explained = np.zeros(len(susp.text) + 1, dtype=bool)
    for p in found:
        explained[p.suspicious_offset : p.suspicious_end] = True
    out = []
    for p in sorted(extra, key=lambda p: -p.suspicious_length * p.similarity):
        if p.similarity < OUTSIDE_SIMILARITY:
            continue
        new = p.suspicious_length - int(explained[p.suspicious_offset : p.suspicious_end].sum())
        # Mostly new text, and enough of it (a short passage it overlaps may be a chance match).
        if new < max(OUTSIDE_MIN_CHARS, p.suspicious_length / 2):
            continue
        explained[p.suspicious_offset : p.suspicious_end] = True
        out.append(p)
    return sorted(found + out, key=lambda p: (p.suspicious_offset, p.source_offset))


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


def _passage(c: _Cand, fs: _Flat, fq: _Flat, src: Sentences, susp: Sentences) -> Passage | None:
    a, b = fs.tokens[c.src0 : c.src1], fq.tokens[c.susp0 : c.susp1]
    if c.verbatim:
        # Copied runs mark where the copy starts and stops, to the word; a paraphrase has no
        # such edge inside its sentences, so it keeps them whole.
        a, b = trim(a, b)
    if not a or not b:
        return None
    s0, s1 = _widen(src, a), _widen(susp, b)
    edits, matched = word_edits(src.doc.text, a, susp.doc.text, b)
    if other_figures(edits, src.doc.text[s0[0] : s0[1]], susp.doc.text[s1[0] : s1[1]]):
        return None
    ratio = 2 * matched / (len(a) + len(b))
    dense = [
        float(src.vectors[s.src] @ susp.vectors[s.susp])
        for s in c.seeds
        if src.token_vectors[s.src] is not None and susp.token_vectors[s.susp] is not None
    ]
    # Word order aside: a copy with neighbours swapped throughout (word salad) keeps its words
    # though the diff, which needs them in order, finds few of them.
    kept = Counter(t.lower for t in a) & Counter(t.lower for t in b)
    bag = 2 * sum(kept.values()) / (len(a) + len(b))
    similarity = max(ratio, bag, float(np.mean(dense)) if dense else 0.0)
    if ratio >= 0.97 and not any(
        e.op != "replace" or e.source_text.lower() != e.suspicious_text.lower() for e in edits
    ):
        kind = "verbatim"
    elif ratio >= 0.5:
        kind = "edited"
    else:
        kind = "paraphrase"
    return Passage(
        suspicious_offset=s1[0],
        suspicious_length=s1[1] - s1[0],
        source_offset=s0[0],
        source_length=s0[1] - s0[0],
        similarity=round(similarity, 4),
        kind=kind,
        edits=edits,
    )


def _widen(sents: Sentences, toks: list[Token]) -> tuple[int, int]:
    """Span from the first to the last kept word, taking in punctuation that closes the sentence
    (full stop, closing quotes and brackets) when the sentence ends there, and opening quotes."""
    text = sents.doc.text
    start, end = toks[0].start, toks[-1].end
    for s, e in sents.spans:
        if s <= end <= e and text[end:e].strip(" .!?…\"'”’)]") == "":
            end = e
        if s <= start <= e and text[s:start].strip(" \"'“‘([") == "":
            start = s
    return start, end
