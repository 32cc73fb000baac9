"""The SQLite half of an index folder: documents, sentence vectors and the fingerprint postings.

SQLite in WAL mode is the source of truth. Each document is written in one transaction (its row,
its fingerprints, its new sentence vectors), so a kill at any moment leaves whole documents only;
the ANN file (vectors.py) is derived data that is caught up from here when it lags behind.
``synchronous=NORMAL`` survives a killed process; a power cut may lose the last few commits but
never corrupts the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

from unspin.document import Document
from unspin.errors import IndexFolderError
from unspin.index.fingerprints import FINGERPRINT_VERSION

SCHEMA_VERSION = 1
APP = "unspin-index"
DB_FILE = "index.sqlite"
#: Files derived from the database (vectors.py); their presence means the index held documents.
DERIVED_FILES = ("vectors.usearch", "vectors.json")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    name TEXT NOT NULL, path TEXT, url TEXT, title TEXT, date TEXT,
    text TEXT NOT NULL, main TEXT, metadata TEXT,
    fps BLOB NOT NULL, sents BLOB NOT NULL, added REAL NOT NULL
);
CREATE INDEX docs_path ON docs(path);
CREATE TABLE fp (h INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (h, doc)) WITHOUT ROWID;
CREATE TABLE sents (id INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, vec BLOB);
CREATE TABLE occ (sent INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (sent, doc))
    WITHOUT ROWID;
"""


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
            _create(db, model, dim)
        try:
            con = _connect(db, readonly)
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
            if _is_damage(err):
                raise IndexFolderError(
                    f"index {folder}: {DB_FILE} is damaged where its schema and settings are "
                    f"kept ({err}): it cannot be opened or repaired; restore it from a backup"
                ) from None
            raise database_error(folder, err) from None
        if meta.get("app") != APP:
            raise IndexFolderError(f"index {folder}: {DB_FILE} is not an unspin index")
        if meta.get("schema_version") != str(SCHEMA_VERSION) or meta.get(
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
            id=str(row[0]),
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


def preflight(folder: Path, create: bool) -> bool:
    """Refuse what is not an index (or, with ``create``, not a place for a new one) before
    anything is written; True when a new index is to be created in ``folder``."""
    if folder.exists() and not folder.is_dir():
        raise IndexFolderError(f"index {folder}: not a folder (an index is a folder)")
    if not folder.exists():
        if create:
            return True
        raise IndexFolderError(f"index {folder}: no such folder")
    db = folder / DB_FILE
    if db.exists():
        if db.stat().st_size == 0:
            # Creation renames a complete database into place: an empty one is damage.
            raise IndexFolderError(
                f"index {folder}: {DB_FILE} is empty (0 bytes): its documents are lost; restore "
                "it from a backup, or build a new index in an empty folder"
            )
        return False
    derived = derived_files(folder)
    if derived:
        raise IndexFolderError(
            f"index {folder}: {DB_FILE} is missing but {derived[0]} is there: the documents are "
            "lost; restore it from a backup, or build a new index in an empty folder"
        )
    foreign = sorted(p.name for p in folder.iterdir() if not _ours_when_new(p.name))
    if not create:
        raise IndexFolderError(f"index {folder}: not an unspin index (no {DB_FILE})")
    if foreign:
        raise IndexFolderError(
            f"index {folder}: not an unspin index and not empty ({', '.join(foreign[:3])}); "
            "use an empty or new folder"
        )
    return True


def derived_files(folder: Path) -> list[str]:
    return [name for name in DERIVED_FILES if (folder / name).exists()]


def _ours_when_new(name: str) -> bool:
    """Files a new index folder may already hold: the lock, a creation killed half-way."""
    return name == "lock" or name.startswith(DB_FILE + ".new")


def _create(db: Path, model: str, dim: int) -> None:
    """A complete, empty index database, renamed into place: never half a database."""
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(DB_FILE + ".new")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    meta = {
        "app": APP,
        "schema_version": str(SCHEMA_VERSION),
        "fingerprint_version": str(FINGERPRINT_VERSION),
        "model": model,
        "dim": str(dim),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    create_schema(tmp, meta)
    os.replace(tmp, db)
    fsync_dir(db.parent)


def create_schema(path: Path, meta: dict[str, str]) -> None:
    """Write the schema and ``meta`` into a new database file, closed and synced on return."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        with _transaction(con):
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    con.execute(stmt)
            con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    finally:
        con.close()  # the last connection checkpoints the WAL into the file
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _connect(db: Path, readonly: bool) -> sqlite3.Connection:
    if not readonly:
        con = sqlite3.connect(db, timeout=30, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA cache_size=-262144")
        return con
    uri = db.resolve().as_uri() + "?mode=ro"
    con = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        if not _cannot_share_wal(err):
            con.close()
            raise
        # A folder we may not write holds no -shm for the WAL reader to share: nobody with our
        # rights writes there, so the file is read as it is (its WAL, if any, is not seen).
        con.close()
        wal = Path(f"{db}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            print(
                f"unspin: warning: index {db.parent}: read-only folder whose {wal.name} holds "
                "commits not yet in the database; reading without them",
                file=sys.stderr,
            )
        con = sqlite3.connect(
            uri + "&immutable=1",
            uri=True,
            timeout=30,
            isolation_level=None,
            check_same_thread=False,
        )
    con.execute("PRAGMA cache_size=-262144")
    return con


def _cannot_share_wal(err: sqlite3.OperationalError) -> bool:
    name = getattr(err, "sqlite_errorname", "")
    return name in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN", "SQLITE_READONLY") or (
        "readonly" in str(err) or "unable to open" in str(err)
    )


def database_error(folder: Path, err: sqlite3.DatabaseError) -> IndexFolderError:
    """The one-line error for a SQLite failure at the index boundary."""
    msg = str(err)
    if _is_damage(err):
        return IndexFolderError(
            f"index {folder}: {DB_FILE} is damaged ({msg}); `unspin index repair --index "
            f"{folder}` rebuilds what can be read"
        )
    if "readonly" in msg or "read-only" in msg:
        return IndexFolderError(f"index {folder}: not writable ({msg})")
    if "locked" in msg or "busy" in msg:
        return IndexFolderError(f"index {folder}: database busy ({msg}); try again")
    return IndexFolderError(f"index {folder}: database error ({msg})")


def _is_damage(err: sqlite3.DatabaseError) -> bool:
    msg = str(err)
    return "malformed" in msg or "not a database" in msg or "corrupt" in msg
