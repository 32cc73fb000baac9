"""Per-site summary: how much of each site is made of other pages' text.

A page "copies" when it is the decided copy in at least one pair; its copied text is the
suspicious side of those pairs' passages, and "reworded" is the share of that text that is not
verbatim (edited or paraphrased: spun or translated). Undecided pairs count for neither side.
"""

from __future__ import annotations


def site_table(docs, pairs):
    """One row per site: pages, pages that copy, share copied, share reworded, sites copied from."""
    from pyspark.sql import functions as F

    pages = docs.groupBy("site").agg(F.count("*").alias("pages"))
    decided = pairs.filter(F.col("copy").isNotNull())
    copy_site = F.when(F.col("copy") == F.col("doc_a"), F.col("site_a")).otherwise(F.col("site_b"))
    orig_site = F.when(F.col("copy") == F.col("doc_a"), F.col("site_b")).otherwise(F.col("site_a"))
    rows = decided.select(
        copy_site.alias("site"),
        F.col("copy").alias("doc_id"),
        orig_site.alias("from_site"),
        F.col("verbatim_chars"),
        (F.col("edited_chars") + F.col("paraphrase_chars")).alias("reworded_chars"),
    )
    copying = rows.groupBy("site").agg(
        F.countDistinct("doc_id").alias("pages_that_copy"),
        F.sum("verbatim_chars").alias("verbatim_chars"),
        F.sum("reworded_chars").alias("reworded_chars"),
        F.sort_array(F.collect_set("from_site")).alias("copied_from"),
    )
    table = pages.join(copying, "site", "left").fillna(
        {"pages_that_copy": 0, "verbatim_chars": 0, "reworded_chars": 0}
    )
    copied = F.col("verbatim_chars") + F.col("reworded_chars")
    return table.select(
        "site",
        "pages",
        "pages_that_copy",
        F.round(F.col("pages_that_copy") / F.col("pages"), 4).alias("share_copied"),
        F.round(F.when(copied > 0, F.col("reworded_chars") / copied), 4).alias("share_reworded"),
        F.coalesce(F.col("copied_from"), F.array().cast("array<string>")).alias("copied_from"),
    )
