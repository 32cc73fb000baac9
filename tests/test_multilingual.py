"""Across languages: language identification, the multilingual model, translation passages,
their reports, a mixed-language index, and bad input (no letters, uncovered or mixed languages).

Real models (py3langid, USE multilingual v3 from its wheel), small texts written here, offline.
"""

from __future__ import annotations

import json
import pickle

import pytest

import unspin
from unspin.align.result import KINDS
from unspin.report import render
from unspin.represent.embed import load_embedder
from unspin.represent.language import identify
from unspin.represent.multilingual import MULTILINGUAL_MODEL, is_multilingual

ENGLISH = (
    "The city council approved a new plan to expand the public library on Monday. "
    "The building will receive a second floor with space for forty thousand books. "
    "Construction is expected to start in the spring and to last about two years. "
    "During that time the reading rooms will move to the old school on Main Street. "
    "The mayor said that the library is the most visited public building in the town."
)
GERMAN = (
    "Der Stadtrat hat am Montag einen neuen Plan zur Erweiterung der öffentlichen Bibliothek "
    "beschlossen. Das Gebäude erhält ein zweites Stockwerk mit Platz für vierzigtausend Bücher. "
    "Die Bauarbeiten sollen im Frühjahr beginnen und etwa zwei Jahre dauern. In dieser Zeit "
    "ziehen die Lesesäle in die alte Schule in der Hauptstraße um. Der Bürgermeister sagte, "
    "die Bibliothek sei das meistbesuchte öffentliche Gebäude der Stadt."
)
GERMAN_OTHER = (
    "Die Forscher untersuchten das Verhalten von Bienen bei starkem Regen. Sie stellten fest, "
    "dass die Tiere früher in den Stock zurückkehren, wenn der Luftdruck fällt. Die Ergebnisse "
    "wurden in einer Fachzeitschrift für Biologie veröffentlicht. Weitere Versuche sollen im "
    "nächsten Sommer in den Alpen stattfinden."
)
FINNISH = (
    "Kaupunginvaltuusto hyväksyi maanantaina uuden suunnitelman kirjaston laajentamiseksi. "
    "Rakennukseen tulee toinen kerros, jossa on tilaa neljällekymmenelletuhannelle kirjalle. "
    "Rakennustyöt alkavat keväällä ja kestävät noin kaksi vuotta."
)


def test_languages_are_read_with_a_note_when_weak():
    assert identify(ENGLISH).code == "en"
    assert identify(GERMAN).code == "de"
    none = identify("12 345 678 -- 90 % / 2024-12-08")
    assert not none.known and "no letters" in none.note
    mixed = identify(GERMAN * 5 + " " + ENGLISH * 5 + " " + ENGLISH * 5)
    assert mixed.known and "mixed languages" in mixed.note and mixed.others


def test_a_translation_is_traced_sentence_by_sentence():
    result = unspin.compare(ENGLISH, GERMAN, whole=True)
    assert result.languages == {"source": "en", "suspicious": "de"}
    assert result.model == MULTILINGUAL_MODEL
    assert result.passages and {p.kind for p in result.passages} == {"translation"}
    assert "translation" in KINDS
    matched = [m for p in result.passages for m in p.matches]
    assert len(matched) >= 4
    for p in result.passages:
        assert not p.edits  # no word edits across languages
        assert (p.source_language, p.suspicious_language) == ("en", "de")
        assert 0 <= p.suspicious_offset and p.suspicious_end <= len(GERMAN)
        assert 0 <= p.source_offset and p.source_end <= len(ENGLISH)
    # The first German sentence is matched to the first English one.
    first = min(matched, key=lambda m: m.suspicious_offset)
    assert ENGLISH[first.source_offset :].startswith("The city council")
    assert result.coverage["suspicious"] > 0.8
    data = json.loads(render(result, "json"))
    assert data["languages"] == {"source": "en", "suspicious": "de"}
    assert data["passages"][0]["matches"][0]["similarity"] > 0.35


def test_unrelated_texts_in_two_languages_share_no_passage():
    result = unspin.compare(ENGLISH, GERMAN_OTHER, whole=True)
    assert result.languages == {"source": "en", "suspicious": "de"}
    assert result.passages == []


