"""`unspin index` and `unspin check` as a user runs them: outputs, errors, exit statuses."""

from __future__ import annotations

import json

import pytest
from test_index import SPUN_MARS, TEXTS

from unspin.cli import main as cli
from unspin.index.lock import WriterLock


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    rows = [
        json.dumps(
            {
                "id": "j1",
                "url": "https://example.org/j1",
                "text": TEXTS["bread.txt"] + " Extra line so the content differs from the file.",
            }
        )
    ]
    (root / "pages.jsonl").write_text("\n".join(rows) + "\n")
    (root / "q.txt").write_text(SPUN_MARS)
    return root


def test_index_add_check_stats_remove(setup, capsys):
    idx = str(setup / "idx")
    code = cli(
        [
            "index",
            "add",
            str(setup / "corpus"),
            str(setup / "pages.jsonl"),
            "--index",
            idx,
            "--no-extract",
            "--format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2  # one unreadable (empty) file: reported, the others kept
    assert "empty.txt: empty input" in err
    report = json.loads(out)
    assert report["added"] == 4 and report["documents"] == 4

    code = cli(
        [
            "check",
            str(setup / "q.txt"),
            str(setup / "missing.txt"),
            "--index",
            idx,
            "--format",
            "jsonl",
            "--top",
            "2",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2 and "missing.txt: no such file" in err
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["path"] for x in lines] == [str(setup / "q.txt"), str(setup / "missing.txt")]
    src = lines[0]["sources"][0]
    assert src["path"].endswith("mars.txt") and {"id", "score", "coverage", "passages"} <= set(src)
    assert lines[1]["error"]

    assert cli(["check", str(setup / "q.txt"), "--index", idx]) == 0
    assert "mars.txt" in capsys.readouterr().out
    out_html = setup / "r.html"
    assert (
        cli(["check", str(setup / "q.txt"), "--index", idx, "-f", "html", "-o", str(out_html)]) == 0
    )
    assert "mars.txt" in out_html.read_text()

    assert cli(["index", "stats", "--index", idx, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 4
    assert cli(["index", "remove", "https://example.org/j1", "--index", idx]) == 0
    assert "removed 1" in capsys.readouterr().out


def test_cli_refusals(setup, capsys):
    assert cli(["check", str(setup / "q.txt"), "--index", str(setup / "corpus")]) == 2
    assert "not an unspin index" in capsys.readouterr().err
    assert cli(["index", "stats", "--index", str(setup / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    idx = setup / "locked"
    assert cli(["index", "add", str(setup / "q.txt"), "--index", str(idx), "--lexical-only"]) == 0
    with WriterLock(idx):
        assert cli(["index", "add", str(setup / "q.txt"), "--index", str(idx)]) == 2
        assert "locked by another writer (pid" in capsys.readouterr().err
