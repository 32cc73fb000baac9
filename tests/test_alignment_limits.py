"""The engine on degenerate and oversized input: passages stay commensurate, repeated text is
still found, the size limit is a one-line error, and batched tree scoring equals the whole."""

import subprocess
import sys

import numpy as np

import unspin
from unspin.align.judge import load_models

SENTENCE = "The committee approved the new budget for the coming fiscal year after a long debate. "


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "unspin", *args], capture_output=True, text=True, timeout=300
    )


def test_one_sentence_against_it_repeated_gives_one_commensurate_passage():
    repeated = SENTENCE * 2000
    for src, susp in ((SENTENCE, repeated), (repeated, SENTENCE)):
        result = unspin.compare(src, susp, whole=True, lexical_only=True)
        assert result.passages, "the copied sentence must be found"
        for p in result.passages:
            # Both sides of a passage are about one sentence long: never 85 chars against 170,000.
            assert p.source_length <= 2 * len(SENTENCE)
            assert p.suspicious_length <= 2 * len(SENTENCE)
            assert p.similarity >= 0.9


def test_a_text_over_the_limit_is_one_line_and_exit_2(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SENTENCE * 40, encoding="utf-8")  # 3,440 characters
    small = tmp_path / "small.txt"
    small.write_text(SENTENCE, encoding="utf-8")
    r = run("compare", str(big), str(small), "--lexical-only", "--max-chars", "1000")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(big) in lines[0] and "too long to compare" in lines[0]
    assert "--max-chars" in lines[0]
    # Raised, the same pair runs and finds the copy.
    r = run("compare", str(big), str(small), "--lexical-only", "--max-chars", "5000")
    assert r.returncode == 0, r.stderr
    assert "verbatim" in r.stdout


def test_tree_scores_in_blocks_equal_scores_in_one_go():
    model = load_models()["lexical"]
    rng = np.random.default_rng(7)
    x = rng.random((model.BLOCK * 2 + 17, 12))
    whole = model._proba(x)
    assert np.array_equal(model.proba(x), whole)
