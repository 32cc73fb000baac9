"""Seeding: sentence pairs that are rewrites of each other.

Cheap lexical evidence first (tf-isf cosine over content stems, as in Sanchez-Perez et al.),
then the pair judge. The embedding model is spent only on pairs the lexical judge cannot settle,
and on all pairs of small documents, where a rewrite may share no content word at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

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
    # Where the lexical judge agrees with the full judge on >= 99.9% of mt-pan pairs (+ mismatched):
    sure: float = 0.9  # lexical probability that settles a pair as a rewrite...
    sure_min_shared: int = 3  # ...when the two sentences share at least this many content stems
    hopeless: float = 0.1  # lexical probability that settles it as not
    # A short suspicious text (an answer, a snippet, a spun news article) is cheap to explain
    # fully, and heavy paraphrase sharing no content word hides there: the model sees every pair.
    embed_all_susp: int = 25  # suspicious sentences at most...
    embed_all_total: int = 250  # ...and sentences in all at most
    anchor_window: int = 4  # longer ones: model sees pairs this near a lexically sure seed
    margin: float = 1.5  # log-odds: keep seeds within this of the best of both their sentences
    per_sentence: int = 3


#: Source sentences looked at per suspicious sentence (seeds keep at most ``per_sentence``).
MAX_CANDIDATES = 10


def tfisf_cosine(src: Sentences, susp: Sentences, gate: float) -> dict[tuple[int, int], float]:
    """Cosine of tf-isf vectors over content stems, for the pairs at or above ``gate``.

    Postings lists in plain Python: documents have hundreds of sentences, and this keeps
    scipy (and its import time) out of a cold ``unspin compare``.
    """
    vecs: list[dict[str, float]] = []
    df: dict[str, int] = {}
    for sents in (src, susp):
        for toks in sents.tokens:
            tf: dict[str, float] = {}
            for t in toks:
                if t.stem:
                    tf[t.stem] = tf.get(t.stem, 0.0) + 1.0
            vecs.append(tf)
            for st in tf:
                df[st] = df.get(st, 0) + 1
    n = len(vecs)
    isf = {st: math.log((n + 1) / (d + 0.5)) for st, d in df.items()}
    for v in vecs:
        for st in v:
            v[st] *= isf[st]
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        for st in v:
            v[st] /= norm
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, v in enumerate(vecs[: len(src)]):
        for st, w in v.items():
            postings.setdefault(st, []).append((i, w))
    out: dict[tuple[int, int], float] = {}
    for j, v in enumerate(vecs[len(src) :]):
        acc: dict[int, float] = {}
        for st, w in v.items():
            for i, wi in postings.get(st, ()):
                acc[i] = acc.get(i, 0.0) + w * wi
        hits = [(c, i) for i, c in acc.items() if c >= gate]
        if len(hits) > MAX_CANDIDATES:  # repeated or formulaic text: only the closest matter
            hits = sorted(hits, reverse=True)[:MAX_CANDIDATES]
        for c, i in hits:
            out[(i, j)] = c
    return out


def find_seeds(
    src: Sentences,
    susp: Sentences,
    embedder=None,
    cfg: SeedConfig | None = None,
    thorough: bool = False,
) -> list[Seed]:
    cfg = cfg or SeedConfig()
    models = load_models()
    pairs = set(tfisf_cosine(src, susp, cfg.gate))
    small = len(susp) <= cfg.embed_all_susp and len(src) + len(susp) <= cfg.embed_all_total
    embed_all = embedder is not None and (thorough or small)
    if embed_all:
        ensure_vectors(src, range(len(src)), embedder)
        ensure_vectors(susp, range(len(susp)), embedder)
        dense = src.vectors @ susp.vectors.T
        pairs |= set(zip(*(x.tolist() for x in np.nonzero(dense >= cfg.dense_gate))))
    if not pairs:
        return []
    pairs_l = sorted(pairs)
    lex = np.array(
        [
            lexical_features(
                src.text(i),
                susp.text(j),
                src.tokens[i],
                susp.tokens[j],
                src.grams(i),
                susp.grams(j),
            )
            for i, j in pairs_l
        ]
    )
    p_lex = models["lexical"].proba(lex)
    if embedder is None:
        thr = models["lexical"].threshold
        scored = [(i, j, float(p), True) for (i, j), p in zip(pairs_l, p_lex) if p >= thr]
        return _prune(scored, cfg)
    scored = []
    undecided = []
    # Lexically sure needs enough shared words to be sure of: two sentences on one subject
    # sharing two content words ("know", "cholesterol") go to the model, which tells them apart.
    sure = [
        p >= cfg.sure and _shares_enough(src.tokens[i], susp.tokens[j], cfg.sure_min_shared)
        for (i, j), p in zip(pairs_l, p_lex)
    ]
    for (i, j), p, ok in zip(pairs_l, p_lex, sure):
        if ok:
            scored.append((i, j, float(p), True))
    settled = {j for _, j, _, _ in scored}  # a sentence lexical evidence settled needs no model
    anchors = [(i, j) for i, j, _, _ in scored]
    w = cfg.anchor_window
    for k, ((i, j), p) in enumerate(zip(pairs_l, p_lex)):
        if sure[k] or j in settled or not (p > cfg.hopeless or embed_all):
            continue
        # In long documents the model is spent around lexical anchors, to carry a passage
        # through its more heavily rewritten sentences; --thorough lifts this.
        if embed_all or any(abs(i - a) <= w and abs(j - b) <= w for a, b in anchors):
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


def _shares_enough(a, b, need: int) -> bool:
    """At least ``need`` content stems in common, or every one of a short sentence's."""
    sa, sb = {t.stem for t in a if t.stem}, {t.stem for t in b if t.stem}
    shared = len(sa & sb)
    return shared >= need or 0 < shared == min(len(sa), len(sb))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _prune(scored: list[tuple[int, int, float, bool]], cfg: SeedConfig) -> list[Seed]:
    """Keep a seed only if it is among the best of its suspicious sentence *and* of its source
    sentence (within ``margin`` in log-odds, at most ``per_sentence``): a sentence that resembles
    several others keeps its true counterpart, not the look-alikes."""
    best_susp: dict[int, float] = {}
    best_src: dict[int, float] = {}
    for i, j, p, _ in scored:
        z = _logit(p)
        best_susp[j] = max(best_susp.get(j, -99.0), z)
        best_src[i] = max(best_src.get(i, -99.0), z)
    keep = [
        s
        for s in scored
        if _logit(s[2]) >= best_susp[s[1]] - cfg.margin
        and _logit(s[2]) >= best_src[s[0]] - cfg.margin
    ]
    by_susp: dict[int, list[tuple[int, int, float, bool]]] = {}
    for s in keep:
        by_susp.setdefault(s[1], []).append(s)
    out = []
    for group in by_susp.values():
        group.sort(key=lambda s: -s[2])
        out.extend(Seed(*s) for s in group[: cfg.per_sentence])
    return sorted(out, key=lambda s: (s.susp, s.src))
