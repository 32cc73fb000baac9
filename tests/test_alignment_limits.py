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


SOURCE_ARTICLE = (
    "Investors are being asked to provide money for a diamond mine near the Limpopo river in "
    "Zimbabwe, which De Beers discovered but then let get away. The mine is River Ranch, twelve "
    "kilometres upstream from Beitbridge on the southern border. De Beers found diamonds there in "
    "1975 but decided to concentrate on another site sixty kilometres away across the border. "
    "That site went into production as Venetia, one of the biggest diamond mines in the world. "
    "The group gave up its rights to River Ranch in 1991 after failing to agree with the "
    "government about marketing. The government insists that all minerals are sold through its "
    "state-controlled marketing corporation. Most of the gem diamonds at River Ranch are small, "
    "typically under half a carat, although the mine has yielded some larger stones. Annual "
    "production is expected to reach three hundred thousand carats, which De Beers does not see "
    "as a threat to its marketing cartel."
)
SUMMARY = (
    "Unrelated opening words about weather and sport fill this first line of the page. "
    "River Ranch, where De Beers found diamonds in 1975 before giving up its rights in 1991, "
    "lies upstream from Beitbridge in Zimbabwe, and investors are asked for money. "
    "Its gem diamonds, small and typically under half a carat, must be sold through the "
    "state-controlled marketing corporation, as the government insists. "
    "Venetia, across the border, became one of the biggest mines in the world, while River "
    "Ranch production is expected to reach three hundred thousand carats a year. "
    "Closing words on an entirely different matter end the page here."
)


def test_a_summary_is_one_passage_over_the_source_span_it_condenses():
    from unspin.align.condensed import condensed_passages
    from unspin.align.sentences import prepare
    from unspin.document import Document

    src = prepare(Document(text=SOURCE_ARTICLE, id="src"))
    susp = prepare(Document(text=SUMMARY, id="susp"))
    # The stage alone, as if the sentence judge had found nothing.
    (p,) = condensed_passages(src, susp, [])
    start, end = SUMMARY.index("River Ranch,"), SUMMARY.index(" Closing")
    assert (p.kind, p.suspicious_offset, p.suspicious_end) == ("summary", start, end)
    assert p.source_length > p.suspicious_length  # one short passage over a long source span


def test_a_summary_is_traced_and_the_unrelated_lines_around_it_are_not():
    result = unspin.compare(SOURCE_ARTICLE, SUMMARY, whole=True, lexical_only=True)
    start, end = SUMMARY.index("River Ranch,"), SUMMARY.index(" Closing")
    traced = set()
    for p in result.passages:
        traced.update(range(p.suspicious_offset, p.suspicious_end))
    assert len(traced & set(range(start, end))) >= 0.9 * (end - start)
    assert not traced - set(range(start, end + 1))


def test_independent_text_on_the_same_topic_is_not_a_summary():
    other = (
        "Diamond prices fell sharply this year as demand from jewellers weakened in Asia. "
        "Several mines in Canada and Russia cut output to support the market. Analysts expect "
        "the slump to continue until retail sales recover after the holiday season. Smaller "
        "producers have struggled most, with some seeking buyers for their operations."
    )
    result = unspin.compare(SOURCE_ARTICLE, other, whole=True, lexical_only=True)
    assert not result.passages
