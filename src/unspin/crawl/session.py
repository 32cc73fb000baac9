"""The Spark session: an embedded ``local[*]`` one unless a master is given, and progress lines.

``spark-submit`` starts its own session first; ``getOrCreate`` then returns that one, so the
same code runs under ``spark-submit`` and from ``unspin crawl --master URL``.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def spark_session(master: str | None = None, app: str = "unspin crawl"):
    """A SparkSession on ``master`` (default: the running one, else ``local[*]``)."""
    try:
        import pyspark
        from pyspark.sql import SparkSession
    except ImportError as err:
        from unspin.errors import UnspinError

        raise UnspinError("the crawl needs Apache Spark: pip install 'unspin[spark]'") from err
    # Executors launched by this process (local-cluster, standalone workers on this host)
    # find Spark's scripts and this Python through these.
    os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif not _running():
        builder = builder.master("local[*]")
    builder = (
        builder.config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("UNSPIN_SHUFFLE_PARTITIONS", "8"))
        .config("spark.python.worker.reuse", "true")
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _running() -> bool:
    from pyspark import SparkContext

    return SparkContext._active_spark_context is not None  # noqa: SLF001


class Progress:
    """Progress on standard error: one line per finished stage, and while a long stage runs,
    its tasks done, the total and an estimate of the time left (from Spark's status tracker)."""

    def __init__(self, spark, quiet: bool = False, every: float = 15.0):
        self.spark = spark
        self.quiet = quiet
        self.every = every
        self.start = time.monotonic()
        self._stage = ""
        self._since = self.start
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def say(self, msg: str) -> None:
        if not self.quiet:
            elapsed = time.monotonic() - self.start
            print(f"unspin crawl [{elapsed:6.0f}s] {msg}", file=sys.stderr, flush=True)

    def stage(self, name: str) -> None:
        self._stage, self._since = name, time.monotonic()
        if self._thread is None and not self.quiet:
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        tracker = self.spark.sparkContext.statusTracker()
        while not self._stop.wait(self.every):
            try:
                ids = tracker.getActiveStageIds()
                infos = [tracker.getStageInfo(i) for i in ids]
            except Exception:  # the context is stopping
                return
            done = sum(s.numCompletedTasks for s in infos if s)
            total = sum(s.numTasks for s in infos if s)
            if not total:
                continue
            took = time.monotonic() - self._since
            eta = f", about {took / done * (total - done):.0f}s left" if done else ""
            self.say(f"{self._stage}: {done}/{total} tasks{eta}")