def test_one_language_keeps_the_word_level_engine():
    rewrite = ENGLISH.replace("approved", "passed").replace("expected", "planned")
    result = unspin.compare(ENGLISH, rewrite, whole=True)
    assert result.languages == {"source": "en", "suspicious": "en"}
    assert result.passages and all(p.kind != "translation" for p in result.passages)
    assert any(p.edits for p in result.passages)
    assert "matches" not in result.passages[0].to_dict()  # the JSON schema as before
    # The multilingual model given for one language: the word-level engine uses its own.
    same = unspin.compare(ENGLISH, rewrite, whole=True, model=MULTILINGUAL_MODEL)
    assert same.model != MULTILINGUAL_MODEL and same.passages


def test_reports_say_the_languages_and_link_matched_sentences():
    hostile = GERMAN + " <script>alert(1)</script>\x1b[2J"
    result = unspin.compare(ENGLISH, hostile, whole=True)
    text = render(result, "text", width=140)
    assert "source read as en, suspicious read as de" in text
    assert "no word edits across languages" in text
    assert "\x1b[2J" not in text
    page = render(result, "html")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert 'id="p1-1"' in page and 'id="s1-1"' in page
    assert 'href="#s1-1"' in page and 'href="#p1-1"' in page
    assert "read as de" in page


def test_bad_input_warns_and_never_crashes():
    digits = unspin.compare(ENGLISH, "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15", whole=True)
    assert digits.languages["suspicious"] == "und"
    assert any("no letters" in w for w in digits.warnings)
    finnish = unspin.compare(ENGLISH, FINNISH, whole=True)
    assert finnish.languages == {"source": "en", "suspicious": "fi"}
    assert any("not trained on" in w for w in finnish.warnings)
    lexical = unspin.compare(ENGLISH, GERMAN, whole=True, lexical_only=True)
    assert any("different languages" in w for w in lexical.warnings)
    assert all(p.kind != "translation" for p in lexical.passages)
    # Half German, half a verbatim copy: word level where the languages meet, translation
    # for the German half.
    mixed = unspin.compare(ENGLISH, GERMAN + "\n\n" + ENGLISH, whole=True)
    assert any("mixed languages" in w for w in mixed.warnings)
    kinds = {p.kind: p for p in mixed.passages}
    assert kinds["verbatim"].suspicious_offset >= len(GERMAN)
    assert kinds["translation"].suspicious_end <= len(GERMAN)
    empty = unspin.compare(ENGLISH, "", whole=True)
    assert empty.passages == []


def test_the_model_loads_once_and_travels_by_name():
    emb = load_embedder(MULTILINGUAL_MODEL)
    assert is_multilingual(emb) and emb.dim == 512
    assert pickle.loads(pickle.dumps(emb)) is emb
    vecs, toks = emb.encode_with_tokens(["Guten Morgen.", "Good morning."])
    assert vecs.shape == (2, 512) and float(vecs[0] @ vecs[1]) > 0.6
    assert [t.shape[0] for t in toks] == [0, 0]
    assert emb.encode([]).shape == (0, 512)


def test_a_mixed_language_index_finds_the_source_in_another_language(tmp_path):
    docs = {
        "library.txt": ENGLISH,
        "bees.txt": (
            "Researchers studied how bees behave in heavy rain. They found that the insects "
            "return to the hive earlier when air pressure falls. Further experiments will take "
            "place in the Alps next summer."
        ),
        "bibliothek.txt": GERMAN,
        "wetter.txt": GERMAN_OTHER,
    }
    paths = []
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    folder = tmp_path / "index"
    with unspin.Index(folder, write=True, model=MULTILINGUAL_MODEL) as idx:
        idx.add([paths[0], paths[1]])
    query = GERMAN.replace("Montag", "Dienstag")
    res = unspin.check(query, folder)
    assert res.sources, "the English source is found for a German query"
    top = res.sources[0]
    assert top.document.path.endswith("library.txt")
    assert top.comparison.languages == {"source": "en", "suspicious": "de"}
    assert {p.kind for p in top.comparison.passages} == {"translation"}
    # The same index still answers within a language (the word-level engine, with edits).
    same = unspin.check(ENGLISH.replace("approved", "passed"), folder)
    assert same.sources and same.sources[0].document.path.endswith("library.txt")
    assert all(p.kind != "translation" for p in same.sources[0].comparison.passages)


@pytest.mark.parametrize("text", ["", "   ", "!!! ??? ...", "ab"])
def test_language_of_almost_nothing(text):
    lang = identify(text)
    assert lang.code == "und" and lang.note
