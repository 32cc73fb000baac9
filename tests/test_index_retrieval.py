"""Retrieval at scale: static vectors, candidates per passage, each source credited once, and the
same text in two files grouped instead of crowding the list."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from index_texts import TEXTS, TIDES

from unspin.document import Document
from unspin.errors import IndexFolderError
from unspin.index import Index
from unspin.index.fingerprints import fingerprint_offsets, fingerprints
from unspin.index.search import query_passages
from unspin.represent.static import STATIC_MODEL, StaticEmbedder, load_static

SOURCES = {**TEXTS, "tides.txt": TIDES}
# The same article as mars.txt in another file, behind a different headline.
MIRROR = "Mars news.\n\n" + SOURCES["mars.txt"]

#: A text reusing three sources, one passage each (spun, verbatim, spun).
MIXED = (
    "The tiny chopper finished its seventy-second trip above the Martian crater on Thursday. "
    "Technicians at the California laboratory verified that a rotor blade was harmed during "
    "touchdown. The craft was built for just five trial flights yet continued flying for nearly "
    "three years.\n\n"
    "Sourdough bread rises slowly because wild yeast ferments the dough overnight. Bakers feed "
    "their starter with flour and water every morning to keep the culture active.\n\n"
    "The grandmaster gave up her queen on move twenty-three to open the file of the king. "
    "Pundits doubted the combination until the rook came with a decisive check. Her rival "
    "resigned four moves later, unable to escape the mating net."
)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lib")
    for name, text in SOURCES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "mirror.txt").write_text(MIRROR, encoding="utf-8")
    idx_dir = tmp_path_factory.mktemp("idx") / "index"
    with Index(idx_dir, write=True) as idx:
        rep = idx.add([folder], extract=False)
    assert rep.added == 5 and not rep.errors
    return idx_dir


def test_static_embedder_finds_the_paraphrase():
    emb = StaticEmbedder()
    vecs = emb.encode(
        [
            "The small helicopter completed its flight over the Martian crater.",
            "The tiny chopper finished its trip above the crater on Mars.",
            "Sourdough bread rises slowly because wild yeast ferments the dough.",
            "",
        ]
    )
    assert vecs.shape == (4, emb.dim) and emb.dim == 128
    assert np.allclose(np.linalg.norm(vecs[:3], axis=1), 1.0, atol=1e-5)
    assert not vecs[3].any()  # no words: a zero vector, not NaN
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
    # Pickled, it travels as its name and comes back as the process's one instance.
    assert pickle.loads(pickle.dumps(load_static())) is load_static()


def test_a_new_index_holds_static_vectors_and_aligns_with_minilm(library):
    with Index(library) as idx:
        st = idx.stats()
        assert st["model"] == STATIC_MODEL and st["dim"] == 128 and st["sentence_vectors"] >= 16
        assert idx.embedder.name == STATIC_MODEL and idx.aligner.name == "minilm-int8"


def test_each_passage_finds_its_own_source(library):
    with Index(library) as idx:
        res = idx.check(Document(text=MIXED, id="mixed"), top=5)
    names = [Path(h.document.name).name for h in res.sources]
    grouped = {Path(g.document.name).name for h in res.sources for g in h.same}
    assert {"bread.txt", "chess.txt"} <= set(names)
    # mars.txt and its mirror explain the same passage: one place in the list, the other grouped.
    assert len({"mars.txt", "mirror.txt"} & set(names)) == 1
    assert len({"mars.txt", "mirror.txt"} & grouped) == 1
    assert "tides.txt" not in names
    # Each source is credited once: what the three explain alone adds up to at most the query.
    assert all(h.unique > 0.1 for h in res.sources[:3])
    assert sum(h.unique for h in res.sources) <= 1.0
    d = res.sources[0].to_dict()
    assert "explains_alone" in d and isinstance(d["same_text_in"], list)


def test_lexical_only_check_of_a_static_index(library):
    with Index(library) as idx:
        res = idx.check(Document(text=MIXED, id="mixed"), top=5, lexical_only=True)
    assert {"bread.txt", "chess.txt"} <= {Path(h.document.name).name for h in res.sources}


def test_query_passages_and_fingerprint_offsets():
    p = query_passages(Document(text=MIXED, id="q"), words=30)
    assert len(p.texts) >= 3 and len(p.sentences) == len(p.window_of)
    assert p.window_of == sorted(p.window_of) and max(p.window_of) < len(p.texts)
    text = SOURCES["chess.txt"]
    hashes, offsets = fingerprint_offsets(text)
    # The same pairs as fingerprints(sample=1), each at a word of the text.
    assert set(hashes.tolist()) == set(fingerprints(text, sample=1).tolist())
    assert all(text[o].isalnum() for o in offsets.tolist())
    assert fingerprint_offsets("")[0].size == 0


def test_schema_versions(tmp_path):
    folder = tmp_path / "i"
    with Index(folder, write=True) as idx:
        idx.add([Document(text=SOURCES["tides.txt"], id="tides")])
        assert idx.stats()["schema_version"] == 2
    con = sqlite3.connect(folder / "index.sqlite")
    con.execute("UPDATE meta SET value='1' WHERE key='schema_version'")  # an index of 2026-11
    con.commit()
    with Index(folder) as idx:
        assert idx.check(Document(text=SOURCES["tides.txt"]), top=1).sources
    con.execute("UPDATE meta SET value='3' WHERE key='schema_version'")  # a later unspin's
    con.commit()
    con.close()
    with pytest.raises(IndexFolderError, match="built by another unspin version"):
        Index(folder)


def test_check_command_names_the_grouped_copy(library, tmp_path):
    from unspin.cli import main

    query = tmp_path / "mixed.txt"
    query.write_text(MIXED, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["check", str(query), "--index", str(library), "-o", str(out)]) == 0
    text = out.read_text()
    assert "same text in" in text and ("mirror.txt" in text and "mars.txt" in text)
