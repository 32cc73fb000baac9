"""compare(source, suspicious) -> Comparison: the alignment engine, stage by stage.

segment -> seed (lexical, then the model where needed) -> extend -> filter -> trim -> explain.
"""

from __future__ import annotations

from unspin.align.by_language import Choice, choose
from unspin.align.crosslingual import align_across, outside
from unspin.align.extend import ExtendConfig
from unspin.align.outside import beyond_extraction
from unspin.align.passages import align_passages
from unspin.align.result import Comparison
from unspin.align.seeds import SeedConfig
from unspin.align.sentences import Sentences
from unspin.document import Document, Span
from unspin.errors import InputError, UnspinError
from unspin.represent.multilingual import is_multilingual, load_multilingual

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
    prepared: Sentences | None = None,
) -> Comparison:
    """Every passage of ``suspicious`` taken from ``source``, with the word edits inside it.

    The language of each side is read first (``by_language``): documents in two languages are
    aligned sentence by sentence with a multilingual model (passages of kind ``translation``).

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
    choice = choose(src, susp, lexical_only=lexical_only)
    cross = embedder if is_multilingual(embedder) else None
    if choice.across and cross is None:
        # Different languages: sentences matched by a multilingual model (the given one if it
        # is multilingual, else the packaged USE; see align/crosslingual.py).
        try:
            cross = load_multilingual()
        except UnspinError as err:  # installed without it: today's engine, and say so
            choice.across = False
            choice.warnings.append(f"{err}: documents in two languages compared word by word")
    translated = []
    if choice.across:
        langs = (choice.source.code, choice.suspicious.code)
        translated = align_across(src, susp, cross, langs, focus=focus)
        if not choice.shared:
            return _compared(src, susp, translated, cross.name, choice)
    if cross is not None and embedder is cross:
        # Within a language the word-level engine keeps its own model (the multilingual one
        # has no token vectors for the soft word matching the engine was tuned with).
        embedder = None
    if not lexical_only and embedder is None:
        from unspin.represent.embed import load_embedder

        embedder = load_embedder()
    if lexical_only:
        embedder = None
    passages = align_passages(
        src, susp, embedder, thorough, seed_config, extend_config, focus, prepared=prepared
    )
    passages = beyond_extraction(src, susp, passages, seed_config, extend_config)
    model = getattr(embedder, "name", None)
    if translated:
        # A side in mixed languages shares one with the other: word-level passages where the
        # languages meet, translation passages for the rest of the suspicious text.
        passages += outside(translated, passages)
        model = " + ".join(n for n in (model, cross.name) if n)
    return _compared(src, susp, passages, model, choice)


def _compared(src, susp, passages, model: str | None, choice: Choice) -> Comparison:
    out = Comparison(src, susp, passages, model=model)
    out.languages = choice.codes
    out.warnings = list(choice.warnings)
    return out
