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
from unspin.index.build import MIN_WORDS, content_text
from unspin.index.fingerprints import fingerprint_offsets, fingerprints
from unspin.index.store import Store, sentence_key
from unspin.represent.static import STATIC_MODEL
from unspin.segment.sentences import split_sentences

#: Nearest sentences looked up per query sentence, and the cosine below which they are noise
#: (MiniLM vectors; the static embedding's cosines run higher for unrelated sentences).
SEM_K = 8
SEM_MIN = 0.72
SEM_MIN_STATIC = 0.80
#: Nearest sentences looked up per query window (its mean vector), at a lower floor.
SEM_K_WINDOW = 16
WINDOW_SLACK = 0.08
#: Query chunk size (words) for locating lexical evidence.
CHUNK_WORDS = 60
#: Sentences of context kept around each piece of evidence when focusing a source.
FOCUS_CONTEXT = 3
#: Sources of at most this many sentences are aligned whole.
FOCUS_MIN_SENTENCES = 80
#: Candidates scoring below this share of the best one are not aligned (measured on PAN 2013:
#: every true source scored at least .25 of the best lexical score).
MIN_RATIO = 0.15
#: A document proposed by one window of the query needs this share of the strongest evidence of
#: any (document, window) of the query: a spun passage shares a fifth of what a copied one does
#: (tuned on the tune half of PAN 2013 training queries).
WINDOW_FLOOR = 0.05


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


@dataclass
class Passages:
    """The query cut at sentence ends into windows of about ``CHUNK_WORDS`` words: each window
    gets its own candidate list, so a text that reuses seven sources gets seven lists."""

    texts: list[str]
    sentences: list[str]  # evidence sentences (worth a vector)
    window_of: list[int]  # the window of each evidence sentence


def query_passages(query: Document, words: int = CHUNK_WORDS) -> Passages:
    texts: list[str] = []
    sents: list[str] = []
    window_of: list[int] = []
    cur: list[str] = []
    n = 0
    for a, b in split_sentences(query.text, query.content_spans()):
        s = query.text[a:b]
        cur.append(s)
        if len(s.split()) >= MIN_WORDS:
            sents.append(s)
            window_of.append(len(texts))
        n += len(s.split())
        if n >= words:
            texts.append(" ".join(cur))
            cur, n = [], 0
    if cur:
        texts.append(" ".join(cur))
    return Passages(texts, sents, window_of)


def query_chunks(query: Document, words: int = CHUNK_WORDS) -> list[str]:
    """The query's windows (see :class:`Passages`)."""
    return query_passages(query, words).texts


def query_fingerprints(query: Document, texts: list[str] | None = None) -> dict[int, list[int]]:
    """Fingerprint -> the query windows that hold it."""
    chunk_of: dict[int, list[int]] = defaultdict(list)
    for c, text in enumerate(query_chunks(query) if texts is None else texts):
        for h in fingerprints(text).tolist():
            chunk_of[h].append(c)
    return chunk_of


def lexical_windows(
    store: Store, n_docs: int, chunk_of: dict[int, list[int]]
) -> dict[tuple[int, int], float]:
    """(document, query window) -> IDF-weighted votes of the fingerprints they share;
    fingerprints held by too many documents are skipped."""
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
    return per_chunk


def lexical_scores(
    store: Store, query: Document, n_docs: int, chunk_of: dict[int, list[int]] | None = None
) -> dict[int, float]:
    """IDF-weighted votes of shared fingerprints, concentrated per query window.

    Reuse is local: a copied or spun passage shares many fingerprints with one stretch of the
    query, while a source on the same topic shares a few everywhere. Summing the squares of the
    per-window scores (then the square root) favours the first.
    """
    chunk_of = query_fingerprints(query) if chunk_of is None else chunk_of
    scores: dict[int, float] = defaultdict(float)
    for (d, _), v in lexical_windows(store, n_docs, chunk_of).items():
        scores[d] += v * v
    return {d: math.sqrt(v) for d, v in scores.items()}


def semantic_floor(embedder) -> float:
    """The cosine below which a nearest sentence is noise, for this model's vectors: a model
    may say where its near-duplicates start (the multilingual one: a sentence and its translation
    meet lower than MiniLM's paraphrases do, docs/multilingual.md; static vectors: unrelated
    sentences meet higher)."""
    if getattr(embedder, "name", "") == STATIC_MODEL:
        return SEM_MIN_STATIC
    return float(getattr(embedder, "near_duplicate", SEM_MIN))


