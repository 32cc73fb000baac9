"""``unspin crawl``: every reuse in a crawl, on Apache Spark (local by default, any cluster).

``unspin.crawl.run(inputs, out)`` is what the command runs: WARC, JSON Lines, folders of text
and HTML, and Parquet (a ``text`` or ``html`` column) in; the tables ``documents``, ``pairs``,
``passages``, ``clusters``, ``sites`` and ``skipped`` plus ``report.html`` out. Every stage is
a Spark transformation over the project's own stage functions (readers, extractors,
fingerprints, the ``compare`` engine, :mod:`unspin.align.origin`). Needs ``unspin[spark]``.
"""

from __future__ import annotations

__all__ = ["run", "show"]


def run(inputs, out, **options) -> dict:
    """Crawl ``inputs`` into the folder ``out`` (see :func:`unspin.crawl.pipeline.run`)."""
    from unspin.crawl.pipeline import run as _run

    return _run(list(inputs), str(out), **options)


def show(out, pair_id: str, *, master: str | None = None, spark=None):
    """The stored pair ``pair_id`` of a finished crawl as (Comparison, pair row), or None."""
    from pathlib import Path

    from unspin.crawl.report import comparisons
    from unspin.crawl.session import spark_session

    spark = spark or spark_session(master or "local[1]")
    return comparisons(spark, Path(out), [pair_id]).get(pair_id)
