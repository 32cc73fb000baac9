"""The ANN half of an index folder: a usearch HNSW file over unique sentence vectors.

Derived data, never the source of truth: vectors are first committed to SQLite (float16 blobs),
then added here. ``vectors.json`` records what the saved file holds: the highest sentence id,
that sentence's key (so a database that lost its last commits is recognised), the number of
vectors, the file's size and CRC-32. The file is read into memory and checked against that
record before the native library sees a byte of it (a damaged file used to segfault it), and
rebuilt from SQLite when it does not verify. Opening also catches up whatever SQLite holds
beyond the file (after a kill). Saves are crash-consistent (see ``Record``): a reader never sees
half a file, and a kill never leaves a file and a record that disagree.
"""

from __future__ import annotations

import json
import os
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.index.dbfile import DERIVED_FILES, fsync_dir
from unspin.index.lock import writer_active
from unspin.index.store import Store

ANN_FILE, ANN_META = DERIVED_FILES
#: Format of ``vectors.json``; files without it (older unspin) are rebuilt once.
META_VERSION = 2
#: Seconds a reader waits before reading a file again that did not verify while a writer runs.
RACE_WAIT = 0.5
#: ``load_verified``'s reason when there is no vector file at all (nothing to rebuild: caught up).
MISSING = "missing"


@dataclass
class Saved:
    """What ``vectors.json`` says one saved vector file holds."""

    last_id: int
    last_key: str
    count: int
    size: int
    crc32: int

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Record:
    """``vectors.json``: the model, and the file being saved followed by the one it replaces.

    A save writes the new file under a temporary name, then this record naming both, then
    renames the file into place: whichever of the two files a kill leaves there verifies.
    """

    ndim: int
    model: str
    files: list[Saved]

    def entry_for_size(self, size: int) -> Saved | None:
        return next((f for f in self.files if f.size == size), None)


def read_record(folder: Path) -> Record | None:
    """The record of the saved file; None when absent. ValueError when unreadable or old."""
    path = folder / ANN_META
    if not path.exists():
        return None
    try:
        info = json.loads(path.read_text())
        if info.get("version") != META_VERSION:
            raise ValueError("it has no checksum (written by an older unspin)")
        files = [Saved(**{k: type_(f[k]) for k, type_ in _FIELDS.items()}) for f in info["files"]]
        if not files:
            raise ValueError("it names no file")
        return Record(int(info["ndim"]), str(info["model"]), files)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise ValueError(f"{ANN_META} is unreadable ({err})") from None


_FIELDS = {"last_id": int, "last_key": str, "count": int, "size": int, "crc32": int}


def saved_upto(folder: Path) -> int:
    """Highest sentence id the saved file holds by its record (0 if none or unreadable);
    judged by the file's size, without reading it."""
    try:
        rec = read_record(folder)
        size = (folder / ANN_FILE).stat().st_size
    except (ValueError, OSError):
        return 0
    entry = rec.entry_for_size(size) if rec else None
    return entry.last_id if entry else 0


def _usearch():
    """usearch's Index class, imported on first use: ~80 ms that lexical-only work never pays."""
    from usearch.index import Index

    return Index


def check_file(store: Store) -> tuple[bytes | None, Saved | None, str]:
    """The saved vector file's bytes and the record entry they match, if they verify against
    the record and the database; else (None, None, why the file cannot be used)."""
    folder = store.folder
    path = folder / ANN_FILE
    try:
        rec = read_record(folder)
    except ValueError as err:
        return None, None, f"{ANN_META}: {err}"
    if rec is None or not path.exists():
        return None, None, MISSING if rec is None and not path.exists() else f"{ANN_FILE} missing"
    if rec.ndim != store.dim or rec.model != store.model:
        return None, None, f"{ANN_FILE} holds {rec.ndim}-dimensional vectors of another model"
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, None, f"{ANN_FILE} is unreadable ({err.strerror})"
    entry = rec.entry_for_size(len(data))
    if entry is None:
        saved = rec.files[0].size
        return None, None, f"{ANN_FILE} is {len(data)} bytes, {saved} were saved (truncated?)"
    if zlib.crc32(data) != entry.crc32:
        return None, None, f"{ANN_FILE} does not match its checksum (damaged)"
    disagree = parts_disagree(store, entry)
    if disagree:
        return None, None, disagree
    return data, entry, ""


