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
from dataclasses import dataclass

import numpy as np

from unspin.document import Document
from unspin.index.build import evidence_sentences
from unspin.index.fingerprints import fingerprints
from unspin.index.store import Store, sentence_key
from unspin.segment.sentences import split_sentences

#: Nearest sentences looked up per query sentence, and the cosine below which they are noise.
SEM_K = 8
SEM_MIN = 0.72
#: Query chunk size (words) for locating lexical evidence.
CHUNK_WORDS = 60


@dataclass
class Candidate:
    doc_id: int
    lexical: float = 0.0
    semantic: float = 0.0
    score: float = 0.0


class CachedEmbedder:
    """An embedder that takes indexed sentences' vectors from the store and memoises the rest.

    ``compare`` embeds the source's sentences again; for an indexed source they are already in
    SQLite, so alignment costs lookups instead of model runs.
    """

    def __init__(self, base, store: Store | None):
        self.base = base
        self.store = store if store is not None and store.dim == base.dim else None
        self._memo: dict[bytes, np.ndarray] = {}

    def __getattr__(self, name):
        return getattr(self.base, name)

    def encode(self, sentences: list[str]) -> np.ndarray:
        keys = [sentence_key(s) for s in sentences]
        missing = [k for k in dict.fromkeys(keys) if k not in self._memo]
        if missing and self.store is not None:
            found = self.store.vectors(missing)
            for k, v in found.items():
                self._memo[k] = v / max(float(np.linalg.norm(v)), 1e-12)
        todo = {k: s for k, s in zip(keys, sentences, strict=True) if k not in self._memo}
        if todo:
            for k, v in zip(todo, self.base.encode(list(todo.values())), strict=True):
                self._memo[k] = v
        if len(self._memo) > 200_000:
            self._memo.clear()
            return self.encode(sentences)
        out = np.zeros((len(sentences), self.base.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = self._memo[k]
        return out


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


def lexical_scores(store: Store, query: Document, n_docs: int) -> dict[int, float]:
    """IDF-weighted votes of shared fingerprints, concentrated per query chunk.

    Reuse is local: a copied or spun passage shares many fingerprints with one stretch of the
    query, while a source on the same topic shares a few everywhere. Summing the squares of the
    per-chunk scores (then the square root) favours the first.
    """
    chunk_of: dict[int, list[int]] = defaultdict(list)
    for c, text in enumerate(query_chunks(query)):
        for h in fingerprints(text).tolist():
            chunk_of[h].append(c)
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


def semantic_scores(store: Store, ann, embedder, query: Document) -> dict[int, float]:
    """Votes of near-duplicate sentences: per query sentence, each document counts once."""
    sents = evidence_sentences(query)
    if ann is None or not sents:
        return {}
    vecs = embedder.encode(sents)
    keys, sims = ann.search(vecs, SEM_K)
    hits = sims >= SEM_MIN
    wanted = sorted({int(k) for k in keys[hits]})
    owners = store.docs_of_sentences(wanted)
    scores: dict[int, float] = defaultdict(float)
    for i in range(len(sents)):
        best: dict[int, float] = {}
        for k, s in zip(keys[i][hits[i]], sims[i][hits[i]], strict=True):
            docs = owners.get(int(k), ())
            # A sentence in many documents (boilerplate) is weak evidence for each of them.
            w = (float(s) - SEM_MIN + 0.05) / (1.0 + math.log1p(max(0, len(docs) - 1)))
            for d in docs:
                best[d] = max(best.get(d, 0.0), w)
        for d, w in best.items():
            scores[d] += w
    return scores


def candidates(store: Store, ann, embedder, query: Document, limit: int) -> list[Candidate]:
    """The ``limit`` documents with the strongest cheap evidence, best first."""
    n_docs = store.count()
    if n_docs == 0:
        return []
    lex = lexical_scores(store, query, n_docs)
    sem = semantic_scores(store, ann, embedder, query) if ann is not None else {}
    top_lex = max(lex.values(), default=0.0) or 1.0
    top_sem = max(sem.values(), default=0.0) or 1.0
    out = []
    for d in set(lex) | set(sem):
        c = Candidate(d, lex.get(d, 0.0), sem.get(d, 0.0))
        c.score = c.lexical / top_lex + c.semantic / top_sem
        out.append(c)
    out.sort(key=lambda c: (-c.score, c.doc_id))
    return out[:limit]
