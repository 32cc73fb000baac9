"""Fingerprints and candidate pairs: a distributed join on the spin-surviving word pairs.

Each document's article text gives the fingerprints ``index`` stores (unordered pairs of nearby
content words, sampled by hash: a synonym swap every few words leaves most of them intact).
Two documents become a candidate pair when they share ``min_shared`` fingerprints and their
score (each shared fingerprint weighs 1 / (its documents - 1): one only they share counts 1)
reaches ``min_score``; a fingerprint held by more than ``max_df`` documents is generic and joins
nothing (it is counted, not used). Each document keeps its ``per_document`` best candidates, so the work of the
alignment grows with the number of documents, not with its square.
"""

from __future__ import annotations

import json


def document_fingerprints(row) -> tuple[str, list[int]]:
    """(doc_id, fingerprints of the article text) for one document row."""
    from unspin.index.fingerprints import fingerprints

    text = row["text"]
    main = row["main"]
    if main:
        text = "\n".join(text[a:b] for a, b in json.loads(main))
    return row["doc_id"], [int(x) for x in fingerprints(text)]


def candidate_pairs(spark, docs, opts):
    """DataFrame (doc_a, doc_b, shared, score, n_a, n_b) with doc_a < doc_b, and the count of
    fingerprints skipped as too common."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    schema = StructType(
        [StructField("doc_id", StringType()), StructField("fps", ArrayType(LongType()))]
    )
    fps = spark.createDataFrame(
        docs.select("doc_id", "text", "main").rdd.map(document_fingerprints), schema
    )
    sizes = fps.select("doc_id", F.size("fps").alias("n"))
    flat = fps.select("doc_id", F.explode("fps").alias("fp"))
    df = flat.groupBy("fp").agg(F.count("*").alias("df"))
    common = df.filter(F.col("df") > opts.max_df).count()
    shared_fp = df.filter((F.col("df") >= 2) & (F.col("df") <= opts.max_df))
    kept = flat.join(shared_fp, "fp")
    a, b = kept.alias("a"), kept.alias("b")
    pairs = (
        a.join(b, (F.col("a.fp") == F.col("b.fp")) & (F.col("a.doc_id") < F.col("b.doc_id")))
        .groupBy(F.col("a.doc_id").alias("doc_a"), F.col("b.doc_id").alias("doc_b"))
        # a fingerprint two documents alone share says more than one held by fifty
        .agg(F.count("*").alias("shared"), F.sum(1.0 / (F.col("a.df") - 1)).alias("score"))
        .filter((F.col("shared") >= opts.min_shared) & (F.col("score") >= opts.min_score))
    )
    if opts.sources:
        roles = docs.select("doc_id", "is_source")
        ra = roles.withColumnRenamed("doc_id", "doc_a").withColumnRenamed("is_source", "src_a")
        rb = roles.withColumnRenamed("doc_id", "doc_b").withColumnRenamed("is_source", "src_b")
        pairs = pairs.join(ra, "doc_a").join(rb, "doc_b").filter(F.col("src_a") != F.col("src_b"))
        pairs = pairs.drop("src_a", "src_b")
    # each document keeps its best candidates; a pair survives if either side keeps it
    cols = ["doc_a", "doc_b", "shared", "score"]
    both = pairs.select(F.col("doc_a").alias("d"), *cols).unionByName(
        pairs.select(F.col("doc_b").alias("d"), *cols)
    )
    rank = Window.partitionBy("d").orderBy(F.desc("score"), "doc_a", "doc_b")
    best = (
        both.withColumn("r", F.row_number().over(rank))
        .filter(F.col("r") <= opts.per_document)
        .select(*cols)
        .distinct()
    )
    na = sizes.withColumnRenamed("doc_id", "doc_a").withColumnRenamed("n", "n_a")
    nb = sizes.withColumnRenamed("doc_id", "doc_b").withColumnRenamed("n", "n_b")
    return best.join(na, "doc_a").join(nb, "doc_b"), common
