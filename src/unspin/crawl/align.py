"""Align stage: the ``compare`` engine on each candidate pair, inside ``mapPartitions``.

The model is loaded once per executor process (``load_embedder`` keeps it in the process's
cache) and every task of a partition reuses it. A pair whose alignment fails or runs past
``PAIR_SECONDS`` is kept as a ``skipped`` row, never failing the job. The verdict on which
side is the original comes from :mod:`unspin.align.origin`, the same function ``compare``
reports with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

#: A pair that takes longer than this is listed in ``skipped`` (huge or pathological pages).
PAIR_SECONDS = 300.0

_SIDE = (
    "doc_id",
    "name",
    "url",
    "site",
    "path",
    "title",
    "date",
    "text",
    "main",
    "links",
    "is_source",
)


def pair_id(a: str, b: str) -> str:
    return hashlib.sha1(f"{a}\x00{b}".encode()).hexdigest()[:12]


def align_partition(rows: Iterable, opts) -> Iterator[dict]:
    """One output dict per candidate: ``status`` "pair" (reuse found), "none" or "skip"."""
    from unspin.align.compare import compare
    from unspin.limits import TimeLimitExceeded, time_limit

    embedder = None
    if not opts.lexical_only:
        from unspin.represent.embed import load_embedder

        embedder = load_embedder(opts.model)  # once per executor process
    for row in rows:
        a, b = _sides(row)
        out = {"pair_id": pair_id(a["doc_id"], b["doc_id"]), "shared": row["shared"]}
        try:
            with time_limit(PAIR_SECONDS):
                result = compare(
                    _doc(a), _doc(b), embedder=embedder, lexical_only=opts.lexical_only
                )
                if not result.passages:
                    yield {**out, "status": "none", "problem": None}
                    continue
                yield {**out, **_pair_row(a, b, result), "status": "pair", "problem": None}
        except TimeLimitExceeded:
            yield {**out, "status": "skip", "problem": f"alignment over {PAIR_SECONDS:.0f}s"}
        except Exception as err:
            yield {**out, "status": "skip", "problem": f"alignment failed ({type(err).__name__})"}


def _sides(row) -> tuple[dict, dict]:
    a = {k: row[f"a_{k}"] for k in _SIDE}
    b = {k: row[f"b_{k}"] for k in _SIDE}
    # a listed source is always compared as the source
    if b["is_source"] and not a["is_source"]:
        a, b = b, a
    return a, b


def _doc(side: dict):
    from unspin.crawl.read import to_document

    return to_document(side)


def _pair_row(a: dict, b: dict, result) -> dict:
    from unspin.align.origin import likely_original

    cov = result.coverage
    chars = {"verbatim": 0, "edited": 0, "paraphrase": 0}
    sim_num = 0.0
    for p in result.passages:
        chars[p.kind] = chars.get(p.kind, 0) + p.suspicious_length
        sim_num += p.similarity * p.suspicious_length
    total = sum(chars.values()) or 1
    origin = likely_original(result, links=(list(a["links"] or []), list(b["links"] or [])))
    original = {"source": a["doc_id"], "suspicious": b["doc_id"]}.get(origin.original)
    copy = {"source": b["doc_id"], "suspicious": a["doc_id"]}.get(origin.original)
    passages = [
        {
            "n": i,
            "a_offset": p.source_offset,
            "a_length": p.source_length,
            "b_offset": p.suspicious_offset,
            "b_length": p.suspicious_length,
            "similarity": float(p.similarity),
            "kind": p.kind,
            "edits": json.dumps([e.__dict__ for e in p.edits], ensure_ascii=False),
        }
        for i, p in enumerate(sorted(result.passages, key=lambda p: p.suspicious_offset))
    ]
    return {
        "doc_a": a["doc_id"],
        "doc_b": b["doc_id"],
        "name_a": a["name"],
        "name_b": b["name"],
        "url_a": a["url"],
        "url_b": b["url"],
        "site_a": a["site"],
        "site_b": b["site"],
        "coverage_a": round(float(cov["source"]), 4),
        "coverage_b": round(float(cov["suspicious"]), 4),
        "verbatim_chars": chars["verbatim"],
        "edited_chars": chars["edited"],
        "paraphrase_chars": chars["paraphrase"],
        "similarity": round(sim_num / total, 4),
        "n_passages": len(passages),
        "original": original or "undecided",
        "copy": copy,
        "origin_score": round(float(origin.score), 3),
        "evidence": json.dumps(origin.evidence, ensure_ascii=False),
        "model": result.model,
        "passages": passages,
    }


def aligned_schema():
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    s, i, d = StringType(), IntegerType(), DoubleType()
    passage = StructType(
        [StructField(n, t) for n, t in (
            ("n", i), ("a_offset", i), ("a_length", i), ("b_offset", i), ("b_length", i),
            ("similarity", d), ("kind", s), ("edits", s),
        )]
    )  # fmt: skip
    fields = [
        ("pair_id", s), ("status", s), ("problem", s), ("shared", LongType()),
        ("doc_a", s), ("doc_b", s), ("name_a", s), ("name_b", s), ("url_a", s), ("url_b", s),
        ("site_a", s), ("site_b", s), ("coverage_a", d), ("coverage_b", d),
        ("verbatim_chars", i), ("edited_chars", i), ("paraphrase_chars", i), ("similarity", d),
        ("n_passages", i), ("original", s), ("copy", s), ("origin_score", d), ("evidence", s),
        ("model", s),
    ]  # fmt: skip
    return StructType(
        [StructField(n, t) for n, t in fields] + [StructField("passages", ArrayType(passage))]
    )


def aligned(spark, candidates, docs, opts):
    """The candidates joined with both documents, aligned: a DataFrame in ``aligned_schema``."""
    from pyspark.sql import functions as F

    def side(prefix: str, key: str):
        return docs.select(
            F.col("doc_id").alias(key), *[F.col(k).alias(f"{prefix}_{k}") for k in _SIDE]
        )

    joined = candidates.join(side("a", "doc_a"), "doc_a").join(side("b", "doc_b"), "doc_b")
    parts = max(1, spark.sparkContext.defaultParallelism * 4)
    rdd = joined.repartition(parts).rdd.mapPartitions(lambda rows: _as_rows(rows, opts))
    return spark.createDataFrame(rdd, aligned_schema())


def _as_rows(rows, opts):
    names = [f.name for f in aligned_schema().fields]
    for out in align_partition((r.asDict() for r in rows), opts):
        yield tuple(out.get(n) for n in names)
