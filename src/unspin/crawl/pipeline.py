"""The crawl, stage by stage, each stage's result kept in ``OUT/_stages`` so a re-run resumes.

read -> candidates (fingerprints, join) -> aligned (compare engine) -> labels (clusters) ->
the tables users read (documents, pairs, passages, clusters, sites, skipped) and report.html.
A stage is finished when its folder holds Spark's ``_SUCCESS`` marker; a re-run with the same
options reads it back instead of computing it again. ``OUT`` must be a folder the driver and
every executor see (local disk for a local session, a shared file system on a cluster).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from unspin.crawl.options import CrawlOptions
from unspin.crawl.session import Progress, spark_session

TABLES = ("documents", "pairs", "passages", "clusters", "sites", "skipped")


def run(
    inputs: list[str],
    out: str,
    *,
    master: str | None = None,
    sources: list[str] = (),
    fmt: str = "parquet",
    lexical_only: bool = False,
    model: str | None = None,
    max_df: int = 50,
    min_shared: int = 3,
    per_document: int = 5,
    min_score: float = 2.0,
    quiet: bool = False,
    spark=None,
) -> dict:
    """Crawl ``inputs`` (and ``sources``) into the folder ``out``; returns the run's counts."""
    from unspin.errors import UnspinError

    if fmt not in ("parquet", "jsonl"):
        raise UnspinError(f"--format must be parquet or jsonl, not {fmt!r}")
    sources = tuple(os.path.abspath(s) for s in sources)
    paths = tuple(dict.fromkeys([os.path.abspath(p) for p in inputs] + list(sources)))
    opts = CrawlOptions(
        paths, sources, fmt, lexical_only, model, max_df, min_shared, per_document, min_score
    )
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    stages = outdir / "_stages"
    _fresh_if_changed(stages, opts)
    spark = spark or spark_session(master)
    progress = Progress(spark, quiet)
    started = time.monotonic()
    try:
        counts = _run(spark, opts, outdir, stages, progress)
    finally:
        progress.close()
    counts["seconds"] = round(time.monotonic() - started, 1)
    (outdir / "summary.json").write_text(json.dumps(counts, indent=1), encoding="utf-8")
    progress.say(f"done: {json.dumps(counts)}")
    return counts


def _fresh_if_changed(stages: Path, opts: CrawlOptions) -> None:
    marker = stages / "options.json"
    if marker.exists() and marker.read_text(encoding="utf-8") != opts.key():
        shutil.rmtree(stages)  # other inputs or options: nothing earlier can be reused
    stages.mkdir(parents=True, exist_ok=True)
    marker.write_text(opts.key(), encoding="utf-8")


def _stage(spark, stages: Path, name: str, build, progress: Progress):
    path = stages / name
    if (path / "_SUCCESS").exists():
        progress.say(f"{name}: finished in an earlier run, kept")
        return spark.read.parquet(str(path))
    progress.stage(name)
    build().write.mode("overwrite").parquet(str(path))
    return spark.read.parquet(str(path))


