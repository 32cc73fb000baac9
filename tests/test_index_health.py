"""The index looks after itself: verify, repair, derived parts caught up by writers only, a
database created whole. In process, on real folders (see test_index_faults.py for the damage
done from outside, through the command)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from test_index import SPUN_MARS, TEXTS

from unspin.document import Document
from unspin.errors import IndexFolderError
from unspin.index import Index
from unspin.index.vectors import ANN_FILE, ANN_META


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_postings_that_disagree_with_their_documents_are_rebuilt(tmp_path, corpus):
    folder = tmp_path / "lex.idx"
    with Index(folder, write=True, lexical_only=True) as idx:
        idx.add([corpus], extract=False)
        assert idx.verify() == []
        idx.store.con.execute("DELETE FROM fp WHERE (h, doc) IN (SELECT h, doc FROM fp LIMIT 5)")
    with Index(folder) as idx:
        problems = idx.verify()
    assert len(problems) == 1 and "fingerprint postings" in problems[0]
    with Index(folder, write=True, create=False) as idx:
        report = idx.repair()
        assert report.postings_rebuilt and report.documents_kept == 3
        assert not report.documents_lost and report.damaged_copy is None
        assert report.vectors is None  # lexical-only: no vector file to rebuild
        assert report.summary(folder).endswith("3 documents kept; postings rebuilt")
        assert idx.verify() == []
        res = idx.check(
            Document(text=TEXTS["chess.txt"].replace("queen", "lady")), lexical_only=True
        )
    assert res.sources[0].document.path.endswith("chess.txt")


def test_a_writer_saves_what_readers_only_catch_up(tmp_path, corpus, capsys):
    folder = tmp_path / "i.idx"
    with Index(folder, write=True) as idx:
        idx.add([corpus], extract=False)
    for name in (ANN_FILE, ANN_META):
        (folder / name).unlink()  # what a kill before the first save leaves
    with Index(folder) as idx:
        assert idx.stats()["vectors_behind"] == 3
        assert idx.check(Document(text=SPUN_MARS)).sources
    assert "behind index.sqlite by 3 documents" in capsys.readouterr().err
    assert not (folder / ANN_FILE).exists()
    with Index(folder, write=True) as idx:
        idx.add([], extract=False)  # a writer with nothing to add still saves the vectors
    with Index(folder) as idx:
        assert idx.stats()["vectors_behind"] == 0 and idx.verify() == []
        assert len(idx.ann.index) == idx.stats()["sentence_vectors"]
    assert capsys.readouterr().err == ""


def test_a_vector_record_without_checksum_is_rebuilt_once(tmp_path, corpus, capsys):
    # vectors.json as older unspin wrote it: no size, no checksum.
    folder = tmp_path / "i.idx"
    with Index(folder, write=True) as idx:
        idx.add([corpus], extract=False)
        n = idx.stats()["sentence_vectors"]
    (folder / ANN_META).write_text(json.dumps({"last_id": n, "ndim": 384, "count": n}))
    with Index(folder) as idx:
        assert len(idx.ann.index) == n
    assert "no checksum" in capsys.readouterr().err
    with Index(folder, write=True) as idx:
        assert len(idx.ann.index) == n
    assert json.loads((folder / ANN_META).read_text())["version"] == 2
    with Index(folder) as idx:
        assert idx.verify() == [] and len(idx.ann.index) == n
    capsys.readouterr()


def test_a_new_database_appears_whole_or_not_at_all(tmp_path):
    # A creation killed half-way leaves index.sqlite.new behind: ignored, created again.
    folder = tmp_path / "i.idx"
    folder.mkdir()
    (folder / "index.sqlite.new").write_bytes(b"half")
    with Index(folder, write=True, lexical_only=True) as idx:
        assert idx.count() == 0
    assert not (folder / "index.sqlite.new").exists()
    # So an empty index.sqlite is damage, even without a vector file: never recreated.
    (folder / "index.sqlite").write_bytes(b"")
    for side in ("-wal", "-shm"):
        (folder / f"index.sqlite{side}").unlink(missing_ok=True)
    with pytest.raises(IndexFolderError, match="index.sqlite is empty"):
        Index(folder, write=True, lexical_only=True)
    with pytest.raises(IndexFolderError, match="index.sqlite is empty"):
        Index(folder)
    assert (folder / "index.sqlite").stat().st_size == 0


def test_readers_do_not_write(tmp_path, corpus):
    folder = tmp_path / "i.idx"
    with Index(folder, write=True) as idx:
        idx.add([corpus], extract=False)
    with Index(folder) as idx:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            idx.store.con.execute("DELETE FROM docs")
        with pytest.raises(IndexFolderError, match="opened read-only"):
            idx.repair()
        assert idx.count() == 3


def test_a_kill_between_the_record_and_the_file_needs_no_rebuild(tmp_path, corpus, capsys):
    # A save writes the record (naming the new file and the one it replaces), then renames the
    # new file into place. Killed in between: the old file is still there, and still verifies.
    folder = tmp_path / "i.idx"
    with Index(folder, write=True) as idx:
        idx.add([corpus / "mars.txt"], extract=False)
    old = (folder / ANN_FILE).read_bytes()
    with Index(folder, write=True) as idx:
        idx.add([corpus], extract=False)
        n = idx.stats()["sentence_vectors"]
    assert len(json.loads((folder / ANN_META).read_text())["files"]) == 2
    (folder / ANN_FILE).write_bytes(old)
    with Index(folder) as idx:
        assert idx.verify() == [
            f"{ANN_FILE}: behind index.sqlite by 2 documents (an add was interrupted)"
        ]
        assert len(idx.ann.index) == n  # the old file, caught up: no rebuild
        assert idx.check(Document(text=SPUN_MARS)).sources
    err = capsys.readouterr().err
    assert "behind index.sqlite by 2 documents" in err and "rebuilt" not in err


def test_lost_sentence_vectors_are_computed_again(tmp_path, corpus):
    folder = tmp_path / "i.idx"
    with Index(folder, write=True, model="minilm-int8") as idx:
        idx.add([corpus], extract=False)
        n = idx.stats()["sentence_vectors"]
    db = folder / "index.sqlite"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = con.execute("PRAGMA page_size").fetchone()[0]
    q = "SELECT pageno FROM dbstat WHERE name='sents' AND pagetype='leaf' ORDER BY pageno"
    pages = [r[0] for r in con.execute(q)]
    con.close()
    assert len(pages) >= 2
    with open(db, "r+b") as f:
        f.seek((pages[0] - 1) * size)
        f.write(b"\x00" * 100 + b"\xff" * (size - 100))
    with Index(folder) as idx:
        assert any("index.sqlite" in p for p in idx.verify())
    with Index(folder, write=True, create=False) as idx:
        report = idx.repair()
        assert report.documents_kept == 3 and report.documents_lost == 0
        assert 0 < report.sentences_embedded < n
        assert idx.verify() == []
        assert idx.stats()["sentence_vectors"] >= n
        assert idx.check(Document(text=SPUN_MARS)).sources[0].document.path.endswith("mars.txt")
