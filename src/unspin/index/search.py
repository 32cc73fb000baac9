"""Finding sources: cheap evidence picks candidates, the ``compare`` engine decides.

Two kinds of cheap evidence vote for indexed documents:

* lexical: the query's fingerprints (fingerprints.py) looked up in the postings, each shared
  fingerprint voting with its IDF; fingerprints held by too many documents are skipped;
* semantic: each query sentence's nearest indexed sentences (cosine >= SEM_MIN), voting for the
  documents that contain them; this is what still finds round-trip translations.

Both scores are scaled to the best candidate and summed; the best ``align`` candidates are then
aligned with ``compare`` and ranked by how much of the query their passages explain.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from unspin.document import Document, Span
from unspin.index.build import content_text, evidence_sentences
from unspin.index.fingerprints import fingerprints
from unspin.index.store import Store, sentence_key
from unspin.segment.sentences import split_sentences

#: Nearest sentences looked up per query sentence, and the cosine below which they are noise.
SEM_K = 8
SEM_MIN = 0.72
#: Query chunk size (words) for locating lexical evidence.
CHUNK_WORDS = 60
#: Sentences of context kept around each piece of evidence when focusing a source.
FOCUS_CONTEXT = 3
#: Sources of at most this many sentences are aligned whole.
FOCUS_MIN_SENTENCES = 80
#: Candidates scoring below this share of the best one are not aligned (measured on PAN 2013:
#: every true source scored at least .25 of the best lexical score).
MIN_RATIO = 0.15


@dataclass
class Candidate:
    doc_id: int
    lexical: float = 0.0
    semantic: float = 0.0
    score: float = 0.0


class CachedEmbedder:
    """An embedder that memoises each sentence's vectors for the length of one check.

    The query is embedded once for retrieval and then aligned with several candidates; without
    the memo ``compare`` would run the model over the query again for every candidate.
    Token vectors are kept too, since ``compare`` asks for them (``encode_with_tokens``).
    """

    MAX_MEMO = 50_000

    def __init__(self, base):
        self.base = base
        self._memo: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __getattr__(self, name):
        return getattr(self.base, name)

    def encode_with_tokens(
        self, sentences: list[str], tokens: bool = True
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        if len(self._memo) > self.MAX_MEMO:
            self._memo.clear()
        todo = [s for s in dict.fromkeys(sentences) if s not in self._memo]
        if todo:
            vecs, toks = self.base.encode_with_tokens(todo, tokens=True)
            for s, v, t in zip(todo, vecs, toks, strict=True):
                self._memo[s] = (v, t)
        out = np.zeros((len(sentences), self.base.dim), dtype=np.float32)
        toks_out = []
        for i, s in enumerate(sentences):
            v, t = self._memo[s]
            out[i] = v
            toks_out.append(t)
        return out, toks_out

    def encode(self, sentences: list[str]) -> np.ndarray:
        return self.encode_with_tokens(sentences)[0]


def query_chunks(query: Document, words: int = CHUNK_WORDS) -> list[str]:
    """The query cut at sentence ends into pieces of about ``words`` words."""
    chunks, cur, n = [], [], 0
    for a, b in split_sentences(query.text, query.content_spans()):
        cur.append(query.text[a:b])
        n += len(query.text[a:b].split())
        if n >= words:
            chunks.append(" ".join(cur))
            cur, n = [], 0
    if cur:
        chunks.append(" ".join(cur))
    return chunks


def query_fingerprints(query: Document) -> dict[int, list[int]]:
    """Fingerprint -> the query chunks that hold it."""
    chunk_of: dict[int, list[int]] = defaultdict(list)
    for c, text in enumerate(query_chunks(query)):
        for h in fingerprints(text).tolist():
            chunk_of[h].append(c)
    return chunk_of


def lexical_scores(
    store: Store, query: Document, n_docs: int, chunk_of: dict[int, list[int]] | None = None
) -> dict[int, float]:
    """IDF-weighted votes of shared fingerprints, concentrated per query chunk.

    Reuse is local: a copied or spun passage shares many fingerprints with one stretch of the
    query, while a source on the same topic shares a few everywhere. Summing the squares of the
    per-chunk scores (then the square root) favours the first.
    """
    chunk_of = query_fingerprints(query) if chunk_of is None else chunk_of
    limit = max(100, n_docs // 50)
    per_chunk: dict[tuple[int, int], float] = defaultdict(float)
    for h, chunks in chunk_of.items():
        docs = store.postings(h, limit + 1)
        if not docs or len(docs) > limit:
            continue
        w = math.log((n_docs + 1) / (len(docs) + 0.5))
        for d in docs:
            for c in chunks:
                per_chunk[d, c] += w
    scores: dict[int, float] = defaultdict(float)
    for (d, _), v in per_chunk.items():
        scores[d] += v * v
    return {d: math.sqrt(v) for d, v in scores.items()}


def semantic_scores(
    store: Store, ann, embedder, query: Document
) -> tuple[dict[int, float], set[bytes]]:
    """Votes of near-duplicate sentences (per query sentence, each document counts once),
    and the keys of the indexed sentences that were hit."""
    sents = evidence_sentences(query)
    if ann is None or not sents:
        return {}, set()
    vecs = embedder.encode(sents)
    keys, sims = ann.search(vecs, SEM_K)
    # A model may say where its near-duplicates start (the multilingual one: a sentence and
    # its translation meet lower than MiniLM's paraphrases do; docs/multilingual.md).
    sem_min = float(getattr(embedder, "near_duplicate", SEM_MIN))
    hits = sims >= sem_min
    wanted = sorted({int(k) for k in keys[hits]})
    owners = store.docs_of_sentences(wanted)
    scores: dict[int, float] = defaultdict(float)
    for i in range(len(sents)):
        best: dict[int, float] = {}
        for k, s in zip(keys[i][hits[i]], sims[i][hits[i]], strict=True):
            docs = owners.get(int(k), ())
            # A sentence in many documents (boilerplate) is weak evidence for each of them.
            w = (float(s) - sem_min + 0.05) / (1.0 + math.log1p(max(0, len(docs) - 1)))
            for d in docs:
                best[d] = max(best.get(d, 0.0), w)
        for d, w in best.items():
            scores[d] += w
    return scores, store.sentence_keys(wanted)


@dataclass
class Evidence:
    """What the query can share with a source: all its word pairs (unsampled), and the indexed
    sentences its sentences hit in the ANN."""

    fingerprints: set[int] = field(default_factory=set)
    sentence_keys: set[bytes] = field(default_factory=set)


def candidates(
    store: Store, ann, embedder, query: Document, limit: int, evidence: Evidence | None = None
) -> list[Candidate]:
    """The ``limit`` documents with the strongest cheap evidence, best first.

    Fills ``evidence`` (when given) so that alignment can focus on the matching regions.
    """
    n_docs = store.count()
    if n_docs == 0:
        return []
    chunk_of = query_fingerprints(query)
    lex = lexical_scores(store, query, n_docs, chunk_of)
    sem, hit_keys = semantic_scores(store, ann, embedder, query) if ann is not None else ({}, set())
    if evidence is not None:
        evidence.fingerprints = set(fingerprints(content_text(query), sample=1).tolist())
        evidence.sentence_keys = hit_keys
    top_lex = max(lex.values(), default=0.0) or 1.0
    top_sem = max(sem.values(), default=0.0) or 1.0
    out = []
    for d in set(lex) | set(sem):
        c = Candidate(d, lex.get(d, 0.0), sem.get(d, 0.0))
        c.score = c.lexical / top_lex + c.semantic / top_sem
        out.append(c)
    out.sort(key=lambda c: (-c.score, c.doc_id))
    return out[:limit]


def focus(source: Document, evidence: Evidence, context: int = FOCUS_CONTEXT) -> list[Span] | None:
    """Spans of the source around its sentences with shared evidence (None: all of it).

    ``compare`` embeds the sentences of what it is asked to align; a long source whose reused
    part is a paragraph would otherwise cost the model a run over every sentence. The spans go
    to the engine as its ``focus``; the document's ``main`` (its extraction) is left alone.
    """
    spans = split_sentences(source.text, source.content_spans())
    if len(spans) <= FOCUS_MIN_SENTENCES:
        return None
    marked = []
    for i, (a, b) in enumerate(spans):
        text = source.text[a:b]
        if sentence_key(text) in evidence.sentence_keys or not evidence.fingerprints.isdisjoint(
            fingerprints(text, sample=1).tolist()
        ):
            marked.append(i)
    if not marked:
        return None
    windows: list[list[int]] = []
    for i in marked:
        lo, hi = max(0, i - context), min(len(spans) - 1, i + context)
        if windows and lo <= windows[-1][1] + 1:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [(spans[lo][0], spans[hi][1]) for lo, hi in windows]
