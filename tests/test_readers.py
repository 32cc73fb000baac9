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
