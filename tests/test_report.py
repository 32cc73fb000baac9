"""Report writers on hand-built comparisons: text, JSON, HTML (escaping!) and PAN XML."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

from unspin.align.result import Comparison, Edit, Passage
from unspin.document import Document
from unspin.report import FORMATS, pan_filename, render

SRC = "Menu Home News. Ingenuity's handlers lost contact with the chopper on Thursday. Footer."
SUSP = "Ingenuity's operators lost contact with the helicopter on Thursday. Unrelated words."


def _span(text: str, sub: str) -> tuple[int, int]:
    i = text.index(sub)
    return i, len(sub)


def _edit(op: str, src_word: str, susp_word: str) -> Edit:
    so, sl = _span(SRC, src_word) if src_word else (0, 0)
    po, pl = _span(SUSP, susp_word) if susp_word else (0, 0)
    return Edit(op, so, sl, po, pl, src_word, susp_word)


@pytest.fixture
def comparison() -> Comparison:
    src = Document(SRC, path="corpus/source-document00001.txt")
    # the page furniture ("Menu Home News." and "Footer.") lies outside the main text
    start = SRC.index("Ingenuity")
    src.main = [(start, SRC.index(" Footer."))]
    susp = Document(SUSP, path="corpus/suspicious-document00002.txt")
    so, sl = _span(SRC, "Ingenuity's handlers lost contact with the chopper on Thursday.")
    po, pl = _span(SUSP, "Ingenuity's operators lost contact with the helicopter on Thursday.")
    passage = Passage(
        suspicious_offset=po,
        suspicious_length=pl,
        source_offset=so,
        source_length=sl,
        similarity=0.87,
        kind="edited",
        edits=[
            _edit("replace", "handlers", "operators"),
            _edit("replace", "chopper", "helicopter"),
        ],
    )
    return Comparison(source=src, suspicious=susp, passages=[passage], model="test-model")


def test_formats_listed_and_unknown_rejected(comparison):
    assert FORMATS == ("text", "json", "html", "pan")
    with pytest.raises(ValueError, match="unknown report format"):
        render(comparison, "pdf")


# --- JSON -------------------------------------------------------------------------------------


def test_json_is_to_dict(comparison):
    out = render(comparison, "json")
    assert json.loads(out) == json.loads(json.dumps(comparison.to_dict()))
    data = json.loads(out)
    p = data["passages"][0]
    assert p["kind"] == "edited" and p["similarity"] == 0.87
    assert p["edits"][0]["source_text"] == "handlers"
    assert set(data) == {
        "source",
        "suspicious",
        "model",
        "coverage",
        "passages",
        "origin",
        "warnings",
    }


def test_json_keeps_unicode_readable():
    doc = Document("Café “quoted” text.", path="café.txt")
    edit = Edit("replace", 0, 4, 0, 4, "Café", "Café")
    c = Comparison(doc, doc, [Passage(0, 4, 0, 4, 1.0, "edited", [edit])])
    out = render(c, "json")
    assert '"source_text": "Café"' in out and '"name": "café.txt"' in out


# --- text -------------------------------------------------------------------------------------


def test_text_header_and_passage(comparison):
    out = render(comparison, "text", color=False, width=100)
    assert "\x1b[" not in out
    assert "suspicious-document00002.txt" in out and "source-document00001.txt" in out
    assert "1 reused passage found (1 edited)" in out
    assert "#1" in out and "edited" in out and "similarity 0.87" in out
    cov = comparison.coverage
    assert f"{cov['suspicious']:.1%}" in out and f"{cov['source']:.1%}" in out
    p = comparison.passages[0]
    assert f"{p.suspicious_offset}–{p.suspicious_end}" in out
    assert f"{p.source_offset}–{p.source_end}" in out
    assert "[-handlers-]" in out and "{+operators+}" in out
    assert "[-chopper-]" in out and "{+helicopter+}" in out


def test_text_stacked_when_narrow_side_by_side_when_wide(comparison):
    narrow = render(comparison, "text", width=80)
    wide = render(comparison, "text", width=160)
    assert "│" not in narrow
    assert "│" in wide
    line = next(ln for ln in wide.splitlines() if "[-handlers-]" in ln)
    assert "{+operators+}" in line  # both sides on one line
    assert all(len(ln) <= 160 for ln in wide.splitlines())


def test_text_wraps_long_passages():
    words = " ".join(f"word{i}" for i in range(200))
    doc = Document(words, path="long.txt")
    c = Comparison(doc, doc, [Passage(0, len(words), 0, len(words), 1.0, "verbatim")])
    out = render(c, "text", width=60)
    assert max(len(ln) for ln in out.splitlines()) <= 60
    assert "word199" in out
    # no word is cut in two by the wrapping
    assert set(re.findall(r"word\d+", out)) == {f"word{i}" for i in range(200)}


def test_text_colour_only_when_asked(comparison):
    out = render(comparison, "text", color=True, width=100)
    assert "\x1b[" in out
    assert "[-handlers-]" not in out  # colour replaces the brackets
    assert "handlers" in out and "operators" in out


def test_text_neutralises_control_characters():
    evil = "Evil \x1b[2J\x1b]0;pwned\x07 text here."
    doc = Document(evil, path="evil\x1b[31m.txt")
    c = Comparison(doc, doc, [Passage(0, len(evil), 0, len(evil), 1.0, "verbatim")])
    out = render(c, "text", color=False, width=100)
    assert "\x1b" not in out and "\x07" not in out


def test_text_no_passages():
    doc = Document("Nothing in common.", path="a.txt")
    out = render(Comparison(doc, doc, []), "text", width=80)
    assert "no reused passage" in out


def test_text_insert_delete_move_marks():
    src = "alpha beta gamma delta"
    susp = "alpha gamma beta delta extra"
    s_doc, p_doc = Document(src, path="s.txt"), Document(susp, path="p.txt")
    edits = [
        Edit("move", 6, 4, 12, 4, "beta", "beta"),
        Edit("insert", 22, 0, 23, 5, "", "extra"),
        Edit("delete", 17, 5, 23, 0, "delta", ""),
    ]
    c = Comparison(s_doc, p_doc, [Passage(0, len(susp), 0, len(src), 0.7, "edited", edits)])
    out = render(c, "text", width=80)
    assert "[~beta~]" in out and "{+extra+}" in out and "[-delta-]" in out


# --- HTML -------------------------------------------------------------------------------------


def test_html_is_self_contained_and_linked(comparison):
    out = render(comparison, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert "<style>" in out
    assert not re.search(r"<(link|script)[^>]+(src|href)=", out)  # nothing fetched
    # passage 1 anchored on both sides, each side linking to the other
    assert 'id="s1"' in out and 'id="p1"' in out
    assert 'href="#p1"' in out and 'href="#s1"' in out
    # same colour class on both sides
    assert len(re.findall(r'class="m c0', out)) >= 2
    assert "<del>handlers</del>" in out and "<ins>operators</ins>" in out
    assert "<table>" in out and "edited" in out and "0.87" in out


def test_html_greys_furniture(comparison):
    out = render(comparison, "html")
    assert '<span class="furn">Menu Home News. </span>' in out
    assert '<span class="furn"> Footer.</span>' in out
    # the analysed, unmatched suspicious tail is not greyed
    assert '<span class="furn"> Unrelated words.</span>' not in out
    assert " Unrelated words." in out


def test_html_escapes_hostile_documents():
    evil_src = 'Intro <script>alert("x")</script> & <img src=x onerror=alert(1)> "end"'
    evil_susp = "<script>steal()</script> copied"
    src = Document(evil_src, path='<b>src".txt')
    susp = Document(evil_susp, path="<i>susp.txt")
    passage = Passage(
        0,
        len(evil_susp),
        0,
        len(evil_src),
        0.5,
        "paraphrase",
        [Edit("replace", 6, 8, 0, 8, "<script>", "<script>")],
    )
    out = render(Comparison(src, susp, [passage], model="<model>"), "html")
    body_script = out.count("<script>")
    assert body_script == 1  # only our own tiny script
    assert "&lt;script&gt;" in out and "alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&lt;script&gt;steal()&lt;/script&gt;" in out
    assert "<b>src" not in out and "<i>susp" not in out and "<model>" not in out
    # nothing lost: strip our tags, unescape, and the documents come back
    for side, text in (("source", evil_src), ("suspicious", evil_susp)):
        pane = out.split(f'id="{side}">', 1)[1].split("</div>", 1)[0]
        assert html.unescape(re.sub(r"<[^>]+>", "", pane)) == text


def test_html_overlapping_passages_and_no_passages():
    text = "one two three four five six seven"
    doc = Document(text, path="a.txt")
    ps = [Passage(0, 13, 0, 13, 1.0, "verbatim"), Passage(14, 10, 4, 15, 0.6, "paraphrase")]
    out = render(Comparison(doc, doc, ps), "html")
    for anchor in ('id="s1"', 'id="s2"', 'id="p1"', 'id="p2"'):
        assert out.count(anchor) == 1
    # the text comes back whole once tags are stripped (source pane)
    pane = out.split('id="source">', 1)[1].split("</div>", 1)[0]
    assert re.sub(r"<[^>]+>", "", pane) == text
    empty = render(Comparison(doc, doc, []), "html")
    assert "No reused passage found" in empty


# --- PAN --------------------------------------------------------------------------------------


def test_pan_xml(comparison):
    out = render(comparison, "pan")
    root = ET.fromstring(out)
    assert root.tag == "document"
    assert root.get("reference") == "suspicious-document00002.txt"
    [feature] = root.findall("feature")
    p = comparison.passages[0]
    assert feature.attrib == {
        "name": "detected-plagiarism",
        "this_offset": str(p.suspicious_offset),
        "this_length": str(p.suspicious_length),
        "source_reference": "source-document00001.txt",
        "source_offset": str(p.source_offset),
        "source_length": str(p.source_length),
    }


def test_pan_xml_escapes_names_and_reads_back(tmp_path):
    from unspin.eval.pan_xml import read_pan_xml

    src = Document("abc def", path='dir/we"ird & <src>.txt')
    susp = Document("abc def", path="dir/sus'p<1>.txt")
    c = Comparison(src, susp, [Passage(0, 3, 4, 3, 1.0, "verbatim")])
    path = tmp_path / "out.xml"
    path.write_text(render(c, "pan"), encoding="utf-8")
    [f] = read_pan_xml(path)
    assert f["this_reference"] == "sus'p<1>.txt"
    assert f["source_reference"] == 'we"ird & <src>.txt'
    assert (f["this_offset"], f["this_length"], f["source_offset"]) == (0, 3, 4)


def test_pan_xml_empty_comparison():
    doc = Document("text", path="suspicious-document1.txt")
    root = ET.fromstring(render(Comparison(doc, doc, []), "pan"))
    assert root.findall("feature") == []


def test_pan_filename():
    assert (
        pan_filename("suspicious-document00005.txt", "source-document01090.txt")
        == "suspicious-document00005-source-document01090.xml"
    )
    assert pan_filename("susp/suspicious-document1.txt", "src/source-document2") == (
        "suspicious-document1-source-document2.xml"
    )