def load_verified(store: Store):
    """The saved vector file if it verifies against its record and the database:
    (index, its record entry, "") or (None, None, why it cannot be used)."""
    data, entry, why = check_file(store)
    if data is None:
        return None, None, why
    try:
        index = _usearch().restore(data)
    except (ValueError, RuntimeError) as err:
        return None, None, f"{ANN_FILE} is unreadable ({err})"
    if index is None or index.ndim != store.dim or len(index) != entry.count:
        return None, None, f"{ANN_FILE} does not hold what was saved"
    return index, entry, ""


def parts_disagree(store: Store, rec: Saved) -> str:
    """Why the vector file cannot belong to this database ("" when it can): it must end at a
    sentence the database holds, with the same key."""
    if rec.last_id == 0:
        return ""
    key = store.sentence_key_of(rec.last_id)
    if key is None or key.hex() != rec.last_key:
        return (
            f"{store.folder.name}/index.sqlite lost its last commits "
            f"(sentence {rec.last_id} of {ANN_FILE} is not in it: documents added in them must "
            "be added again)"
        )
    return ""


class VectorIndex:
    """Sentence-vector search; keys are ``sents.id`` of the store.

    ``persist``: this process holds the writer lock and saves the file after a rebuild or a
    catch-up; readers rebuild or catch up in memory only and say so on stderr. ``fresh``:
    build from the database alone (``persist`` saves it).
    """

    def __init__(self, store: Store, *, persist: bool = False, fresh: bool = False):
        self.store = store
        self.dim = store.dim
        self._path = store.folder / ANN_FILE
        self._meta = store.folder / ANN_META
        folder = store.folder
        if fresh:  # rebuilt from the database whatever the file holds (repair)
            index, entry, why = None, None, MISSING
        else:
            index, entry, why = load_verified(store)
            busy = not persist and writer_active(folder)
            if index is None and why != MISSING and busy:
                # A writer's save replaces the record, then the file: a reader may read the
                # record before and the file after (or a half-written temporary file's record).
                time.sleep(RACE_WAIT)
                index, entry, why = load_verified(store)
        self._entry = entry  # what the file on disk holds, kept as "previous" by the next save
        self.saved_upto = entry.last_id if entry else 0
        rebuilt = index is None and why != MISSING
        if index is None:
            index = _usearch()(
                ndim=self.dim,
                metric="cos",
                dtype="f16",
                connectivity=16,
                expansion_add=64,
                expansion_search=64,
            )
        self.index = index
        self.upto = self.saved_upto
        behind = store.documents_after(self.saved_upto) if not (rebuilt or fresh) else 0
        self.catch_up()
        if rebuilt:
            where = "" if persist else " in memory (`unspin index repair` saves them)"
            warn(f"index {folder}: {why}; rebuilt the vectors from index.sqlite{where}")
        elif behind and not persist and not writer_active(folder):
            warn(
                f"index {folder}: {ANN_FILE} is behind index.sqlite by {behind} documents (an "
                "add was interrupted); caught up in memory (`unspin index repair` saves it)"
            )
        if persist and (rebuilt or self.dirty or fresh):
            self.save()

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
        mat = np.stack([v for _, v in items]).astype(np.float32)
        self.upto = max(self.upto, int(keys.max()))
        if len(self.index):  # never "Duplicate keys": a key already held is the same sentence
            fresh = ~np.asarray(self.index.contains(keys), dtype=bool)
            keys, mat = keys[fresh], mat[fresh]
        if len(keys):
            self.index.add(keys, mat)

    @property
    def dirty(self) -> bool:
        return self.upto != self.saved_upto

    def save(self) -> None:
        """Write the file under a temporary name, then the record naming it and the file it
        replaces, then rename it into place: a kill at any point leaves a file that verifies."""
        data = self.index.save()
        key = self.store.sentence_key_of(self.upto) if self.upto else b""
        entry = Saved(self.upto, (key or b"").hex(), len(self.index), len(data), zlib.crc32(data))
        tmp = self._path.with_name(self._path.name + ".tmp")
        _write_synced(tmp, data)
        files = [entry] + ([self._entry] if self._entry and self._entry.size != entry.size else [])
        record = {
            "version": META_VERSION,
            "ndim": self.dim,
            "model": self.store.model,
            "files": [f.to_dict() for f in files],
        }
        meta_tmp = self._meta.with_name(self._meta.name + ".tmp")
        _write_synced(meta_tmp, json.dumps(record).encode())
        os.replace(meta_tmp, self._meta)
        os.replace(tmp, self._path)
        fsync_dir(self._path.parent)
        self._entry = entry
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


def warn(message: str) -> None:
    print(f"unspin: warning: {message}", file=sys.stderr)


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
