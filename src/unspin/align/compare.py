"""compare(source, suspicious) -> Comparison: the alignment engine, stage by stage.

segment -> seed (lexical, then the model where needed) -> extend -> filter -> trim -> explain.
"""

from __future__ import annotations

from unspin.align.extend import ExtendConfig
from unspin.align.outside import beyond_extraction
from unspin.align.passages import align_passages
from unspin.align.result import Comparison
from unspin.align.seeds import SeedConfig
from unspin.document import Document, Span
from unspin.errors import InputError

#: Characters analysed per document (its main text, or the focus). Memory grows with the text:
#: two 2 M-character texts take ~0.6 GB (lexical) to ~0.8 GB (model) and ~1 min on 2 cores, so
#: 4 M per side keeps a compare under ~2 GB; ``max_chars`` (``--max-chars``) raises it.
MAX_CHARS = 4_000_000


def compare(
    source: Document,
    suspicious: Document,
    *,
    embedder=None,
    lexical_only: bool = False,
    thorough: bool = False,
    seed_config: SeedConfig | None = None,
    extend_config: ExtendConfig | None = None,
    focus: list[Span] | None = None,
    max_chars: int = MAX_CHARS,
) -> Comparison:
    """Every passage of ``suspicious`` taken from ``source``, with the word edits inside it.

    ``embedder``: an object with ``encode_with_tokens`` (see :mod:`unspin.represent.embed`); by
    default the packaged MiniLM is loaded once per process. ``lexical_only`` runs with no model;
    ``thorough`` lets the model see every sentence pair, not just those lexical evidence leaves open.
    Documents are compared as given: extraction (``Document.main``) is the caller's choice
    (``unspin.compare`` is the one-call API that extracts first, like the command).
    What extraction left out of one document or the other is also read, lexically, for strong
    reuse only (see ``beyond_extraction``).
    ``focus``: spans of the source to align (``check`` narrows a long source to where retrieval
    found shared evidence, to spend the model there); ``main`` keeps meaning the extraction,
    so what extraction left out is still read and coverage counts the whole source.
    ``max_chars``: a document with more analysed text raises InputError before any work.
    """
    for doc in (source, suspicious):
        if not isinstance(doc, Document):
            raise TypeError(
                "the engine compares Documents; unspin.compare takes text, bytes or paths"
            )
    src, susp = source, suspicious
    for doc, spans in ((src, focus), (susp, None)):
        n = sum(b - a for a, b in (spans if spans is not None else doc.content_spans()))
        if n > max_chars:
            raise InputError(
                doc.name,
                f"too long to compare ({n:,} characters of text; limit {max_chars:,}: "
                "raise it with --max-chars, at about 0.2 GB of memory per 1,000,000)",
            )
    if not lexical_only and embedder is None:
        from unspin.represent.embed import load_embedder

        embedder = load_embedder()
    if lexical_only:
        embedder = None
    passages = align_passages(src, susp, embedder, thorough, seed_config, extend_config, focus)
    passages = beyond_extraction(src, susp, passages, seed_config, extend_config)
    return Comparison(src, susp, passages, model=getattr(embedder, "name", None))