def semantic_windows(
    store: Store, ann, embedder, passages: Passages
) -> tuple[dict[tuple[int, int], float], set[bytes]]:
    """(document, query window) -> votes of near-duplicate sentences (per query sentence,
    each document counts once), and the keys of the indexed sentences that were hit.

    Each window's mean vector is looked up too: a summary rewrites a passage into fewer,
    denser sentences that match no source sentence closely, but the passage as a whole does.
    """
    sents = passages.sentences
    if ann is None or not sents:
        return {}, set()
    floor = semantic_floor(embedder)
    vecs = embedder.encode(sents)
    keys, sims = ann.search(vecs, SEM_K)
    hits = sims >= floor
    n_win = len(passages.texts)
    win = np.zeros((n_win, vecs.shape[1]), dtype=np.float32)
    np.add.at(win, np.asarray(passages.window_of), vecs)
    win /= np.maximum(np.linalg.norm(win, axis=1, keepdims=True), 1e-12)
    wkeys, wsims = ann.search(win, SEM_K_WINDOW)
    whits = wsims >= floor - WINDOW_SLACK
    wanted = sorted({int(k) for k in keys[hits]} | {int(k) for k in wkeys[whits]})
    owners = store.docs_of_sentences(wanted)
    scores: dict[tuple[int, int], float] = defaultdict(float)

    def vote(ks, ss, c: int, lo: float) -> None:
        best: dict[int, float] = {}
        for k, s in zip(ks, ss, strict=True):
            docs = owners.get(int(k), ())
            # A sentence in many documents (boilerplate) is weak evidence for each of them.
            w = (float(s) - lo + 0.05) / (1.0 + math.log1p(max(0, len(docs) - 1)))
            for d in docs:
                best[d] = max(best.get(d, 0.0), w)
        for d, w in best.items():
            scores[d, c] += w

    for i in range(len(sents)):
        vote(keys[i][hits[i]], sims[i][hits[i]], passages.window_of[i], floor)
    for c in range(n_win):
        vote(wkeys[c][whits[c]], wsims[c][whits[c]], c, floor - WINDOW_SLACK)
    hit_keys = {int(k) for k in keys[hits]}
    return scores, store.sentence_keys(sorted(hit_keys))


def semantic_scores(
    store: Store, ann, embedder, query: Document
) -> tuple[dict[int, float], set[bytes]]:
    """Votes of near-duplicate sentences per document, and the indexed sentences hit."""
    per, keys = semantic_windows(store, ann, embedder, query_passages(query))
    scores: dict[int, float] = defaultdict(float)
    for (d, _), v in per.items():
        scores[d] += v
    return scores, keys


@dataclass
class Evidence:
    """What the query can share with a source: all its word pairs (unsampled), and the indexed
    sentences its sentences hit in the ANN."""

    fingerprints: set[int] = field(default_factory=set)
    sentence_keys: set[bytes] = field(default_factory=set)


def candidates(
    store: Store, ann, embedder, query: Document, limit: int, evidence: Evidence | None = None
) -> list[Candidate]:
    """The ``limit`` documents with the strongest cheap evidence, drawn passage by passage.

    Every window of the query ranks the documents by its own lexical and semantic evidence;
    candidates are taken round by round: every window's best document, then every window's
    second, ... (each round in order of overall score), so one heavily reused source cannot
    crowd out the sources of the other passages. A window's document must reach
    ``WINDOW_FLOOR`` of the strongest window evidence of the query.
    Fills ``evidence`` (when given) so that alignment can focus on the matching regions.
    """
    n_docs = store.count()
    if n_docs == 0:
        return []
    passages = query_passages(query)
    lex = lexical_windows(store, n_docs, query_fingerprints(query, passages.texts))
    sem, hit_keys = (
        semantic_windows(store, ann, embedder, passages) if ann is not None else ({}, set())
    )
    if evidence is not None:
        evidence.fingerprints = set(fingerprints(content_text(query), sample=1).tolist())
        evidence.sentence_keys = hit_keys
    top_lex = max(lex.values(), default=0.0) or 1.0
    top_sem = max(sem.values(), default=0.0) or 1.0
    per: dict[tuple[int, int], float] = {}
    for key in set(lex) | set(sem):
        per[key] = lex.get(key, 0.0) / top_lex + sem.get(key, 0.0) / top_sem
    found: dict[int, Candidate] = {}
    for (d, _), v in per.items():
        c = found.setdefault(d, Candidate(d))
        c.score += v * v
    for (d, _), v in lex.items():
        found[d].lexical += v
    for (d, _), v in sem.items():
        found[d].semantic += v
    for c in found.values():
        c.score = math.sqrt(c.score)
    best = max(per.values(), default=0.0)
    windows: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (d, w), v in per.items():
        if v >= WINDOW_FLOOR * best:
            windows[w].append((-v, d))
    rank: dict[int, int] = {}
    for lst in windows.values():
        lst.sort()
        for r, (_, d) in enumerate(lst):
            rank[d] = min(rank.get(d, r), r)
    out = [c for c in found.values() if c.doc_id in rank]
    out.sort(key=lambda c: (rank[c.doc_id], -c.score, c.doc_id))
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
    # Lower-casing keeps offsets for the scripts sources are written in; a text where it does
    # not (rare ligatures) only loses precision here, never a source: focus falls back below.
    hashes, offsets = fingerprint_offsets(source.text)
    shared = offsets[np.isin(hashes, np.fromiter(evidence.fingerprints, np.int64))]
    starts = np.asarray([a for a, _ in spans], dtype=np.int64)
    hit = set(np.searchsorted(starts, shared, side="right").tolist())
    marked = [
        i
        for i, (a, b) in enumerate(spans)
        if i + 1 in hit or sentence_key(source.text[a:b]) in evidence.sentence_keys
    ]
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
