"""compare(source, suspicious) -> Comparison: the alignment engine, stage by stage.

segment -> seed (lexical, then the model where needed) -> extend -> filter -> trim -> explain.
"""

from __future__ import annotations

import numpy as np

from unspin.align.edits import trim, word_edits
from unspin.align.extend import Cluster, ExtendConfig, cluster_seeds
from unspin.align.result import Comparison, Passage
from unspin.align.seeds import SeedConfig, find_seeds
from unspin.align.sentences import Sentences, prepare
from unspin.document import Document
from unspin.represent.lexical import Token


def compare(source: Document | str, suspicious: Document | str, *, embedder=None,
            lexical_only: bool = False, thorough: bool = False,
            seed_config: SeedConfig | None = None,
            extend_config: ExtendConfig | None = None) -> Comparison:
    """Every passage of ``suspicious`` taken from ``source``, with the word edits inside it.

    ``embedder``: an object with ``encode_with_tokens`` (see :mod:`unspin.represent.embed`); by
    default the packaged MiniLM is loaded once per process. ``lexical_only`` runs with no model;
    ``thorough`` lets the model see every sentence pair, not just those lexical evidence leaves open.
    Documents are compared as given: extraction (``Document.main``) is the caller's choice.
    """
    src = source if isinstance(source, Document) else Document(text=source, id="source")
    susp = suspicious if isinstance(suspicious, Document) else Document(text=suspicious,
                                                                        id="suspicious")
    if not lexical_only and embedder is None:
        from unspin.represent.embed import load_embedder

        embedder = load_embedder()
    if lexical_only:
        embedder = None
    s_src, s_susp = prepare(src), prepare(susp)
    seeds = find_seeds(s_src, s_susp, embedder, seed_config, thorough=thorough)
    clusters = cluster_seeds(seeds, s_src, s_susp, extend_config)
    passages = [p for c in clusters if (p := _passage(c, s_src, s_susp)) is not None]
    return Comparison(src, susp, passages, model=getattr(embedder, "name", None))


def _tokens_in(sents: Sentences, lo: int, hi: int) -> list[Token]:
    return [t for i in range(lo, hi + 1) for t in sents.tokens[i]]


def _passage(c: Cluster, src: Sentences, susp: Sentences) -> Passage | None:
    a, b = trim(_tokens_in(src, *c.src_range), _tokens_in(susp, *c.susp_range))
    if not a or not b:
        return None
    s0, s1 = _widen(src, a), _widen(susp, b)
    edits, matched = word_edits(src.doc.text, a, susp.doc.text, b)
    ratio = 2 * matched / (len(a) + len(b))
    dense = [float(src.vectors[s.src] @ susp.vectors[s.susp]) for s in c.seeds
             if src.vectors is not None and susp.vectors is not None
             and src.token_vectors[s.src] is not None and susp.token_vectors[s.susp] is not None]
    similarity = max(ratio, float(np.mean(dense)) if dense else 0.0)
    if ratio >= 0.97 and not any(e.op != "replace" or e.source_text.lower() !=
                                 e.suspicious_text.lower() for e in edits):
        kind = "verbatim"
    elif ratio >= 0.5:
        kind = "edited"
    else:
        kind = "paraphrase"
    return Passage(suspicious_offset=s1[0], suspicious_length=s1[1] - s1[0],
                   source_offset=s0[0], source_length=s0[1] - s0[0],
                   similarity=round(similarity, 4), kind=kind, edits=edits)


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
