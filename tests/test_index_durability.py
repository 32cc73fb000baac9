"""A writer SIGKILLed mid-way leaves a valid index of whole documents; re-running resumes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from unspin.index import Index

HERE = Path(__file__).resolve().parent
SUBJECTS = [
    "The committee",
    "A local farmer",
    "The new museum",
    "Our reporter",
    "The harbour pilot",
    "An old railway",
    "The city council",
    "A young violinist",
]
ACTIONS = [
    "reviewed the budget for the coming winter",
    "planted barley along the northern fields",
    "opened a gallery of medieval maps",
    "interviewed three witnesses near the bridge",
    "guided the tanker through the narrow channel",
    "carried timber across the mountains",
    "approved a plan for cheaper public transport",
    "rehearsed a difficult sonata all night",
]


def _corpus(folder: Path, n: int) -> None:
    rnd = random.Random(7)
    pool = [f"{s} {a} last {d}." for s in SUBJECTS for a in ACTIONS for d in ("spring", "autumn")]
    folder.mkdir()
    for i in range(n):
        body = " ".join(rnd.sample(pool, 6))
        (folder / f"doc{i:04d}.txt").write_text(f"Record number {i} of the archive. {body}\n")


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM docs").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _assert_whole_documents(idx: Index) -> None:
    con = idx.store.con
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n_fp = n_occ = 0
    for fps, sents in con.execute("SELECT fps, sents FROM docs"):
        n_fp += len(np.frombuffer(fps, dtype=np.int64))
        n_occ += len(np.frombuffer(sents, dtype=np.int64))
    assert con.execute("SELECT count(*) FROM fp").fetchone()[0] == n_fp
    assert con.execute("SELECT count(*) FROM occ").fetchone()[0] == n_occ
    orphans = con.execute("SELECT count(*) FROM occ WHERE doc NOT IN (SELECT id FROM docs)")
    assert orphans.fetchone()[0] == 0


def test_sigkill_mid_add_then_resume(tmp_path):
    n = 150
    corpus, idx_dir = tmp_path / "corpus", tmp_path / "idx"
    _corpus(corpus, n)
    cmd = [
        sys.executable,
        "-m",
        "unspin",
        "index",
        "add",
        str(corpus),
        "--index",
        str(idx_dir),
        "--no-extract",
        "-q",
        # MiniLM vectors: slow enough per document to be killed mid-way (static vectors index
        # these 150 documents in well under a second; the commits are the same code).
        "--model",
        "minilm-int8",
    ]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    db = idx_dir / "index.sqlite"
    deadline = time.monotonic() + 60
    while _count(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the writer finished before it could be killed"

    with Index(idx_dir) as idx:
        held = idx.stats()["documents"]
        assert 10 <= held < n
        _assert_whole_documents(idx)
        # The ANN file lagged behind the commits; opening caught it up from SQLite.
        assert len(idx.ann.index) == idx.stats()["sentence_vectors"]

    done = subprocess.run(
        cmd + ["--format", "json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f'"duplicates": {held}' in done.stdout
    with Index(idx_dir) as idx:
        assert idx.stats()["documents"] == n
        _assert_whole_documents(idx)
        assert len(idx.ann.index) == idx.stats()["sentence_vectors"]
        assert idx.ann.saved_upto == idx.store.max_sentence_id()
