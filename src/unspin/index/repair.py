"""``unspin index repair``: rebuild what is derived, salvage what is readable, say what was lost.

Derived data is rebuilt from the documents: the postings (``fp``, ``occ``) from each document's
own fingerprint and sentence lists, the vector file from the stored vectors. When SQLite itself
is damaged, every row that can still be read (and whose text still matches its content hash)
is copied, under the same id, into a fresh database; the damaged file is kept beside it, never
deleted. Sentence vectors that were lost are computed again from the documents' text.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from unspin.index.build import evidence_sentences
from unspin.index.dbfile import DB_FILE, create_schema, fsync_dir
from unspin.index.store import Store, content_hash, sentence_key
from unspin.index.vectors import VectorIndex
from unspin.index.verify import posting_problems, sqlite_problems

_DOC_COLUMNS = "id, hash, name, path, url, title, date, text, main, metadata, fps, sents, added"


@dataclass
class RepairReport:
    documents_kept: int = 0
    documents_lost: int = 0
    lost: list[str] = field(default_factory=list)  # "id 17 (path)" of each lost document
    postings_rebuilt: bool = False
    sentences_embedded: int = 0
    vectors: int | None = None  # in the rebuilt vector file; None for a lexical-only index
    damaged_copy: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    def summary(self, folder: Path) -> str:
        parts = [f"repaired index {folder}: {self.documents_kept} documents kept"]
        if self.documents_lost:
            parts.append(
                f"{self.documents_lost} lost, their rows unreadable "
                f"({', '.join(self.lost[:5])}{', ...' if len(self.lost) > 5 else ''}; "
                "add their files again)"
            )
        if self.postings_rebuilt:
            parts.append("postings rebuilt")
        if self.sentences_embedded:
            parts.append(f"{self.sentences_embedded} lost sentence vectors computed again")
        if self.vectors is not None:
            parts.append(f"vector file rebuilt ({self.vectors} vectors)")
        if self.damaged_copy:
            parts.append(f"the damaged database is kept as {self.damaged_copy}")
        return "; ".join(parts)


def repair(store: Store, load_embedder: Callable[[], object]) -> tuple[Store, RepairReport]:
    """Repair the index of ``store`` (opened by the lock holder); returns the store to use from
    now on (a new one when the database was rebuilt) and what was done."""
    report = RepairReport()
    if sqlite_problems(store):
        store = _salvage(store, load_embedder, report)
    elif posting_problems(store):
        _rebuild_postings(store)
        report.postings_rebuilt = True
    report.documents_kept = store.count()
    if store.model:
        report.vectors = len(VectorIndex(store, persist=True, fresh=True).index)
    return store, report


def _rebuild_postings(store: Store) -> None:
    con = store.con
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute("DELETE FROM fp")
        con.execute("DELETE FROM occ")
        for doc_id, fps, sents in con.execute("SELECT id, fps, sents FROM docs").fetchall():
            _insert_postings(con, doc_id, fps, sents)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _insert_postings(con: sqlite3.Connection, doc_id: int, fps: bytes, sents: bytes) -> None:
    hs = np.unique(np.frombuffer(fps, dtype=np.int64))
    con.executemany("INSERT OR IGNORE INTO fp VALUES (?, ?)", ((int(h), doc_id) for h in hs))
    ss = np.unique(np.frombuffer(sents, dtype=np.int64))
    con.executemany("INSERT OR IGNORE INTO occ VALUES (?, ?)", ((int(s), doc_id) for s in ss))


def _try(con: sqlite3.Connection, q: str, args=()) -> list | None:
    try:
        return con.execute(q, args).fetchall()
    except sqlite3.DatabaseError:
        return None


def _max_id(con: sqlite3.Connection, queries: list[str]) -> int:
    best = 0
    for q in queries:
        rows = _try(con, q)
        if rows and rows[0][0] is not None:
            best = max(best, int(rows[0][0]))
    return best


def _salvage(store: Store, load_embedder, report: RepairReport) -> Store:
    folder, old = store.folder, store.con
    db = folder / DB_FILE
    new_path = folder / (DB_FILE + ".new")
    for p in (new_path, Path(f"{new_path}-wal"), Path(f"{new_path}-shm")):
        p.unlink(missing_ok=True)
    create_schema(new_path, dict(store.meta))
    new = sqlite3.connect(new_path, isolation_level=None)
    new.execute("PRAGMA journal_mode=WAL")
    new.execute("BEGIN IMMEDIATE")
    # Sentence vectors: every readable row, under its id.
    dim = store.dim
    last_sent = _max_id(old, ["SELECT max(id) FROM sents", "SELECT max(sent) FROM occ"])
    for sid in range(1, last_sent + 1):
        rows = _try(old, "SELECT hash, vec FROM sents WHERE id=?", (sid,))
        if not rows:
            continue
        key, vec = rows[0]
        if vec is not None and len(vec) != 2 * dim:
            continue
        new.execute("INSERT INTO sents (id, hash, vec) VALUES (?, ?, ?)", (sid, key, vec))
    # Documents: every readable row whose text still has its hash, under its id.
    last_doc = _max_id(
        old, ["SELECT max(id) FROM docs", "SELECT max(doc) FROM occ", "SELECT max(doc) FROM fp"]
    )
    referenced: set[int] = set()
    for q in ("SELECT DISTINCT doc FROM occ", "SELECT DISTINCT doc FROM fp"):
        referenced.update(r[0] for r in _try(old, q) or [])
    redo: list[int] = []
    for doc_id in range(1, last_doc + 1):
        rows = _try(old, f"SELECT {_DOC_COLUMNS} FROM docs WHERE id=?", (doc_id,))
        row = rows[0] if rows else None
        if row is None or not _intact(row):
            if rows is None or row is not None or doc_id in referenced:
                report.lost.append(_describe_lost(old, doc_id))
            continue
        new.execute(f"INSERT INTO docs ({_DOC_COLUMNS}) VALUES ({','.join('?' * 13)})", row)
        sent_ids = np.frombuffer(row[11], dtype=np.int64)
        known = {r[0] for r in new.execute(f"SELECT id FROM sents WHERE id IN ({_ids(sent_ids)})")}
        if len(known) < len(set(sent_ids.tolist())):
            redo.append(doc_id)
        _insert_postings(new, doc_id, row[10], row[11])
    report.documents_lost = len(report.lost)
    new.execute("COMMIT")
    new.close()
    old.close()
    damaged = _free_name(folder / f"{DB_FILE}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    os.replace(db, damaged)
    for side in ("-wal", "-shm"):
        if Path(f"{db}{side}").exists():
            os.replace(f"{db}{side}", f"{damaged}{side}")
    os.replace(new_path, db)
    fsync_dir(folder)
    report.damaged_copy = damaged.name
    fresh = Store.open(folder)
    if redo:
        report.sentences_embedded = _embed_again(fresh, redo, load_embedder)
    return fresh


def _free_name(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``...: a kept damaged copy is never overwritten."""
    out, n = path, 1
    while out.exists():
        n += 1
        out = path.with_name(f"{path.name}-{n}")
    return out


