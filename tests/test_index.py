"""The index folder: adding, idempotence, removal, refusals (foreign, corrupt, mismatch, lock)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from index_texts import TEXTS

from unspin.document import Document
from unspin.errors import IndexFolderError, InputError
from unspin.index import Index
from unspin.index.fingerprints import fingerprints
from unspin.index.lock import WriterLock

SPUN_MARS = (
    "The tiny chopper finished its seventy-second trip above the Martian crater on Thursday. "
    "Technicians at the California laboratory verified that a rotor blade was harmed during "
    "touchdown. The craft was built for just five trial flights yet continued flying for nearly "
    "three years."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus):
    idx_dir = tmp_path_factory.mktemp("idx") / "index"
    with Index(idx_dir, write=True) as idx:
        report = idx.add([corpus], extract=False)
    assert report.added == 3 and not report.errors
    return idx_dir


def test_fingerprints_survive_synonym_swaps():
    src, spun = fingerprints(TEXTS["mars.txt"]), fingerprints(SPUN_MARS)
    other = fingerprints(TEXTS["bread.txt"])
    shared = len(set(src.tolist()) & set(spun.tolist()))
    assert shared >= 3
    assert len(set(other.tolist()) & set(spun.tolist())) < shared


def test_add_is_idempotent_and_stats(built, corpus):
    with Index(built, write=True) as idx:
        again = idx.add(extract=False, items=[corpus, Document(text=TEXTS["chess.txt"], id="copy")])
        st = idx.stats()
    assert again.added == 0 and again.duplicates == 4
    assert st["documents"] == 3 and st["sentence_vectors"] >= 12 and st["dim"] == 128
    assert (built / "vectors.usearch").exists()


def test_check_ranks_the_spun_source_first(built):
    with Index(built) as idx:
        res = idx.check(Document(text=SPUN_MARS, id="query"), top=3)
    assert res.sources, "no source found"
    assert res.sources[0].document.path.endswith("mars.txt")
    d = res.to_dict()
    assert d["path"] == "query"
    first = d["sources"][0]
    assert set(first) >= {"path", "id", "score", "coverage", "passages"}
    assert first["passages"] and 0 < first["score"] <= 1


def test_check_a_one_sentence_query_with_the_model(built):
    # The vector index answers a batch of one query vector in another shape: a one-sentence
    # query used to crash the semantic retrieval.
    query = (
        "The tiny chopper finished its seventy-second trip above the Martian crater on Thursday."
    )
    with Index(built) as idx:
        res = idx.check(Document(text=query, id="tweet"), top=3)
    assert res.sources and res.sources[0].document.path.endswith("mars.txt")


def test_check_lexical_only(built):
    from unspin.index.search import candidates

    with Index(built) as idx:
        # Retrieval alone, from fingerprints only, ranks the spun source first ...
        cands = candidates(idx.store, None, None, Document(text=SPUN_MARS), limit=5)
        assert idx.store.document(cands[0].doc_id).path.endswith("mars.txt")
        # ... and a lexical-only check reports a lightly edited copy.
        query = TEXTS["chess.txt"].replace("grandmaster", "champion")
        res = idx.check(Document(text=query), lexical_only=True)
    assert res.sources and res.sources[0].document.path.endswith("chess.txt")


def test_query_longer_than_any_source_and_too_long(built, monkeypatch):
    import unspin.index.query as index_mod

    long_query = SPUN_MARS + " " + " ".join(TEXTS.values()) * 3
    with Index(built) as idx:
        res = idx.check(Document(text=long_query, id="long"))
        assert res.sources  # longer than every source: still checked
        monkeypatch.setattr(index_mod, "MAX_QUERY_CHARS", 100)
        with pytest.raises(InputError, match="too long to check"):
            idx.check(Document(text=long_query, id="long"))


def test_remove(tmp_path, corpus):
    with Index(tmp_path / "i", write=True, lexical_only=True) as idx:
        idx.add([corpus], extract=False)
        removed, missing = idx.remove([str(corpus / "bread.txt"), "nope"])
        assert removed == 1 and missing == ["nope"]
        assert idx.stats()["documents"] == 2
        fp_rows = idx.store.con.execute("SELECT count(*) FROM fp").fetchone()[0]
        expected = sum(len(fingerprints(TEXTS[n])) for n in ("mars.txt", "chess.txt"))
        assert fp_rows == expected
        res = idx.check(Document(text=TEXTS["bread.txt"]))
        assert all(not s.document.path.endswith("bread.txt") for s in res.sources)


def test_foreign_folder_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(IndexFolderError, match="not an unspin index"):
        Index(tmp_path, write=True, lexical_only=True)
    with pytest.raises(IndexFolderError, match="not an unspin index"):
        Index(tmp_path)
    assert not (tmp_path / "index.sqlite").exists()
    with pytest.raises(IndexFolderError, match="no such folder"):
        Index(tmp_path / "missing")


def test_corrupt_and_foreign_database_refused(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "index.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(IndexFolderError, match="corrupt"):
        Index(bad)
    other = tmp_path / "other"
    other.mkdir()
    con = sqlite3.connect(other / "index.sqlite")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(IndexFolderError, match="not an unspin index"):
        Index(other)


def test_dimension_and_model_mismatch(tmp_path, corpus):
    idx_dir = tmp_path / "i"
    with Index(idx_dir, write=True) as idx:
        idx.add([corpus / "chess.txt"], extract=False)
    with pytest.raises(IndexFolderError, match="built with model minilm-static-128"):
        Index(idx_dir, model="some/other-model")
    con = sqlite3.connect(idx_dir / "index.sqlite")
    con.execute("UPDATE meta SET value='768' WHERE key='dim'")
    con.commit()
    con.close()
    with Index(idx_dir) as idx, pytest.raises(IndexFolderError, match="768-dimensional"):
        idx.check(Document(text=TEXTS["chess.txt"]))


def test_lock_names_the_writer(tmp_path):
    idx_dir = tmp_path / "i"
    Index(idx_dir, write=True, lexical_only=True).close()
    import os

    with WriterLock(idx_dir):
        msg = f"locked by another writer \\(pid {os.getpid()}\\)"
        with pytest.raises(IndexFolderError, match=msg):
            Index(idx_dir, write=True, lexical_only=True)
        with Index(idx_dir) as reader:  # readers never wait for the writer
            assert reader.stats()["documents"] == 0
    Index(idx_dir, write=True, lexical_only=True).close()


def test_ann_file_rebuilt_when_damaged(tmp_path, corpus):
    idx_dir = tmp_path / "i"
    with Index(idx_dir, write=True) as idx:
        idx.add([corpus], extract=False)
    (idx_dir / "vectors.usearch").write_bytes(b"garbage")
    with Index(idx_dir) as idx:
        assert len(idx.ann.index) == idx.stats()["sentence_vectors"]
        assert idx.check(Document(text=SPUN_MARS)).sources


def test_jsonl_reader(tmp_path):
    from unspin.errors import InputError
    from unspin.readers.jsonl import iter_jsonl

    p = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "a", "url": "https://example.org/a", "text": TEXTS["bread.txt"]}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"html": "<html><body><p>" + TEXTS["chess.txt"] + "</p></body></html>"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_jsonl(p))  # records as read: an html one is not extracted
    assert isinstance(items[0], Document) and items[0].url == "https://example.org/a"
    assert isinstance(items[1], InputError) and ":2" in str(items[1])
    assert isinstance(items[2], InputError) and "'text' or 'html'" in str(items[2])
    assert isinstance(items[3], Document) and "grandmaster" in items[3].text


def test_jsonl_files_inside_folders_are_read_as_records(tmp_path):
    corpus = tmp_path / "crawl"
    (corpus / "part").mkdir(parents=True)
    (corpus / "bread.txt").write_text(TEXTS["bread.txt"], encoding="utf-8")
    rows = [
        json.dumps({"id": "r1", "url": "https://example.org/chess", "text": TEXTS["chess.txt"]}),
        json.dumps({"id": "r2", "url": "https://example.org/mars", "text": TEXTS["mars.txt"]}),
    ]
    (corpus / "part" / "records.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with Index(tmp_path / "i", write=True, lexical_only=True) as idx:
        report = idx.add([str(corpus)], extract=False)
        assert report.added == 3 and not report.errors
        found = [idx.store.find(f"https://example.org/{n}") for n in ("chess", "mars")]
        assert all(len(ids) == 1 for ids in found)
        assert "grandmaster" in idx.store.document(found[0][0]).text


def test_warc_records_are_indexed_with_their_url(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for name, text in TEXTS.items():
            page = (
                f"<html><head><title>{name}</title></head><body><article><p>{text}</p>"
                "</article></body></html>"
            ).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://example.org/{name}",
                    "response",
                    payload=io.BytesIO(page),
                    http_headers=headers,
                )
            )
    with Index(tmp_path / "i", write=True, lexical_only=True) as idx:
        report = idx.add([warc])
        assert report.added == 3, report.errors
        query = TEXTS["chess.txt"].replace("grandmaster", "champion")
        res = idx.check(Document(text=query), lexical_only=True)
    assert res.sources and res.sources[0].document.url == "https://example.org/chess.txt"


def test_check_reads_what_the_sources_extraction_left_out(tmp_path):
    # A flattened page whose extraction kept only its first paragraph (main set by hand): a
    # copy of both paragraphs is traced whole, and the menu is not.
    menu = "Home News Sport Weather Business Opinion Culture Travel Sign in Subscribe "
    first, second = TEXTS["mars.txt"], TEXTS["chess.txt"]
    page = menu + first + " " + second + " " + menu
    a = page.index(first)
    doc = Document(text=page, id="page", path="page.txt", main=[(a, a + len(first))])
    with Index(tmp_path / "i", write=True, lexical_only=True) as idx:
        idx.add([doc], extract=False)
        res = idx.check(Document(text=first + " " + second, id="copy"), lexical_only=True)
    hit = res.sources[0]
    b = page.index(second)
    assert any(p.source_offset <= b < p.source_end for p in hit.comparison.passages)
    assert all(p.source_offset >= a for p in hit.comparison.passages)
    assert hit.comparison.coverage["suspicious"] > 0.95


def test_a_text_added_without_path_or_url_keeps_its_name(tmp_path):
    from unspin.document import Document
    from unspin.index import Index

    text = (
        "The committee approved the new budget for the coming fiscal year after a long debate. "
        "Members argued about school funding, road repairs and the pay of city workers for hours."
    )
    with Index(tmp_path / "idx", write=True, lexical_only=True) as idx:
        idx.add([Document(text=text, id="press-release-42")])
        result = idx.check(text)
    assert result.sources and result.sources[0].document.name == "press-release-42"
    assert result.to_dict()["sources"][0]["path"] == "press-release-42"
