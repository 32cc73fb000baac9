"""What a crawl was asked to do, travelling with every task (no driver state on executors)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class CrawlOptions:
    """The switches of ``unspin crawl``; pickled into every Spark task that needs them.

    ``max_df``: a fingerprint shared by more documents than this is generic ("the United
    States said") and joins nothing; ``min_shared`` fingerprints with a ``min_score`` (rare ones weigh more) make a
    candidate pair;
    ``per_document``: at most this many candidates per document (the best by shared
    fingerprints) are aligned.
    """

    inputs: tuple[str, ...]
    sources: tuple[str, ...] = ()
    fmt: str = "parquet"
    lexical_only: bool = False
    model: str | None = None
    max_df: int = 50
    min_shared: int = 3
    per_document: int = 5
    min_score: float = 2.0
    extra: dict = field(default_factory=dict)

    def key(self) -> str:
        """What decides the content of the finished stages (resume only when it matches)."""
        d = asdict(self)
        d.pop("fmt")
        return json.dumps(d, sort_keys=True)
