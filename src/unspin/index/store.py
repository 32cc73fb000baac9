"""The SQLite half of an index folder: documents, sentence vectors and the fingerprint postings.

SQLite in WAL mode is the source of truth. Each document is written in one transaction (its row,
its fingerprints, its new sentence vectors), so a kill at any moment leaves whole documents only;
the ANN file (vectors.py) is derived data that is caught up from here when it lags behind.
Opening the file itself (refusals, creation, read-only connections) is dbfile.py.
``synchronous=NORMAL`` survives a killed process; a power cut may lose the last few commits but
never corrupts the database.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

import numpy as np

from unspin.document import Document
from unspin.errors import IndexFolderError
from unspin.index.dbfile import (
    APP,
    DB_FILE,
    READABLE_SCHEMAS,
    connect,
    create_database,
    database_error,
    is_damage,
    preflight,
)
from unspin.index.fingerprints import FINGERPRINT_VERSION


def content_hash(text: str) -> bytes:
    """Identity of a document: the same text from two files or URLs is stored once."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def sentence_key(sentence: str) -> bytes:
    """Identity of a sentence for the embedding cache (whitespace-insensitive)."""
    norm = " ".join(sentence.split())
    return hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=12).digest()


class Store:
    """An opened ``index.sqlite``; create with :meth:`open`."""

    def __init__(self, folder: Path, con: sqlite3.Connection, meta: dict[str, str]):
        self.folder = folder
        self.con = con
        self.meta = meta

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        folder: str | Path,
        *,
        create: bool = False,
        model: str = "",
        dim: int = 0,
        readonly: bool = False,
    ) -> Store:
        """Open (or with ``create`` initialise) the index in ``folder``; refuse foreign ones.

        ``readonly`` connections never write (not even the WAL's shared memory when the folder
        is not writable): a reader can check another user's index.
        """
        folder = Path(folder)
        db = folder / DB_FILE
        if preflight(folder, create):
            create_database(db, model, dim)
        try:
            con = connect(db, readonly)
            q = "SELECT name FROM sqlite_master WHERE type='table'"
            tables = {r[0] for r in con.execute(q)}
            if "meta" not in tables:
                raise IndexFolderError(f"index {folder}: {DB_FILE} is not an unspin index")
            meta = dict(con.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as err:
            if "not a database" in str(err):
                raise IndexFolderError(
                    f"index {folder}: corrupt or unreadable database ({err})"
                ) from None
            if is_damage(err):
                raise IndexFolderError(
                    f"index {folder}: {DB_FILE} is damaged where its schema and settings are "
                    f"kept ({err}): it cannot be opened or repaired; restore it from a backup"
                ) from None
            raise database_error(folder, err) from None
        if meta.get("app") != APP:
            raise IndexFolderError(f"index {folder}: {DB_FILE} is not an unspin index")
        if meta.get("schema_version") not in READABLE_SCHEMAS or meta.get(
            "fingerprint_version"
        ) != str(FINGERPRINT_VERSION):
            raise IndexFolderError(
                f"index {folder}: built by another unspin version (schema "
                f"{meta.get('schema_version')}); rebuild it with this version"
            )
        return cls(folder, con, meta)

    @property
    def model(self) -> str:
        """Embedding model of the index; "" for a lexical-only index."""
        return self.meta.get("model", "")

    @property
    def dim(self) -> int:
        return int(self.meta.get("dim") or 0)

    def close(self) -> None:
        self.con.close()

    # -- writing -------------------------------------------------------------------------
    def has_document(self, doc_hash: bytes) -> bool:
        row = self.con.execute("SELECT 1 FROM docs WHERE hash=?", (doc_hash,)).fetchone()
        return row is not None

    def sentence_ids(self, keys: list[bytes]) -> dict[bytes, int]:
        """Ids of the sentences already stored (their vectors need not be computed again)."""
        out: dict[bytes, int] = {}
        uniq = list(dict.fromkeys(keys))
        for i in range(0, len(uniq), 500):
            chunk = uniq[i : i + 500]
            q = f"SELECT hash, id FROM sents WHERE hash IN ({','.join('?' * len(chunk))})"
            out.update(self.con.execute(q, chunk))
        return out

    def add_document(
        self,
        doc: Document,
        doc_hash: bytes,
        fps: np.ndarray,
        sent_keys: list[bytes],
        new_vectors: dict[bytes, np.ndarray],
    ) -> tuple[int, list[tuple[int, np.ndarray]]]:
        """Store one whole document, all or nothing (a savepoint: inside a transaction opened
        with :meth:`begin` it commits with that transaction, otherwise on its own).

        Returns its id and the (sentence id, vector) pairs that are new, for the ANN file.
        """
        con = self.con
        added: list[tuple[int, np.ndarray]] = []
        with _savepoint(con):
            ids = self.sentence_ids(sent_keys)
            for key in dict.fromkeys(sent_keys):
                if key in ids:
                    continue
                vec = new_vectors.get(key)
                blob = None if vec is None else vec.astype(np.float16).tobytes()
                q = "INSERT INTO sents (hash, vec) VALUES (?, ?)"
                sid = con.execute(q, (key, blob)).lastrowid
                ids[key] = sid
                if vec is not None:
                    added.append((sid, vec))
            sent_ids = np.unique(np.asarray([ids[k] for k in sent_keys], dtype=np.int64))
            cur = con.execute(
                "INSERT INTO docs (hash, name, path, url, title, date, text, main, metadata, fps,"
                " sents, added) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc_hash,
                    doc.name,
                    doc.path,
                    doc.url,
                    doc.title,
                    doc.date,
                    doc.text,
                    None if doc.main is None else json.dumps(doc.main),
                    json.dumps(doc.metadata, default=str) if doc.metadata else None,
                    fps.astype(np.int64).tobytes(),
                    sent_ids.tobytes(),
                    time.time(),
                ),
            )
            doc_id = int(cur.lastrowid)
            con.executemany("INSERT INTO fp VALUES (?, ?)", ((int(h), doc_id) for h in fps))
            con.executemany("INSERT INTO occ VALUES (?, ?)", ((int(s), doc_id) for s in sent_ids))
        return doc_id, added

    def find(self, ref: str) -> list[int]:
        """Document ids for a ``remove`` argument: an id, a path, a URL or a name."""
        if ref.isdigit():
            rows = self.con.execute("SELECT id FROM docs WHERE id=?", (int(ref),)).fetchall()
            if rows:
                return [r[0] for r in rows]
        q = "SELECT id FROM docs WHERE path=? OR url=? OR name=?"
        return [r[0] for r in self.con.execute(q, (ref, ref, ref))]

    def remove_document(self, doc_id: int) -> bool:
        """Delete a document, its postings and its sentence occurrences (vectors stay, orphaned)."""
        con = self.con
        with _transaction(con):
            row = con.execute("SELECT fps, sents FROM docs WHERE id=?", (doc_id,)).fetchone()
            if row is None:
                return False
            fps = np.frombuffer(row[0], dtype=np.int64)
            sents = np.frombuffer(row[1], dtype=np.int64)
            con.executemany("DELETE FROM fp WHERE h=? AND doc=?", ((int(h), doc_id) for h in fps))
            con.executemany(
                "DELETE FROM occ WHERE sent=? AND doc=?", ((int(s), doc_id) for s in sents)
            )
            con.execute("DELETE FROM docs WHERE id=?", (doc_id,))
        return True

    # -- reading -------------------------------------------------------------------------
    def count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM docs").fetchone()[0])

    def postings(self, h: int, limit: int) -> list[int]:
        """Documents holding fingerprint ``h`` (at most ``limit``: common pairs prove nothing)."""
        return [r[0] for r in self.con.execute("SELECT doc FROM fp WHERE h=? LIMIT ?", (h, limit))]

    def docs_of_sentences(self, sent_ids: list[int]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(0, len(sent_ids), 500):
            chunk = sent_ids[i : i + 500]
            q = f"SELECT sent, doc FROM occ WHERE sent IN ({','.join('?' * len(chunk))})"
            for s, d in self.con.execute(q, chunk):
                out.setdefault(s, []).append(d)
        return out

    def sentence_keys(self, sent_ids: list[int]) -> set[bytes]:
        out: set[bytes] = set()
        for i in range(0, len(sent_ids), 500):
            chunk = sent_ids[i : i + 500]
            q = f"SELECT hash FROM sents WHERE id IN ({','.join('?' * len(chunk))})"
            out.update(r[0] for r in self.con.execute(q, chunk))
        return out

    def vectors_after(self, last_id: int, batch: int = 20000):
        """(ids, float32 matrix) batches of stored vectors with id > last_id, for ANN catch-up."""
        while True:
            rows = self.con.execute(
                "SELECT id, vec FROM sents WHERE id > ? AND vec IS NOT NULL ORDER BY id LIMIT ?",
                (last_id, batch),
            ).fetchall()
            if not rows:
                return
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
            yield ids, mat.reshape(len(rows), -1).astype(np.float32)
            last_id = int(ids[-1])

    def sentence_key_of(self, sent_id: int) -> bytes | None:
        row = self.con.execute("SELECT hash FROM sents WHERE id=?", (sent_id,)).fetchone()
        return None if row is None else bytes(row[0])

    def documents_after(self, sent_id: int) -> int:
        """Documents holding a sentence with an id above ``sent_id`` (not in a vector file
        saved up to it)."""
        q = "SELECT count(DISTINCT doc) FROM occ WHERE sent > ?"
        return int(self.con.execute(q, (sent_id,)).fetchone()[0])

    def max_sentence_id(self) -> int:
        return int(self.con.execute("SELECT coalesce(max(id), 0) FROM sents").fetchone()[0])

    def document(self, doc_id: int) -> Document | None:
        row = self.con.execute(
            "SELECT id, name, path, url, title, date, text, main, metadata FROM docs WHERE id=?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        main = json.loads(row[7]) if row[7] else None
        return Document(
            text=row[6],
            # The name it was added under (a text added through the API has no path or URL).
            id=row[1] or str(row[0]),
            path=row[2],
            url=row[3],
            title=row[4],
            date=row[5],
            main=[tuple(s) for s in main] if main is not None else None,
            metadata=json.loads(row[8]) if row[8] else {},
        )

    def stats(self) -> dict:
        con = self.con
        one = lambda q: con.execute(q).fetchone()[0]  # noqa: E731
        size = sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())
        return {
            "documents": one("SELECT count(*) FROM docs"),
            "characters": one("SELECT coalesce(sum(length(text)), 0) FROM docs"),
            "fingerprints": one("SELECT count(*) FROM fp"),
            "sentence_vectors": one("SELECT count(*) FROM sents WHERE vec IS NOT NULL"),
            "model": self.model or None,
            "dim": self.dim or None,
            "schema_version": int(self.meta["schema_version"]),
            "created": self.meta.get("created"),
            "disk_bytes": size,
        }

    def begin(self) -> None:
        """Open a write transaction that groups several documents (see build.COMMIT_EVERY)."""
        self.con.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.con.in_transaction:
            self.con.execute("COMMIT")

    def rollback(self) -> None:
        if self.con.in_transaction:
            self.con.execute("ROLLBACK")


class _savepoint:
    """SAVEPOINT ... RELEASE, or ROLLBACK TO on any error: one document, all or nothing."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self):
        self.con.execute("SAVEPOINT doc")
        return self.con

    def __exit__(self, exc_type, *_):
        if exc_type:
            self.con.execute("ROLLBACK TO doc")
        self.con.execute("RELEASE doc")


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (autocommit connection)."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN IMMEDIATE")
        return self.con

    def __exit__(self, exc_type, *_):
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")