def _intact(row) -> bool:
    try:
        return row[1] == content_hash(row[7]) and len(row[10]) % 8 == 0 and len(row[11]) % 8 == 0
    except (TypeError, UnicodeError):
        return False


def _describe_lost(con: sqlite3.Connection, doc_id: int) -> str:
    rows = _try(con, "SELECT coalesce(path, url, name) FROM docs WHERE id=?", (doc_id,))
    where = rows[0][0] if rows and rows[0][0] else None
    return f"id {doc_id}" + (f" {where}" if isinstance(where, str) else "")


def _ids(ids: np.ndarray) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def _embed_again(store: Store, doc_ids: list[int], load_embedder) -> int:
    """Give documents whose sentence vectors were lost their vectors again (from their text)."""
    embedder = load_embedder()
    con = store.con
    embedded = 0
    for doc_id in doc_ids:
        doc = store.document(doc_id)
        sents = evidence_sentences(doc)
        keys = [sentence_key(s) for s in sents]
        known = store.sentence_ids(keys)
        todo = {k: s for k, s in zip(keys, sents, strict=True) if k not in known}
        vecs = embedder.encode(list(todo.values())) if todo else []
        con.execute("BEGIN IMMEDIATE")
        for key, vec in zip(todo, vecs, strict=True):
            blob = np.asarray(vec).astype(np.float16).tobytes()
            known[key] = con.execute(
                "INSERT INTO sents (hash, vec) VALUES (?, ?)", (key, blob)
            ).lastrowid
        ids = np.unique(np.asarray([known[k] for k in keys], dtype=np.int64))
        con.execute("DELETE FROM occ WHERE doc=?", (doc_id,))
        con.execute("UPDATE docs SET sents=? WHERE id=?", (ids.tobytes(), doc_id))
        con.executemany("INSERT INTO occ VALUES (?, ?)", ((int(s), doc_id) for s in ids))
        con.execute("COMMIT")
        embedded += len(todo)
    return embedded
