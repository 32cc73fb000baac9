"""Which copy is the original: each kind of evidence, both directions, and "undecided"."""

from __future__ import annotations

import json
from pathlib import Path

from crawl_corpus import HEALTH, TRANSIT, TRANSIT_EXTRA, spin

import unspin
from unspin.align.origin import likely_original, rarity
from unspin.cli import main
from unspin.document import Document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ingenuity"


def test_rarity_follows_word_frequency():
    assert rarity("use") < rarity("utilize") and rarity("help") < rarity("assist")
    assert rarity("Handlers") > rarity("operators")  # plural of a word the vocabulary lacks


def test_spun_copy_points_to_the_original_either_way_round():
    forward = unspin.compare(HEALTH, spin(HEALTH), lexical_only=True).origin
    backward = unspin.compare(spin(HEALTH), HEALTH, lexical_only=True).origin
    assert forward["original"] == "source" and backward["original"] == "suspicious"
    assert forward["evidence"][0]["kind"] == "rewrite"


def test_publication_dates_decide():
    a = Document(text=TRANSIT, id="a", date="2024-03-04")
    b = Document(text=TRANSIT, id="b", date="2024-03-01")
    got = unspin.compare(a, b, lexical_only=True, whole=True).origin
    assert got["original"] == "suspicious" and got["evidence"][0]["kind"] == "date"


def test_identical_texts_without_evidence_are_undecided():
    got = unspin.compare(TRANSIT, TRANSIT, lexical_only=True).origin
    assert got["original"] == "undecided" and got["evidence"] == []


def test_containment_alone_is_not_enough_but_credit_is():
    full = Document(text=TRANSIT + " " + TRANSIT_EXTRA, id="a", url="https://news-a.example/x")
    copy = Document(text=TRANSIT + " Source: news-a.example", id="b", url="https://farm.example/y")
    comp = unspin.compare(copy, full, lexical_only=True, whole=True)
    got = likely_original(comp)
    assert got.original == "suspicious"
    assert {e["kind"] for e in got.evidence} >= {"credit"}


def test_the_founding_case_names_the_page_as_original(capsys):
    code = main(
        ["compare", str(EXAMPLES / "source.txt"), str(EXAMPLES / "suspicious.txt"),
         "--lexical-only", "--format", "json"]
    )  # fmt: skip
    assert code == 0
    origin = json.loads(capsys.readouterr().out)["origin"]
    assert origin["original"] == "source"
    assert any("Ingenuity -> Creativity" in e["detail"] for e in origin["evidence"])
