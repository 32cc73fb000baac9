"""Readers: bytes to Documents, one way (they never extract), with the kind of input typed.

Each reading defect of issue 10 has its reproduction here or in tests/test_hostile.py.
"""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys

from unspin.document import Document
from unspin.errors import InputError
from unspin.extractors import extract_documents, group_site_repeats
from unspin.pipeline import iter_documents
from unspin.readers import read_files

ARTICLE = (
    "The city council voted on Tuesday to expand the bicycle network along the river. "
    "Officials said the new lanes would connect three neighbourhoods that have no safe route "
    "to the centre. Work is expected to begin in the spring and to last about eighteen months. "
    "The project will cost 12 million euros, most of it paid by a regional grant. Critics "
    "argue that the money would be better spent on buses, which carry more people."
)
MENU = "Skip to main content Home News Sport Business Culture Opinion Weather Sign in Subscribe"
PAGE = (
    f"<html><head><title>Lanes</title></head><body><nav>{MENU}</nav><p>{ARTICLE}</p></body></html>"
)


def test_readers_never_load_an_extractor(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    code = (
        "import sys; from unspin.readers import read_files;"
        f"docs = list(read_files([{str(tmp_path)!r}]));"
        "print([d.source for d in docs], [m for m in sys.modules if 'extractors' in m])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['html', 'text'] []"


def test_the_kind_of_input_is_a_typed_field_not_a_metadata_string(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    lines = [{"id": "r1", "text": ARTICLE}, {"id": "r2", "html": PAGE}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in lines), encoding="utf-8")
    raw = list(read_files([str(tmp_path)]))
    assert [d.source for d in raw] == ["html", "text", "record", "html"]
    done = list(iter_documents([str(tmp_path)]))
    assert [d.source for d in done] == ["article", "text", "record", "article"]
    assert all("source_format" not in d.metadata for d in done)
    assert done[3].id == "r2" and "bicycle network" in done[3].text
    assert done[2].text == ARTICLE and done[2].main is None  # a record is used as given


def test_site_repeats_follow_position_so_copies_and_pickles_agree():
    promo = (
        "Our newsroom publishes independent reporting every day for readers across the "
        "region, and it depends on your support."
    )
    bodies = [ARTICLE, ARTICLE.replace("council", "assembly"), ARTICLE.replace("river", "canal")]
    pages = [
        Document(text=f"https://news.example.org/{i} {MENU} {body} {promo} {MENU}", id=str(i))
        for i, body in enumerate(bodies)
    ]
    repeats = group_site_repeats(pages)
    assert len(repeats) == 3 and repeats[0] and repeats[0] == repeats[1] == repeats[2]
    # Copies (new objects, new id()s) give what the originals give: keyed by position.
    copies = [pickle.loads(pickle.dumps(copy.deepcopy(d))) for d in pages]
    assert [d.main for d in extract_documents(copies)] == [d.main for d in extract_documents(pages)]


def test_a_reader_error_does_not_stop_the_stream(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\x02" * 100)
    out = list(iter_documents([str(tmp_path)]))
    assert [type(x) for x in out] == [Document, InputError]


# -- what a file is, and how its bytes decode (issue 10, items 10-11) -------------------------


def test_the_name_decides_before_the_content():
    from unspin.readers import kind_of

    page = b"<html><head><title>x</title></head><body><p>x</p></body></html>"
    assert kind_of("notes.txt", page) == "text"
    assert kind_of("notes.txt.gz", page) == "text"
    assert kind_of("notes.txt", page, "html") == "html"
    assert kind_of("page.HTML", b"plain words") == "html"
    assert kind_of("dump", page) == "html" and kind_of("dump", b"plain words") == "text"
    assert kind_of("", "Use the <p> tag for paragraphs.") == "text"


def test_decoding_goes_by_proportion():
    import pytest

    from unspin.readers.decode import decode_text

    utf8 = ("Déjà vu — l’été " * 50).encode()
    cut = utf8.index(b" vu", 100)  # between two characters
    text, warnings = decode_text(utf8[:cut] + b"\xff" + utf8[cut:], "f")
    assert text.count("\ufffd") == 1 and "Déjà" in text and warnings
    cp1252 = ("Déjà vu, l'été " * 50).encode("cp1252")
    assert decode_text(cp1252, "f") == (cp1252.decode("cp1252"), [])
    with pytest.raises(InputError, match="binary"):
        decode_text(bytes(range(256)) * 10, "f")
    with pytest.raises(InputError, match="binary"):
        decode_text(b"text\x00" * 100, "f")  # a NUL every five bytes: not text
    text, warnings = decode_text(b"plain text " * 100 + b"\x00\x1b", "f")
    assert text.endswith("\x00\x1b") and warnings == [
        "2 control byte(s) (1 NUL) kept in the text; reports show them as \ufffd"
    ]


def test_api_reads_with_the_same_input_format(tmp_path):
    import unspin

    f = tmp_path / "page.txt"
    f.write_text(PAGE, encoding="utf-8")
    assert unspin.extract(f).source == "text"
    assert unspin.extract(f, input_format="html").text.startswith("The city council")
    assert unspin.extract(PAGE).source == "article"  # a str has no name: content decides
    assert unspin.extract(PAGE, input_format="text").source == "text"


# -- bounded reading (issue 10, item 6) --------------------------------------------------------


def test_the_warc_gzip_scan_inflates_in_bounded_steps(tmp_path):
    import tracemalloc
    import zlib

    from unspin.readers.warc import gzip_intact_until

    path = tmp_path / "bomb.warc.gz"
    z = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    with open(path, "wb") as f:
        for _ in range(256):  # 256 MB of zeros in a file of about 250 KB
            f.write(z.compress(zeros))
        f.write(z.flush())
    tracemalloc.start()
    try:
        assert gzip_intact_until(str(path)) == (None, "")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20  # was: the whole member inflated at once


def test_split_records_resumes_after_garbage():
    import io

    from unspin.readers.warc_split import Lost, Record, split_records

    rec = b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n"
    data = rec + b"garbage\r\nnot a record\r\n" + rec + rec[:-5]
    out = list(split_records(io.BytesIO(data), len(data)))
    assert [type(x) for x in out] == [Record, Lost, Record, Lost]
    assert [x.why for x in out if isinstance(x, Lost)] == [
        "data that is not a WARC record",
        "a Content-Length past the end of the file",
    ]
