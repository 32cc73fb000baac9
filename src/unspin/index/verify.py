"""``unspin index verify``: is the folder whole? One line per problem, nothing written.

Checks, in order: SQLite's own ``integrity_check`` (every page and index), the postings against
the documents that own them, then the vector file against its record and the database (the
checks ``VectorIndex`` makes before using it, and the count of vectors it must hold).
"""

from __future__ import annotations

import sqlite3

from unspin.index.dbfile import DB_FILE
from unspin.index.lock import writer_active
from unspin.index.store import Store
from unspin.index.vectors import ANN_FILE, ANN_META, MISSING, check_file

#: Problems SQLite's integrity check may list before the rest are summarised.
MAX_SQLITE_LINES = 10


def verify_store(store: Store) -> list[str]:
    """Problems found in an opened index (empty when whole)."""
    problems = sqlite_problems(store)
    if problems:
        return problems  # counts and the vector check would read the same damaged pages
    try:
        problems += posting_problems(store)
        if store.model:
            problems += _vector_problems(store)
    except sqlite3.DatabaseError as err:
        problems.append(f"{DB_FILE}: {err}")
    return problems


def sqlite_problems(store: Store) -> list[str]:
    try:
        rows = [r[0] for r in store.con.execute("PRAGMA integrity_check(1000)")]
    except sqlite3.DatabaseError as err:
        return [f"{DB_FILE}: {err}"]
    if rows == ["ok"]:
        return []
    out = [f"{DB_FILE}: {r}" for r in rows[:MAX_SQLITE_LINES]]
    if len(rows) > MAX_SQLITE_LINES:
        out.append(f"{DB_FILE}: ... and {len(rows) - MAX_SQLITE_LINES} more problems")
    return out


def posting_problems(store: Store) -> list[str]:
    one = lambda q: store.con.execute(q).fetchone()[0]  # noqa: E731
    out = []
    held, owned = (
        one("SELECT count(*) FROM fp"),
        one("SELECT coalesce(sum(length(fps)), 0) FROM docs"),
    )
    if held != owned // 8:
        out.append(f"{DB_FILE}: {held} fingerprint postings, the documents own {owned // 8}")
    held, owned = (
        one("SELECT count(*) FROM occ"),
        one("SELECT coalesce(sum(length(sents)), 0) FROM docs"),
    )
    if held != owned // 8:
        out.append(f"{DB_FILE}: {held} sentence occurrences, the documents own {owned // 8}")
    return out


def _vector_problems(store: Store) -> list[str]:
    folder = store.folder
    data, entry, why = check_file(store)
    if why == MISSING:
        lacking = store.documents_after(0)
        return (
            [f"{ANN_FILE}: missing; {lacking} documents have no vectors in it"] if lacking else []
        )
    if data is None:
        return [
            why if why.startswith(ANN_FILE) or why.startswith(ANN_META) else f"{ANN_FILE}: {why}"
        ]
    out = []
    q = "SELECT count(*) FROM sents WHERE id <= ? AND vec IS NOT NULL"
    expected = store.con.execute(q, (entry.last_id,)).fetchone()[0]
    if entry.count != expected:
        out.append(f"{ANN_FILE}: holds {entry.count} vectors, {DB_FILE} {expected} up to its end")
    behind = store.documents_after(entry.last_id)
    if behind and not writer_active(folder):
        out.append(f"{ANN_FILE}: behind {DB_FILE} by {behind} documents (an add was interrupted)")
    return out
