"""The scoring halves of the benchmark scripts, without running unspin or reading ../shared."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def founding():
    return _load("founding_case")


@pytest.fixture(scope="module")
def gold():
    return json.loads((ROOT / "examples" / "ingenuity" / "gold.json").read_text(encoding="utf-8"))


def test_founding_gold_against_itself_is_perfect(founding, gold):
    out = founding.score_founding(founding.gold_as_result(gold), gold)
    assert (out["traced"], out["total"]) == (13, 13)
    assert out["boilerplate_hits"] == []
    assert out["scores"].plagdet == 1.0
    assert founding.main(["--self-check"]) == 0


def test_founding_counts_misses_wrong_sources_and_furniture(founding, gold):
    result = founding.gold_as_result(gold)
    passages = result["passages"]
    passages.pop(0)  # unit 1 missed
    passages[0] = dict(passages[0], source_offset=0, source_length=10)  # unit 2: wrong source
    furniture = gold["boilerplate"][0]
    passages.append(
        {
            "suspicious_offset": 0,
            "suspicious_length": 5,
            "source_offset": furniture["source_offset"],
            "source_length": 5,
        }
    )
    out = founding.score_founding(result, gold)
    assert [u["traced"] for u in out["units"][:3]] == [False, False, True]
    assert out["traced"] == 11
    assert out["boilerplate_hits"] == [(len(passages), 0)]
    assert out["scores"].precision < 1 and out["scores"].recall < 1


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_pan13_scoring_truth_against_truth(tmp_path):
    pan13 = _load("pan13")
    truth = tmp_path / "truth"
    truth.mkdir()
    pairs = [
        ("suspicious-document00001.txt", "source-document00002.txt"),
        ("suspicious-document00003.txt", "source-document00004.txt"),
    ]
    _write(
        truth / "suspicious-document00001-source-document00002.xml",
        '<document reference="suspicious-document00001.txt">\n'
        '<feature name="plagiarism" this_offset="10" this_length="50"'
        ' source_reference="source-document00002.txt" source_offset="0" source_length="40"/>\n'
        "</document>\n",
    )
    _write(
        truth / "suspicious-document00003-source-document00004.xml",
        '<document reference="suspicious-document00003.txt">\n</document>\n',
    )
    scores, per_pair = pan13.score_run(truth, truth, pairs)
    assert scores.plagdet == 1.0 and scores.cases == 1
    assert set(per_pair) == {
        ("suspicious-document00001", "source-document00002"),
        ("suspicious-document00003", "source-document00004"),
    }
    # a limited run leaves the other pairs' truth (and detections) out
    scores, _ = pan13.score_run(truth, truth, pairs[1:])
    assert (scores.cases, scores.detections, scores.plagdet) == (0, 0, 1.0)
    # no detections at all
    scores, _ = pan13.score_run(truth, tmp_path / "nothing", pairs)
    assert scores.recall == 0 and scores.plagdet == 0


def test_pan13_skips_cleanly_without_data(tmp_path, capsys, monkeypatch):
    pan13 = _load("pan13")
    monkeypatch.setenv("UNSPIN_SHARED", str(tmp_path / "absent"))
    assert pan13.main([]) == 0
    assert "skipping" in capsys.readouterr().out


FAKE_UNSPIN = r"""
import json, pathlib, shutil, sys
args = sys.argv[1:]
if args[0] == "compare":
    gold = json.loads((pathlib.Path(args[1]).parent / "gold.json").read_text(encoding="utf-8"))
    keys = ("suspicious_offset", "suspicious_length", "source_offset", "source_length")
    passages = [dict({k: u[k] for k in keys}, similarity=0.9, kind="paraphrase", edits=[])
                for u in gold["reused"]]
    print(json.dumps({"passages": passages}))
elif args[0] == "pan":
    pairs, src, susp, out = args[1:5]
    truth = pathlib.Path(src).parent / "truth"
    for line in open(pairs, encoding="utf-8"):
        s, r = line.split()
        name = s[:-4] + "-" + r[:-4] + ".xml"
        text = (truth / name).read_text(encoding="utf-8")
        text = text.replace('name="plagiarism"', 'name="detected-plagiarism"')
        (pathlib.Path(out) / name).write_text(text, encoding="utf-8")
