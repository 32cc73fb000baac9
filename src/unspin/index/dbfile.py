"""The file ``index.sqlite``: what is and is not an index, creating one whole, connections.

Opening refuses, before anything is written, what is not an index: a file named as the folder,
a foreign folder, an empty database (creation renames a complete one into place, so an empty
file is damage) and a missing one beside the vector files it was the truth of. Readers connect
read-only. SQLite's errors become one line naming the folder (``database_error``).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

from unspin.errors import IndexFolderError
from unspin.index.fingerprints import FINGERPRINT_VERSION

SCHEMA_VERSION = 2
#: Schemas this version opens. 2 (2026-12): the same tables; new indexes hold static vectors
#: (model ``minilm-static-128``), which an older unspin cannot load, so it refuses them by schema
#: with its "built by another unspin version" message instead of failing to load a model.
#: Version 1 indexes (MiniLM vectors) open and work unchanged.
READABLE_SCHEMAS = ("1", "2")
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


def create_database(db: Path, model: str, dim: int) -> None:
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
        con.execute("BEGIN IMMEDIATE")
        for stmt in _SCHEMA.split(";"):
            if stmt.strip():
                con.execute(stmt)
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.execute("COMMIT")
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


def connect(db: Path, readonly: bool) -> sqlite3.Connection:
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
    if is_damage(err):
        return IndexFolderError(
            f"index {folder}: {DB_FILE} is damaged ({msg}); `unspin index repair --index "
            f"{folder}` rebuilds what can be read"
        )
    if "readonly" in msg or "read-only" in msg:
        return IndexFolderError(f"index {folder}: not writable ({msg})")
    if "unable to open" in msg:
        return IndexFolderError(f"index {folder}: {DB_FILE} cannot be read ({msg}; permissions?)")
    if "locked" in msg or "busy" in msg:
        return IndexFolderError(f"index {folder}: database busy ({msg}); try again")
    return IndexFolderError(f"index {folder}: database error ({msg})")


def is_damage(err: sqlite3.DatabaseError) -> bool:
    msg = str(err)
    return "malformed" in msg or "not a database" in msg or "corrupt" in msg