def _run(spark, opts: CrawlOptions, outdir: Path, stages: Path, progress: Progress) -> dict:
    from pyspark.sql import functions as F

    from unspin.crawl import align, candidates, clusters, report, sites
    from unspin.crawl.read import list_inputs

    files, parquet, missing = list_inputs(list(opts.inputs))
    progress.say(f"read: {len(files)} files, {len(parquet)} Parquet files")
    read = _stage(spark, stages, "read", lambda: _read(spark, files, parquet, opts), progress)
    docs = read.filter(F.col("kind") == "doc").drop("kind", "problem").dropDuplicates(["doc_id"])
    n_docs = docs.count()
    progress.say(f"read: {n_docs} documents")

    def build_candidates():
        pairs, common = candidates.candidate_pairs(spark, docs, opts)
        (stages / "fingerprints.json").write_text(json.dumps({"too_common": common}))
        return pairs

    cands = _stage(spark, stages, "candidates", build_candidates, progress)
    n_cands = cands.count()
    progress.say(f"candidates: {n_cands} pairs to align")
    done = _stage(
        spark, stages, "aligned", lambda: align.aligned(spark, cands, docs, opts), progress
    )
    pairs_full = done.filter(F.col("status") == "pair")
    pairs = pairs_full.drop("passages", "status", "problem")
    n_pairs = pairs.count()
    progress.say(f"aligned: {n_pairs} pairs share passages")
    labels = _stage(spark, stages, "labels", lambda: clusters.components(pairs), progress)
    tables = {
        "documents": docs,
        "pairs": pairs,
        "passages": pairs_full.select(
            "pair_id", "doc_a", "doc_b", F.explode("passages").alias("p")
        ).select("pair_id", "doc_a", "doc_b", "p.*"),
        "clusters": clusters.cluster_table(labels, pairs, docs),
        "sites": sites.site_table(docs, pairs),
        "skipped": _skipped(spark, read, done, missing),
    }
    for name, df in tables.items():
        _write(df, outdir / name, opts.fmt)
    common = json.loads((stages / "fingerprints.json").read_text()).get("too_common", 0)
    counts = {
        "documents": n_docs,
        "skipped": spark.read.parquet(str(outdir / "skipped")).count()
        if opts.fmt == "parquet"
        else spark.read.json(str(outdir / "skipped")).count(),
        "fingerprints_too_common": common,
        "candidate_pairs": n_cands,
        "pairs": n_pairs,
        "clusters": labels.select("cluster").distinct().count(),
    }
    report.write_report(spark, outdir, opts.fmt, counts)
    return counts


def _read(spark, files: list[str], parquet: list[str], opts: CrawlOptions):
    from pyspark.sql import Row

    from unspin.crawl.read import DOC_FIELDS, read_file, read_record

    sources = opts.sources
    names = ("kind", *DOC_FIELDS, "problem")

    def as_row(item):
        kind, row = item
        return Row(**{n: (kind if n == "kind" else row.get(n)) for n in names})

    sc = spark.sparkContext
    rdd = sc.parallelize(files, max(1, min(len(files), sc.defaultParallelism * 8))).flatMap(
        lambda p: read_file(p, sources)
    )
    if parquet:
        from pyspark.sql import functions as F

        table = spark.read.parquet(*parquet).withColumn("_file", F.input_file_name())
        recs = table.withColumn("_n", F.monotonically_increasing_id()).rdd.map(
            lambda r: read_record(r.asDict(), f"{r['_file']}#{r['_n']}", _is_source(r, sources))
        )
        rdd = rdd.union(recs)
    return spark.createDataFrame(rdd.map(as_row), _read_schema())


def _is_source(row, sources: tuple[str, ...]) -> bool:
    from urllib.parse import unquote, urlsplit

    from unspin.crawl.read import under

    return under(unquote(urlsplit(row["_file"]).path), sources)


def _read_schema():
    from pyspark.sql.types import ArrayType, BooleanType, StringType, StructField, StructType

    arrays = {"links", "warnings"}
    fields = [StructField("kind", StringType())]
    from unspin.crawl.read import DOC_FIELDS

    for n in DOC_FIELDS:
        t = (
            ArrayType(StringType())
            if n in arrays
            else BooleanType()
            if n == "is_source"
            else StringType()
        )
        fields.append(StructField(n, t))
    fields.append(StructField("problem", StringType()))
    return StructType(fields)


def _skipped(spark, read, aligned, missing):
    from pyspark.sql import functions as F

    reading = read.filter(F.col("kind") == "skip").select(
        "name", "problem", F.lit("read").alias("stage")
    )
    aligning = aligned.filter(F.col("status") == "skip").select(
        F.col("pair_id").alias("name"), "problem", F.lit("align").alias("stage")
    )
    lost = spark.createDataFrame(
        [(n, p, "read") for n, p in missing], "name string, problem string, stage string"
    )
    return reading.unionByName(aligning).unionByName(lost)


def _write(df, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        df.write.mode("overwrite").parquet(str(path))
    else:
        df.write.mode("overwrite").json(str(path))
