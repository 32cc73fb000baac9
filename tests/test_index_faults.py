"""Fault injection on a real index folder, through the real command in a child process.

Each test damages a copy of one small index (built once with the model, so it has a vector
file) the way disks, power cuts and users do, then runs ``unspin`` and asserts the exit
status, the one-line message, and that nothing else is lost: every document still readable is
still found by ``check``, and ``index repair`` / ``index verify`` bring the folder back.
A child process, because the failure these guard against was a segfault in the native vector
library, which would take pytest down with it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
N_DOCS = 40
WORDS = (
    "harbour pilot tanker channel barley autumn museum gallery maps witness bridge railway "
    "timber mountain council transport violinist sonata committee budget winter farmer field "
    "reporter archive record lantern orchard river quarry glacier meadow festival engine "
    "furnace carriage market library chapel tower garden"
).split()


def _doc(i: int) -> str:
    """A text of its own: four sentences no other document shares (so each has vectors)."""
    rnd = random.Random(i)
    sents = []
    for j in range(4):
        words = rnd.sample(WORDS, 9)
        sents.append(f"Entry {i}-{j} tells how the {' '.join(words)} changed that year.")
    return f"Record number {i} of the archive. " + " ".join(sents)


def unspin(*args: str, timeout: float = 180, prefix: tuple[str, ...] = ()):
    cmd = [*prefix, sys.executable, "-m", "unspin", *args]
    return subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=timeout)


def one_line(stderr: str) -> str:
    """The error line, asserting it is the only one and no traceback."""
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "corpus"
    folder.mkdir()
    for i in range(N_DOCS):
        (folder / f"doc{i:02d}.txt").write_text(_doc(i), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pristine(corpus) -> Path:
    idx = corpus.parent / "pristine.idx"
    done = unspin("index", "add", str(corpus), "--index", str(idx), "--no-extract", "-q")
    assert done.returncode == 0, done.stderr
    assert (idx / "vectors.usearch").stat().st_size > 64 * 1024
    return idx


@pytest.fixture
def idx(pristine, tmp_path) -> Path:
    dst = tmp_path / "copy.idx"
    shutil.copytree(pristine, dst)
    return dst


def found(idx: Path, corpus: Path, which: list[int]) -> dict[int, bool]:
    """Whether ``check`` reports doc i first, for each i (one call for all queries)."""
    files = [str(corpus / f"doc{i:02d}.txt") for i in which]
    res = unspin("check", *files, "--index", str(idx), "--format", "jsonl", "--top", "1")
    assert res.returncode == 0, res.stderr
    out = {}
    for i, line in zip(which, res.stdout.splitlines(), strict=True):
        rec = json.loads(line)
        out[i] = bool(rec["sources"]) and rec["sources"][0]["path"].endswith(f"doc{i:02d}.txt")
    return out


def verify(idx: Path):
    return unspin("index", "verify", "--index", str(idx))


def flip(path: Path, start: int, length: int) -> None:
    data = bytearray(path.read_bytes())
    for k in range(start, min(len(data), start + length)):
        data[k] ^= 0xFF
    path.write_bytes(bytes(data))


# -- the vector file: derived, verified before the native library sees it -----------------------


def test_flipped_tail_of_the_vector_file_is_rebuilt_not_a_crash(idx, corpus):
    vec = idx / "vectors.usearch"
    flip(vec, vec.stat().st_size - 8192, 8192)
    extra = corpus.parent / "extra.txt"
    extra.write_text(_doc(1000), encoding="utf-8")
    res = unspin("index", "add", str(extra), "--index", str(idx), "--no-extract", "-q")
    assert res.returncode == 0, res.stderr  # was 139 (segfault in usearch)
    assert "vectors.usearch" in one_line(res.stderr) and "rebuil" in res.stderr
    assert verify(idx).returncode == 0  # the writer saved a verified file
    assert all(found(idx, corpus, [0, 17, 39]).values())


def test_flipped_middle_of_the_vector_file_is_detected_by_readers(idx, corpus):
    vec = idx / "vectors.usearch"
    before = vec.read_bytes()
    flip(vec, vec.stat().st_size // 2, 64)
    res = unspin("check", str(corpus / "doc05.txt"), "--index", str(idx), "--format", "jsonl")
    assert res.returncode == 0
    assert "vectors.usearch" in one_line(res.stderr) and "checksum" in res.stderr
    assert json.loads(res.stdout)["sources"][0]["path"].endswith("doc05.txt")
    assert vec.read_bytes() != before  # a reader never writes: still damaged ...
    v = verify(idx)
    assert v.returncode == 2 and "vectors.usearch" in v.stdout + v.stderr
    rep = unspin("index", "repair", "--index", str(idx))
    assert rep.returncode == 0, rep.stderr  # ... until repaired
    assert verify(idx).returncode == 0


# -- SQLite and the vector file disagree -----------------------------------------------------


def test_sqlite_truncated_to_zero_is_an_error_not_a_new_index(idx, corpus):
    db = idx / "index.sqlite"
    for side in ("-wal", "-shm"):
        (idx / f"index.sqlite{side}").unlink(missing_ok=True)
    db.write_bytes(b"")
    vectors = (idx / "vectors.usearch").read_bytes()
    for args in (
        ("check", str(corpus / "doc01.txt")),
        ("index", "stats"),
        ("index", "add", str(corpus / "doc01.txt"), "--no-extract", "-q"),
    ):
        res = unspin(*args, "--index", str(idx))
        assert res.returncode == 2, (args, res.stderr)
        assert "index.sqlite is empty" in one_line(res.stderr)
    assert db.stat().st_size == 0  # not silently recreated
    assert (idx / "vectors.usearch").read_bytes() == vectors


def test_missing_database_beside_vectors_is_an_error(idx, corpus):
    (idx / "index.sqlite").unlink()
    for side in ("-wal", "-shm"):
        (idx / f"index.sqlite{side}").unlink(missing_ok=True)
    for args in (
        ("check", str(corpus / "doc01.txt")),
        ("index", "add", str(corpus / "doc01.txt"), "--no-extract", "-q"),
    ):
        res = unspin(*args, "--index", str(idx))
        assert res.returncode == 2
        assert "index.sqlite is missing" in one_line(res.stderr)
    assert not (idx / "index.sqlite").exists()


def test_sqlite_that_lost_its_last_commits_is_repaired_at_open(idx, corpus, tmp_path):
    # A copy of the database as it was, then more documents, then the old copy put back: what
    # synchronous=NORMAL allows after a power cut. The vector file now holds keys SQLite lacks.
    old = tmp_path / "old.sqlite"
    shutil.copy(idx / "index.sqlite", old)
    more = tmp_path / "more"
    more.mkdir()
    for i in range(100, 106):
        (more / f"m{i}.txt").write_text(_doc(i), encoding="utf-8")
    assert (
        unspin("index", "add", str(more), "--index", str(idx), "--no-extract", "-q").returncode == 0
    )
    shutil.copy(old, idx / "index.sqlite")
    for side in ("-wal", "-shm"):
        (idx / f"index.sqlite{side}").unlink(missing_ok=True)
    newer = tmp_path / "newer"
    newer.mkdir()
    for i in range(200, 204):
        (newer / f"n{i}.txt").write_text(_doc(i), encoding="utf-8")
    res = unspin("index", "add", str(newer), "--index", str(idx), "--no-extract", "-q")
    assert res.returncode == 0, res.stderr  # was "RuntimeError: Duplicate keys not allowed"
    assert "lost its last commits" in one_line(res.stderr)
    assert verify(idx).returncode == 0
    # The lost documents can simply be added again; everything is found.
    again = unspin("index", "add", str(more), "--index", str(idx), "--no-extract", "-q")
    assert again.returncode == 0 and not again.stderr.strip()
    hits = unspin(
        "check", str(more / "m103.txt"), str(newer / "n201.txt"), "--index", str(idx),
        "--format", "jsonl", "--top", "1",
    )  # fmt: skip
    paths = [json.loads(x)["sources"][0]["path"] for x in hits.stdout.splitlines()]
    assert paths[0].endswith("m103.txt") and paths[1].endswith("n201.txt")
    assert all(found(idx, corpus, [0, 39]).values())


def test_add_killed_before_its_first_vector_save(idx, corpus):
    # The state a kill leaves before the first save: SQLite holds the documents and their
    # vectors, the vector file does not exist.
    for name in ("vectors.usearch", "vectors.json"):
        (idx / name).unlink()
    st = unspin("index", "stats", "--index", str(idx), "--format", "json")
    assert st.returncode == 0
    assert json.loads(st.stdout)["vectors_behind"] == N_DOCS
    assert f"{N_DOCS} documents" in one_line(st.stderr)
    assert all(found(idx, corpus, [3, 30]).values())  # readers catch up in memory ...
    assert not (idx / "vectors.usearch").exists()  # ... and never write
    rep = unspin("index", "repair", "--index", str(idx))
    assert rep.returncode == 0, rep.stderr
    st = unspin("index", "stats", "--index", str(idx), "--format", "json")
    assert json.loads(st.stdout)["vectors_behind"] == 0 and not st.stderr.strip()


# -- damaged pages inside index.sqlite -------------------------------------------------------


def _corrupt_a_docs_page(db: Path, last: bool = False) -> None:
    """Overwrite one leaf page of the documents table with noise (the middle one, or the last,
    where a new document goes)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        r[0]
        for r in con.execute(
            "SELECT pageno FROM dbstat WHERE name='docs' AND pagetype='leaf' ORDER BY pageno"
        )
    ]
    con.close()
    assert len(pages) >= 3
    page = pages[-1] if last else pages[len(pages) // 2]
    with open(db, "r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(bytes(random.Random(1).randrange(256) for _ in range(page_size)))


def test_a_damaged_page_is_one_line_then_verify_and_repair(idx, corpus):
    _corrupt_a_docs_page(idx / "index.sqlite")
    res = unspin("index", "stats", "--index", str(idx))
    assert res.returncode == 2, res.stderr  # was a sqlite3.DatabaseError traceback, exit 1
    line = one_line(res.stderr)
    assert str(idx) in line and "damaged" in line and "index repair" in line
    v = verify(idx)
    assert v.returncode == 2 and "Traceback" not in v.stderr
    problems = [x for x in v.stdout.splitlines() if x.strip()]
    assert problems and all("index.sqlite" in x for x in problems)
    rep = unspin("index", "repair", "--index", str(idx), "--format", "json")
    assert rep.returncode == 0, rep.stderr
    report = json.loads(rep.stdout)
    lost = report["documents_lost"]
    assert 0 < lost < N_DOCS // 2 and report["documents_kept"] == N_DOCS - lost
    assert (idx / report["damaged_copy"]).exists()  # the damaged file is kept, not deleted
    assert verify(idx).returncode == 0
    # Nothing else lost: the kept documents are found; adding the corpus again restores the rest.
    add = unspin("index", "add", str(corpus), "--index", str(idx), "--no-extract", "-q")
    assert add.returncode == 0 and "added " + str(lost) in add.stdout
    assert all(found(idx, corpus, list(range(N_DOCS))).values())


def test_add_onto_a_damaged_page_is_one_line(idx, tmp_path):
    _corrupt_a_docs_page(idx / "index.sqlite", last=True)
    new = tmp_path / "new.txt"
    new.write_text(_doc(500), encoding="utf-8")
    res = unspin("index", "add", str(new), "--index", str(idx), "--no-extract", "-q")
    assert res.returncode == 2, res.stderr
    line = one_line(res.stderr)
    assert str(idx) in line and "damaged" in line


def test_check_on_a_damaged_page_stops_with_one_line(idx, corpus):
    _corrupt_a_docs_page(idx / "index.sqlite")
    files = [str(corpus / f"doc{i:02d}.txt") for i in range(N_DOCS)]
    res = unspin("check", *files, "--index", str(idx), "--lexical-only")
    assert res.returncode == 2
    assert "damaged" in one_line(res.stderr)


def test_damage_where_the_settings_are_kept_is_not_sent_to_repair(idx):
    db = idx / "index.sqlite"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='meta'").fetchone()[0]
    con.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x07" * page_size)
    for args in (("index", "stats"), ("index", "verify"), ("index", "repair")):
        res = unspin(*args, "--index", str(idx))
        assert res.returncode == 2, (args, res.stderr)
        assert "cannot be opened or repaired" in one_line(res.stderr)
    assert not list(idx.glob("index.sqlite.damaged-*"))


# -- permissions and wrong paths -------------------------------------------------------------


def _as_reader() -> tuple[str, ...]:
    """A prefix that runs the command without the right to write (root ignores modes)."""
    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot drop the right to write")
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"running as root and setpriv cannot drop capabilities: {probe.stderr}")
    return prefix


def _read_only(folder: Path) -> None:
    for p in folder.iterdir():
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    folder.chmod(0o555)


def test_a_read_only_index_can_be_checked(idx, corpus):
    # As another user's index is: after a clean close SQLite left no -wal/-shm behind.
    prefix = _as_reader()
    _read_only(idx)
    try:
        before = {p.name: p.stat().st_mtime_ns for p in idx.iterdir()}
        res = unspin(
            "check", str(corpus / "doc07.txt"), "--index", str(idx), "--format", "jsonl",
            prefix=prefix,
        )  # fmt: skip
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["sources"][0]["path"].endswith("doc07.txt")
        st = unspin("index", "stats", "--index", str(idx), prefix=prefix)
        assert st.returncode == 0, st.stderr
        assert {p.name: p.stat().st_mtime_ns for p in idx.iterdir()} == before
        for verb in (("add", str(corpus / "doc07.txt")), ("remove", "3"), ("repair",)):
            res = unspin("index", *verb, "--index", str(idx), prefix=prefix)
            assert res.returncode == 2, (verb, res.stderr)
            assert "not writable" in one_line(res.stderr)
        assert {p.name: p.stat().st_mtime_ns for p in idx.iterdir()} == before
    finally:
        idx.chmod(0o755)


def test_index_pointing_at_a_file(tmp_path, corpus):
    f = tmp_path / "notes.txt"
    f.write_text("not an index")
    for args in (
        ("check", str(corpus / "doc01.txt")),
        ("index", "stats"),
        ("index", "verify"),
        ("index", "add", str(corpus / "doc01.txt"), "--lexical-only"),
    ):
        res = unspin(*args, "--index", str(f))
        assert res.returncode == 2, (args, res.stderr)
        assert "not a folder" in one_line(res.stderr)
    assert f.read_text() == "not an index"
