"""The service's own state, beside the index in its folder: reports, reviews and API tokens.

One SQLite file (``serve.sqlite``) so that a restart keeps every permanent report URL, every
verdict and every token. Tokens are stored as SHA-256 hashes only: the file leaks no secret.
All access goes through one connection guarded by a lock (writes are small and rare).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from pathlib import Path

STATE_FILE = "serve.sqlite"
#: Verdicts a review may give.
VERDICTS = ("confirmed", "dismissed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, created REAL NOT NULL,
  body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reviews (id INTEGER PRIMARY KEY, report TEXT NOT NULL,
  source INTEGER NOT NULL, passage INTEGER, verdict TEXT NOT NULL, note TEXT NOT NULL,
  who TEXT NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS reviews_report ON reviews(report, id);
"""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class StateStore:
    """``serve.sqlite`` in an index folder (created on first use)."""

    def __init__(self, folder: str | Path):
        self.path = Path(folder) / STATE_FILE
        self._lock = threading.Lock()
        self._con = sqlite3.connect(
            self.path, timeout=30, isolation_level=None, check_same_thread=False
        )
        with self._lock:
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    # -- tokens --------------------------------------------------------------------------
    def create_token(self, name: str) -> str:
        """A new token (returned once, never stored in clear)."""
        token = "us_" + secrets.token_urlsafe(32)
        with self._lock:
            self._con.execute(
                "INSERT INTO tokens (name, hash, created) VALUES (?, ?, ?)",
                (name, token_hash(token), time.time()),
            )
        return token

    def token_name(self, token: str) -> str | None:
        """The name a valid token was created with; None for an unknown token."""
        with self._lock:
            row = self._con.execute(
                "SELECT name FROM tokens WHERE hash=?", (token_hash(token),)
            ).fetchone()
        return row[0] if row else None

    def token_count(self) -> int:
        with self._lock:
            return self._con.execute("SELECT COUNT(*) FROM tokens").fetchone()[0]

    # -- reports -------------------------------------------------------------------------
    def save_report(self, record: dict) -> str:
        """Store a report record (see records.py) under a new unguessable id; returns the id."""
        rid = secrets.token_urlsafe(12)
        record["id"] = rid
        body = json.dumps(record, ensure_ascii=False)
        with self._lock:
            self._con.execute(
                "INSERT INTO reports (id, created, body) VALUES (?, ?, ?)",
                (rid, record.get("created", time.time()), body),
            )
        return rid

    def report(self, rid: str) -> dict | None:
        with self._lock:
            row = self._con.execute("SELECT body FROM reports WHERE id=?", (rid,)).fetchone()
        return json.loads(row[0]) if row else None

    # -- reviews -------------------------------------------------------------------------
    def add_review(
        self, rid: str, source: int, passage: int | None, verdict: str, note: str, who: str
    ) -> dict:
        now = time.time()
        with self._lock:
            cur = self._con.execute(
                "INSERT INTO reviews (report, source, passage, verdict, note, who, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rid, source, passage, verdict, note, who, now),
            )
            rev_id = cur.lastrowid
        return _review(rev_id, source, passage, verdict, note, who, now)

    def reviews(self, rid: str) -> list[dict]:
        """Every review of a report, oldest first (the latest on a passage is its verdict)."""
        with self._lock:
            rows = self._con.execute(
                "SELECT id, source, passage, verdict, note, who, created FROM reviews "
                "WHERE report=? ORDER BY id",
                (rid,),
            ).fetchall()
        return [_review(*r) for r in rows]


def _review(rev_id, source, passage, verdict, note, who, created) -> dict:
    return {
        "id": rev_id,
        "source": source,
        "passage": passage,
        "verdict": verdict,
        "note": note,
        "who": who,
        "created": round(created, 3),
    }
