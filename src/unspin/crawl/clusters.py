"""Clusters of reuse: connected components of the found pairs, with DataFrame operations only.

Iterative min-label propagation: every document starts with its own id as label and takes the
smallest label among itself and its neighbours until nothing changes (at most the diameter of
the largest cluster in rounds; copy clusters are shallow). GraphFrames would do the same, but
its JAR is not on PyPI. Each round's labels are checkpointed locally so the plan stays short.
"""

from __future__ import annotations

#: A safety bound on rounds (a chain of this many copies of copies would be needed to reach it).
MAX_ROUNDS = 50


def components(pairs):
    """DataFrame (doc_id, cluster) for every document in a pair; ``cluster`` is the smallest
    doc_id of its component."""
    from pyspark.sql import functions as F

    edges = pairs.select(F.col("doc_a").alias("src"), F.col("doc_b").alias("dst"))
    edges = edges.unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    edges = edges.localCheckpoint()
    labels = edges.select(F.col("src").alias("doc_id")).distinct()
    labels = labels.withColumn("cluster", F.col("doc_id")).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        offers = edges.join(labels, edges.src == labels.doc_id).select(
            F.col("dst").alias("doc_id"), F.col("cluster")
        )
        new = (
            labels.unionByName(offers)
            .groupBy("doc_id")
            .agg(F.min("cluster").alias("cluster"))
            .localCheckpoint()
        )
        changed = (
            new.alias("n")
            .join(labels.alias("o"), "doc_id")
            .filter(F.col("n.cluster") != F.col("o.cluster"))
            .count()
        )
        labels = new
        if not changed:
            break
    return labels


def cluster_table(labels, pairs, docs):
    """One row per cluster: size, members, pairs, the sites involved and the likely original
    (the one document that is the original in its pairs and a copy in none; else undecided)."""
    from pyspark.sql import functions as F

    members = labels.join(docs.select("doc_id", "site", "url", "name"), "doc_id")
    per_pair = pairs.join(labels.withColumnRenamed("doc_id", "doc_a"), "doc_a")
    originals = per_pair.filter(F.col("original") != "undecided").select(
        "cluster", F.col("original").alias("doc_id")
    )
    copies = per_pair.filter(F.col("copy").isNotNull()).select(
        "cluster", F.col("copy").alias("doc_id")
    )
    roots = originals.join(copies, ["cluster", "doc_id"], "left_anti").distinct()
    root = roots.groupBy("cluster").agg(
        F.count("*").alias("n_roots"), F.min("doc_id").alias("root")
    )
    root = root.select(
        "cluster",
        F.when(F.col("n_roots") == 1, F.col("root")).otherwise("undecided").alias("original"),
    )
    stats = per_pair.groupBy("cluster").agg(F.count("*").alias("pairs"))
    table = (
        members.groupBy("cluster")
        .agg(
            F.count("*").alias("size"),
            F.sort_array(F.collect_list("doc_id")).alias("members"),
            F.sort_array(F.collect_set("site")).alias("sites"),
        )
        .join(stats, "cluster")
        .join(root, "cluster", "left")
        .withColumn("original", F.coalesce(F.col("original"), F.lit("undecided")))
    )
    return table.withColumnRenamed("cluster", "cluster_id")
