"""A folder of possible sources, searchable without a server: ``Index(folder).check(document)``.

Layout of the folder: ``index.sqlite`` (documents, fingerprint postings, sentence vectors; the
truth), ``vectors.usearch`` + ``vectors.json`` (HNSW over sentence vectors; derived, caught up or
rebuilt from SQLite at open) and ``lock`` (one writer at a time). See docs/index.md.

Modules by role: ``folder`` (the ``Index`` class), ``dbfile`` (opening ``index.sqlite``:
refusals, creation, read-only connections, errors), ``store`` (its rows), ``vectors`` (the ANN
file, verified before use), ``build`` (adding), ``search`` (retrieval), ``query`` (one check:
retrieval then alignment), ``results``, ``verify`` and ``repair`` (health), ``fingerprints``,
``lock``.
"""

from __future__ import annotations

from unspin.index.build import AddReport
from unspin.index.folder import Index
from unspin.index.query import MAX_QUERY_CHARS, MODEL_ALIGN
from unspin.index.results import CheckResult, SourceHit

__all__ = ["AddReport", "CheckResult", "Index", "SourceHit", "MAX_QUERY_CHARS", "MODEL_ALIGN"]
