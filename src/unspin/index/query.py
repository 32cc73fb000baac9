"""Checking one query against an opened index: retrieve candidates, align the best, rank them.

Candidates far below the best (``MIN_RATIO``) are not aligned, and only the best ``model_align``
are aligned with the model (the rest lexically): the model run over a candidate's sentences is
what a check costs.
"""

from __future__ import annotations

import time

from unspin.align.by_language import choose
from unspin.align.compare import compare
from unspin.align.seeds import SeedConfig
from unspin.align.sentences import prepare
from unspin.document import Document
from unspin.errors import InputError
from unspin.index.build import content_text
from unspin.index.rank import explained, rank_sources
from unspin.index.results import CheckResult, SourceHit
from unspin.index.search import CachedEmbedder, Evidence, candidates, focus
from unspin.index.store import Store
from unspin.represent.multilingual import is_multilingual

#: Candidates aligned with the model (the others are aligned lexically, ~10x cheaper).
MODEL_ALIGN = 3
#: Queries longer than this are refused: split such a text into documents first.
MAX_QUERY_CHARS = 2_000_000
#: Model alignment of a candidate: the model is spent around lexically sure sentences only.
ANCHORED = SeedConfig(embed_all_susp=0)


def check_query(
    store: Store,
    ann,
    embedder,
    query: Document,
    *,
    top: int = 5,
    align: int | None = None,
    model_align: int = MODEL_ALIGN,
    aligner=None,
) -> CheckResult:
    """Sources of ``query`` in ``store``; ``ann``/``embedder`` are None for a lexical check.

    ``embedder`` is the model of the index's vectors (retrieval); ``aligner`` the model that
    aligns candidates (default: ``embedder``; MiniLM behind a static-vector index).
    """
    t0 = time.monotonic()
    if len(query.text) > MAX_QUERY_CHARS:
        raise InputError(
            query.name,
            f"too long to check ({len(query.text):,} characters; "
            f"limit {MAX_QUERY_CHARS:,}): split it into documents",
        )
    if not content_text(query).strip():
        raise InputError(query.name, "no text to check")
    aligner = embedder if aligner is None else aligner
    emb = CachedEmbedder(aligner) if aligner is not None else None
    look = emb if embedder is aligner else embedder
    align = align or max(2 * top, 12)
    evidence = Evidence()
    cands = candidates(store, ann, look, query, limit=max(align, 50), evidence=evidence)
    hits = []
    qlen = max(1, sum(b - a for a, b in query.content_spans()))
    prepared = prepare(query)  # the query is split and tokenised once, not per candidate
    for rank, c in enumerate(cands[:align]):
        src = store.document(c.doc_id)
        if src is None:
            continue
        # The model aligns only where retrieval found shared evidence (the focus); what the
        # source's extraction left out is still read, lexically, for strong reuse, and coverage
        # counts the whole source: ``main`` stays the extraction.
        spans = focus(src, evidence)
        if emb is not None and rank < model_align:
            # Candidates come with lexical or semantic evidence already: the model is spent
            # around lexically sure sentences, not on every pair of a short query.
            cmp = compare(
                src, query, embedder=emb, seed_config=ANCHORED, focus=spans, prepared=prepared
            )
            if not cmp.passages:  # seen on heavily garbled text: the lexical pass still finds it
                cmp = compare(src, query, lexical_only=True, focus=spans, prepared=prepared)
        elif emb is not None and is_multilingual(emb) and choose(src, query).across:
            # Across languages the lexical pass has nothing to stand on, and matching the
            # sentences with the index's multilingual model costs about as little.
            cmp = compare(src, query, embedder=emb, focus=spans, prepared=prepared)
        else:
            cmp = compare(src, query, lexical_only=True, focus=spans, prepared=prepared)
        if not cmp.passages:
            continue
        score = explained(cmp.passages, qlen)
        hits.append(SourceHit(c.doc_id, src, cmp, c.score, score))
    hits = rank_sources(hits, qlen)
    return CheckResult(
        query, hits[:top], len(cands), time.monotonic() - t0, [c.doc_id for c in cands]
    )