"""


def _fake_unspin(tmp_path, monkeypatch):
    import shlex
    import sys

    script = tmp_path / "fake_unspin.py"
    script.write_text(FAKE_UNSPIN, encoding="utf-8")
    monkeypatch.setenv("UNSPIN_BIN", shlex.join([sys.executable, str(script)]))


def test_founding_end_to_end_with_a_stand_in_cli(founding, tmp_path, monkeypatch, capsys):
    _fake_unspin(tmp_path, monkeypatch)
    assert founding.main(["--strict"]) == 0
    out = capsys.readouterr().out
    assert "traced: 13/13" in out and "boilerplate reported: 0" in out and "time:" in out


def test_pan13_end_to_end_with_a_stand_in_cli(tmp_path, monkeypatch, capsys):
    pan13 = _load("pan13")
    _fake_unspin(tmp_path, monkeypatch)
    data = tmp_path / "pan13"
    for sub in ("src", "susp", "truth"):
        (data / sub).mkdir(parents=True)
    _write(data / "pairs", "suspicious-document00001.txt source-document00002.txt\n")
    _write(data / "pairs-none", "suspicious-document00001.txt source-document00002.txt\n")
    _write(
        data / "truth" / "suspicious-document00001-source-document00002.xml",
        '<document reference="suspicious-document00001.txt">\n'
        '<feature name="plagiarism" this_offset="10" this_length="40"'
        ' source_reference="source-document00002.txt" source_offset="0" source_length="40"/>\n'
        "</document>\n",
    )
    copied = "forty characters of text copied verbatim"
    _write(data / "src" / "source-document00002.txt", copied + " and more")
    _write(data / "susp" / "suspicious-document00001.txt", "0123456789" + copied)
    assert pan13.main(["--data", str(data)]) == 0
    out = capsys.readouterr().out
    half = pan13.half_of("suspicious-document00001.txt")
    assert f"| none | {half} | 1 | 1.000 | 1.000 | 1.000 | 1.000 |" in out
    assert "pairs: 1 " in out and "pairs/s" in out


def test_index_recall_sets_aside_only_unlisted_documents_that_share_text():
    recall = _load("index_recall")
    copied = " ".join(
        f"sentence {k} of a paragraph that was copied word for word." for k in range(6)
    )
    query = "An introduction. " + copied + " And a conclusion of my own."
    truth = {"listed", "listed-2"}
    # A full list of two (top 2) holding a listed source and an unlisted verbatim copy: the
    # missing listed source was crowded out by a real source.
    names, texts = ["unlisted-copy", "listed"], ["Prefix. " + copied, "text of the listed one"]
    assert recall.crowded(truth, names, texts, query, top=2) == 1
    # The same with an unrelated document in the list: not crowded out, missed.
    names, texts = ["unrelated", "listed"], ["nothing in common", "text of the listed one"]
    assert recall.crowded(truth, names, texts, query, top=2) == 0
    # A list shorter than --top had room: nothing is crowded out.
    assert recall.crowded(truth, ["unlisted-copy"], ["Prefix. " + copied], query, top=2) == 0
    # The truth passages and the near-duplicate test.
    assert recall.holds([copied[:200]], "Prefix. " + copied)
    assert not recall.holds([copied[:200]], "nothing in common")
    assert recall.half("suspicious-document00001.txt") in ("tune", "held-out")


def test_pan13_truth_check_moves_a_shifted_case_onto_the_shared_text(tmp_path):
    check = _load("pan13_truth_check")
    from unspin.eval.plagdet import Case

    (tmp_path / "susp").mkdir()
    (tmp_path / "src").mkdir()
    copied = (
        "The harbour master kept a ledger of every ship that entered the bay, "
        "and his daughter copied it out each winter by candlelight."
    )
    own = "Nobody in the village remembered who had planted the orchard above the mill. "
    src_text = "Records of the port survive in part. " + copied + " Later entries are lost."
    susp_text = own * 3 + copied + " " + own
    _write(tmp_path / "susp" / "suspicious-document00001.txt", susp_text)
    _write(tmp_path / "src" / "source-document00002.txt", src_text)
    at_q, at_s = susp_text.index(copied), src_text.index(copied)
    # annotated 25 characters late in the suspicious text, as many pan13 cases are
    case = Case(
        "suspicious-document00001",
        at_q + 25,
        len(copied),
        "source-document00002",
        at_s,
        len(copied),
    )
    assert check.case_similarity(tmp_path, case) < 90
    moved = check.realign(tmp_path, case)
    # exact shared text: the copy plus the ". " before it and the space after it
    assert abs(moved.suspicious_offset - at_q) <= 2 and abs(moved.source_offset - at_s) <= 2
    assert len(copied) <= moved.suspicious_length <= len(copied) + 3
    assert len(copied) <= moved.source_length <= len(copied) + 3
    # nothing shared near the annotation: no realignment
    _write(tmp_path / "src" / "source-document00002.txt", "Unrelated words only. " * 20)
    assert check.realign(tmp_path, case) is None
