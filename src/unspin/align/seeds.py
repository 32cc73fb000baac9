"""Seeding: sentence pairs that are rewrites of each other.

Cheap lexical evidence first (tf-isf cosine over content stems, as in Sanchez-Perez et al.),
then the pair judge. The embedding model is spent only on pairs the lexical judge cannot settle,
and on all pairs of small documents, where a rewrite may share no content word at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from unspin.align.judge import dense_features, lexical_features, load_models, soft_match
from unspin.align.sentences import Sentences, ensure_vectors


@dataclass(frozen=True)
class Seed:
    src: int  # sentence index in the source
    susp: int  # sentence index in the suspicious text
    score: float  # probability that susp is a rewrite of src
    lexical: bool  # settled without the model


@dataclass
class SeedConfig:
    gate: float = 0.18  # tf-isf cosine a pair needs to be looked at lexically
    dense_gate: float = 0.45  # embedding cosine a pair needs when the model sees all pairs
    sure: float = 0.97  # lexical probability that settles a pair as a rewrite
    hopeless: float = 0.02  # lexical probability that settles it as not
    embed_all_below: int = 160  # documents with fewer sentences in all: model sees every pair
    margin: float = 0.25  # keep seeds of a suspicious sentence within this of its best
    per_sentence: int = 3


def tfisf_cosine(src: Sentences, susp: Sentences) -> sparse.coo_matrix:
    """Sparse (n_src, n_susp) cosine of tf-isf vectors over content stems."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for offset, sents in ((0, src), (len(src), susp)):
        for i, toks in enumerate(sents.tokens):
            for t in toks:
                if t.stem:
                    rows.append(offset + i)
                    cols.append(vocab.setdefault(t.stem, len(vocab)))
    n = len(src) + len(susp)
    m = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, len(vocab)))
    m.sum_duplicates()
    df = np.bincount(m.indices, minlength=len(vocab))
    m = m.multiply(np.log((n + 1) / (df + 0.5))[None, :]).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(1)).ravel())
    m = sparse.diags(1 / np.maximum(norms, 1e-9)) @ m
    return (m[: len(src)] @ m[len(src) :].T).tocoo()


def find_seeds(src: Sentences, susp: Sentences, embedder=None, cfg: SeedConfig | None = None,
               thorough: bool = False) -> list[Seed]:
    cfg = cfg or SeedConfig()
    models = load_models()
    cos = tfisf_cosine(src, susp)
    keep = cos.data >= cfg.gate
    pairs = set(zip(cos.row[keep].tolist(), cos.col[keep].tolist()))
    embed_all = embedder is not None and (thorough or len(src) + len(susp) < cfg.embed_all_below)
    if embed_all:
        ensure_vectors(src, range(len(src)), embedder)
        ensure_vectors(susp, range(len(susp)), embedder)
        dense = src.vectors @ susp.vectors.T
        pairs |= set(zip(*(x.tolist() for x in np.nonzero(dense >= cfg.dense_gate))))
    if not pairs:
        return []
    pairs_l = sorted(pairs)
    lex = np.array([
        lexical_features(src.text(i), susp.text(j), src.tokens[i], susp.tokens[j],
                         src.grams(i), susp.grams(j))
        for i, j in pairs_l
    ])
    p_lex = models["lexical"].proba(lex)
    if embedder is None:
        thr = models["lexical"].threshold
        scored = [(i, j, float(p), True) for (i, j), p in zip(pairs_l, p_lex) if p >= thr]
        return _prune(scored, cfg)
    scored = []
    undecided = []
    for k, ((i, j), p) in enumerate(zip(pairs_l, p_lex)):
        if p >= cfg.sure:
            scored.append((i, j, float(p), True))
        elif p > cfg.hopeless or embed_all:
            undecided.append(k)
    if undecided:
        ensure_vectors(src, {pairs_l[k][0] for k in undecided}, embedder)
        ensure_vectors(susp, {pairs_l[k][1] for k in undecided}, embedder)
        feats = []
        for k in undecided:
            i, j = pairs_l[k]
            c = float(src.vectors[i] @ susp.vectors[j])
            soft = soft_match(src.token_vectors[i], susp.token_vectors[j])
            feats.append(np.concatenate([lex[k], dense_features(c, soft)]))
        p_dense = models["dense"].proba(np.array(feats))
        thr = models["dense"].threshold
        for k, p in zip(undecided, p_dense):
            if p >= thr:
                i, j = pairs_l[k]
                scored.append((i, j, float(p), False))
    return _prune(scored, cfg)


def _prune(scored: list[tuple[int, int, float, bool]], cfg: SeedConfig) -> list[Seed]:
    """Keep, for each suspicious sentence, its best sources (within a margin, at most a few)."""
    by_susp: dict[int, list[tuple[int, int, float, bool]]] = {}
    for s in scored:
        by_susp.setdefault(s[1], []).append(s)
    out = []
    for group in by_susp.values():
        group.sort(key=lambda s: -s[2])
        best = group[0][2]
        out.extend(Seed(*s) for s in group[: cfg.per_sentence] if s[2] >= best - cfg.margin)
    return sorted(out, key=lambda s: (s.susp, s.src))
