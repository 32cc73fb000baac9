"""`unspin compare` and `unspin pan` as a user runs them: real files, real exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unspin.cli import main
from unspin.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ingenuity"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "unspin", *args], input=stdin, capture_output=True, timeout=300
    )


@pytest.fixture(scope="module")
def founding_json() -> dict:
    r = run(
        "compare", str(EXAMPLE / "source.txt"), str(EXAMPLE / "suspicious.txt"), "--format", "json"
    )
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def test_founding_case_all_units_traced_and_no_furniture(founding_json):
    gold = json.loads((EXAMPLE / "gold.json").read_text(encoding="utf-8"))
    passages = founding_json["passages"]

    def overlaps(a0, al, b0, bl):
        return a0 < b0 + bl and b0 < a0 + al

    for unit in gold["reused"]:
        assert any(
            overlaps(
                p["suspicious_offset"],
                p["suspicious_length"],
                unit["suspicious_offset"],
                unit["suspicious_length"],
            )
            and overlaps(
                p["source_offset"], p["source_length"], unit["source_offset"], unit["source_length"]
            )
            for p in passages
        ), unit["suspicious_text"]
    for bp in gold["boilerplate"]:
        for p in passages:
            assert not overlaps(
                p["source_offset"], p["source_length"], bp["source_offset"], bp["source_length"]
            ), bp["text_start"]


def test_founding_case_edits_show_the_spin(founding_json):
    pairs = {
        (e["source_text"], e["suspicious_text"])
        for p in founding_json["passages"]
        for e in p["edits"]
    }
    assert ("handlers", "operators") in pairs
    assert any(s == "Ingenuity" and t == "Creativity" for s, t in pairs)


def test_text_html_and_pan_formats(tmp_path):
    src, susp = str(EXAMPLE / "source.txt"), str(EXAMPLE / "suspicious.txt")
    text = run("compare", src, susp, "--lexical-only")
    assert text.returncode == 0 and b"operators" in text.stdout
    out = tmp_path / "r.html"
    assert run("compare", src, susp, "--lexical-only", "-f", "html", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    pan = run("compare", src, susp, "--lexical-only", "-f", "pan")
    assert b'name="detected-plagiarism"' in pan.stdout


def test_stdin_as_suspicious():
    r = run(
        "compare",
        str(EXAMPLE / "source.txt"),
        "-",
        "--lexical-only",
        "-f",
        "json",
        stdin=(EXAMPLE / "suspicious.txt").read_bytes(),
    )
    assert r.returncode == 0 and json.loads(r.stdout)["passages"]


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00" * 100, "binary"),
    ],
)
def test_bad_input_gives_one_line_and_status_2(tmp_path, capsys, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code = main(["compare", str(EXAMPLE / "source.txt"), str(bad), "--lexical-only"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and str(bad) in err and problem in err


def test_missing_file_and_huge_file(tmp_path, capsys):
    assert main(["compare", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse 100 MB file
    assert main(["compare", str(EXAMPLE / "source.txt"), str(huge), "--lexical-only"]) == 2
    assert "too large" in capsys.readouterr().err


def test_pan_batch_writes_good_pairs_and_lists_failures(tmp_path):
    src_dir, susp_dir, out = tmp_path / "src", tmp_path / "susp", tmp_path / "out"
    src_dir.mkdir()
    susp_dir.mkdir()
    (src_dir / "source-document1.txt").write_bytes((EXAMPLE / "source.txt").read_bytes())
    (susp_dir / "suspicious-document1.txt").write_bytes((EXAMPLE / "suspicious.txt").read_bytes())
    (susp_dir / "suspicious-document2.txt").write_bytes(b"")
    pairs = tmp_path / "pairs"
    pairs.write_text(
        "suspicious-document1.txt source-document1.txt\n"
        "suspicious-document2.txt source-document1.txt\n"
    )
    r = run("pan", str(pairs), str(src_dir), str(susp_dir), str(out), "--lexical-only", "-j", "2")
    assert r.returncode == 2
    assert b"suspicious-document2.txt: empty input" in r.stderr
    xml = (out / "suspicious-document1-source-document1.xml").read_text(encoding="utf-8")
    assert xml.count("detected-plagiarism") >= 1
    assert not (out / "suspicious-document2-source-document1.xml").exists()


def test_utf16_without_bom_is_read_and_offsets_count_characters(tmp_path):
    from unspin.readers import read_document

    text = "Ingenuity's handlers lost contact — with the chopper.\n"
    f = tmp_path / "win.txt"
    f.write_bytes(text.encode("utf-16-le"))
    assert read_document(str(f)).text == text
    g = tmp_path / "bin.dat"
    g.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputError, match="binary"):
        read_document(str(g))


def test_text_the_extractor_finds_no_article_in_is_compared_whole(tmp_path):
    # One line of Greek prose: the page extractor knows no Greek function words, so it finds
    # "no article" here; the copy must still be traced, with a warning saying so.
    prose = (
        "Η ταχύτητα του χαρακτήρα αλλάζει από την κονσόλα, αλλά μετά από κάθε φόρτωση του "
        "παιχνιδιού οι ρυθμίσεις πρέπει να γίνουν ξανά. Προτείνουμε πρώτα να αποθηκεύσετε το "
        "παιχνίδι και μόνο μετά να αλλάξετε τις ρυθμίσεις. Αν ο ήρωας τρέχει πολύ γρήγορα, "
        "μειώστε τον αριθμό στα ογδόντα."
    )
    src = tmp_path / "page.txt"
    susp = tmp_path / "copy.txt"
    src.write_text("Αρχική Νέα Παιχνίδια Φόρουμ " + prose + " Σχόλια (3)", encoding="utf-8")
    susp.write_text(prose, encoding="utf-8")
    r = run("compare", str(src), str(susp), "--format", "json", "--lexical-only")
    assert r.returncode == 0, r.stderr.decode()
    passages = json.loads(r.stdout)["passages"]
    assert passages and passages[0]["kind"] == "verbatim"
    assert passages[0]["suspicious_length"] >= len(prose) - 2
    assert "no article text found" in r.stderr.decode()
