"""The ANN half of an index folder: a usearch HNSW file over unique sentence vectors.

Derived data, never the source of truth: vectors are first committed to SQLite (float16 blobs),
then added here; ``vectors.json`` records the highest sentence id the saved file holds. Opening
catches up whatever SQLite holds beyond it (after a kill, or a crash between the two saves), and
a missing or unreadable file is rebuilt from SQLite. Saves write a temporary file and rename it,
so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

from unspin.index.store import Store

ANN_FILE = "vectors.usearch"
ANN_META = "vectors.json"


class VectorIndex:
    """Sentence-vector search; keys are ``sents.id`` of the store."""

    def __init__(self, store: Store):
        from usearch.index import Index

        self.store = store
        self.dim = store.dim
        self._path = store.folder / ANN_FILE
        self._meta = store.folder / ANN_META
        self.saved_upto = 0
        self.index = None
        if self._path.exists() and self._meta.exists():
            try:
                info = json.loads(self._meta.read_text())
                if int(info.get("ndim", -1)) != self.dim:
                    raise ValueError(f"dimension {info.get('ndim')} != {self.dim}")
                self.index = Index.restore(str(self._path))
                if self.index is None or self.index.ndim != self.dim:
                    raise ValueError("unreadable")
                self.saved_upto = int(info["last_id"])
            except (ValueError, KeyError, OSError, RuntimeError) as err:
                print(f"unspin: {self._path} unusable ({err}); rebuilding it", file=sys.stderr)
                self.index, self.saved_upto = None, 0
        if self.index is None:
            self.index = Index(
                ndim=self.dim,
                metric="cos",
                dtype="f16",
                connectivity=16,
                expansion_add=64,
                expansion_search=64,
            )
        self.upto = self.saved_upto
        self.catch_up()

    def catch_up(self) -> int:
        """Add the vectors SQLite holds beyond this file; returns how many were added."""
        added = 0
        for ids, mat in self.store.vectors_after(self.upto):
            keys = ids.astype(np.uint64)
            if len(self.index):
                present = np.asarray(self.index.contains(keys), dtype=bool)
                keys, mat = keys[~present], mat[~present]
            if len(keys):
                self.index.add(keys, mat)
                added += len(keys)
            self.upto = int(ids[-1])
        return added

    def add(self, items: list[tuple[int, np.ndarray]]) -> None:
        if not items:
            return
        keys = np.fromiter((i for i, _ in items), dtype=np.uint64, count=len(items))
        self.index.add(keys, np.stack([v for _, v in items]).astype(np.float32))
        self.upto = max(self.upto, int(keys.max()))

    @property
    def dirty(self) -> bool:
        return self.upto != self.saved_upto

    def save(self) -> None:
        """Atomically replace the file, then record what it holds."""
        tmp = self._path.with_suffix(".tmp")
        self.index.save(str(tmp))
        _fsync(tmp)
        os.replace(tmp, self._path)
        mtmp = self._meta.with_suffix(".json.tmp")
        mtmp.write_text(
            json.dumps({"last_id": self.upto, "ndim": self.dim, "count": len(self.index)})
        )
        _fsync(mtmp)
        os.replace(mtmp, self._meta)
        self.saved_upto = self.upto

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(keys, cosine similarities), each (n, k); missing hits have similarity -1."""
        n = len(queries)
        if n == 0 or len(self.index) == 0:
            return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
        res = self.index.search(queries.astype(np.float32), min(k, len(self.index)))
        keys = np.asarray(res.keys).reshape(n, -1).astype(np.int64)
        dist = np.asarray(res.distances).reshape(n, -1)
        # usearch answers a batch of one with ``Matches``, which has no ``counts``.
        counts = np.asarray(getattr(res, "counts", [keys.shape[1]])).reshape(n)
        sims = 1.0 - dist
        for i, c in enumerate(counts):
            sims[i, c:] = -1.0
        return keys, sims.astype(np.float32)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
