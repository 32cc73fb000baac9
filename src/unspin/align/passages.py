"""From sentences to passages: seeds, clusters and verbatim runs become candidates, candidates
become passages with their word edits (``align_passages``: the engine's core, one pass)."""

from __future__ import annotations

from collections import Counter

import numpy as np

from unspin.align.candidates import _adapt, _Cand, _Flat, _merge, _resolve
from unspin.align.condensed import condensed_passages
from unspin.align.edits import other_figures, trim, word_edits
from unspin.align.extend import ExtendConfig, cluster_seeds
from unspin.align.result import Passage
from unspin.align.seeds import SeedConfig, find_seeds
from unspin.align.sentences import Sentences, prepare
from unspin.align.verbatim import verbatim_runs
from unspin.document import Document, Span
from unspin.represent.lexical import Token


def align_passages(
    src: Document,
    susp: Document,
    embedder,
    thorough: bool,
    seed_config: SeedConfig | None,
    extend_config: ExtendConfig | None,
    focus: list[Span] | None = None,
    condensed: bool = True,
    prepared: Sentences | None = None,
) -> list[Passage]:
    """The passages of ``susp``'s content spans taken from ``src``'s (within ``focus``);
    ``condensed`` also reads runs of summarised sentences (:mod:`unspin.align.condensed`);
    ``prepared``: ``susp`` already segmented (``prepare(susp)``), reused when it is that document."""
    same = prepared is not None and prepared.doc is susp
    s_src, s_susp = prepare(src, focus), prepared.reuse() if same else prepare(susp)
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
    found = [p for c in cands if (p := _passage(c, f_src, f_susp, s_src, s_susp)) is not None]
    return condensed_passages(s_src, s_susp, found) if condensed else found


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
