"""plagdet (Potthast et al. 2010) on hand-computed cases, PAN XML reading, and folder scoring."""

from __future__ import annotations

import math
import random

import pytest

from unspin.eval.pan_xml import read_pan_xml
from unspin.eval.plagdet import (
    Case,
    Scores,
    evaluate_dirs,
    granularity,
    macro_recall,
    normalise_reference,
    plagdet_score,
)


def c(s_off, s_len, r_off, r_len, susp="suspicious-document1", src="source-document1"):
    return Case(susp, s_off, s_len, src, r_off, r_len)


CASE = c(0, 100, 0, 100)


def approx(scores: Scores, precision, recall, gran, plagdet):
    assert scores.precision == pytest.approx(precision)
    assert scores.recall == pytest.approx(recall)
    assert scores.granularity == pytest.approx(gran)
    assert scores.plagdet == pytest.approx(plagdet)


def test_perfect_detection_scores_one():
    approx(plagdet_score([CASE], [CASE]), 1, 1, 1, 1)


def test_case_split_in_two_detections_costs_granularity():
    dets = [c(0, 50, 0, 50), c(50, 50, 50, 50)]
    s = plagdet_score([CASE], dets)
    approx(s, 1, 1, 2, 1 / math.log2(3))
    assert s.plagdet == pytest.approx(0.6309, abs=1e-4)


def test_half_covered_case():
    # 50 + 50 of 200 characters found; the detection itself is all plagiarism.
    approx(plagdet_score([CASE], [c(0, 50, 0, 50)]), 1, 0.5, 1, 2 / 3)


def test_one_side_only_partially_covered():
    # suspicious side fully, source side half: (100 + 50) / 200
    s = plagdet_score([CASE], [c(0, 100, 0, 50)])
    approx(s, 1, 0.75, 1, 2 * 0.75 / 1.75)


def test_false_detection_lowers_precision():
    false = c(500, 100, 500, 100)
    approx(plagdet_score([CASE], [CASE, false]), 0.5, 1, 1, 2 / 3)


def test_detection_in_another_pair_is_false():
    other = c(0, 100, 0, 100, src="source-document2")
    approx(plagdet_score([CASE], [other]), 0, 0, 1, 0)


def test_overlap_on_one_side_only_detects_nothing():
    det = c(0, 100, 300, 100)  # right suspicious span, wrong source span
    approx(plagdet_score([CASE], [det]), 0, 0, 1, 0)


def test_oversized_detection():
    # the detection is twice the case on both sides: precision (100 + 100) / 400
    approx(plagdet_score([CASE], [c(0, 200, 0, 200)]), 0.5, 1, 1, 2 / 3)


def test_one_detection_spanning_two_cases():
    cases = [c(0, 100, 0, 100), c(100, 100, 100, 100)]
    approx(plagdet_score(cases, [c(0, 200, 0, 200)]), 1, 1, 1, 1)


def test_recall_is_a_macro_average_over_the_corpus():
    cases = [CASE, c(0, 100, 0, 100, susp="suspicious-document2")]
    approx(plagdet_score(cases, [CASE]), 1, 0.5, 1, 2 / 3)


def test_overlapping_detections_are_not_double_counted():
    dets = [c(0, 60, 0, 60), c(40, 60, 40, 60)]
    s = plagdet_score([CASE], dets)
    # recall: the union covers the whole case; precision: each detection is all plagiarism
    approx(s, 1, 1, 2, 1 / math.log2(3))


def test_duplicate_detections_count_once():
    approx(plagdet_score([CASE], [CASE, CASE]), 1, 1, 1, 1)


def test_references_compared_without_txt_suffix_or_folder():
    det = c(0, 100, 0, 100, susp="out/suspicious-document1.txt", src="source-document1.txt")
    det = Case(normalise_reference(det.suspicious), 0, 100, normalise_reference(det.source), 0, 100)
    approx(plagdet_score([CASE], [det]), 1, 1, 1, 1)


def test_empty_sets():
    approx(plagdet_score([], []), 1, 1, 1, 1)
    approx(plagdet_score([CASE], []), 0, 0, 1, 0)
    approx(plagdet_score([], [CASE]), 0, 0, 1, 0)


def test_empty_annotations_are_ignored():
    approx(plagdet_score([CASE], [CASE, c(10, 0, 10, 0)]), 1, 1, 1, 1)


def test_granularity_counts_detected_cases_only():
    cases = [CASE, c(1000, 100, 1000, 100)]
    dets = [c(0, 30, 0, 30), c(30, 30, 30, 30), c(60, 40, 60, 40)]
    assert granularity(cases, dets) == 3
    assert granularity(cases, []) == 1


def _brute_recall(cases, dets):
    """Character sets, no cleverness: the definition as written in the paper."""
    if not cases and not dets:
        return 1.0
    if not cases or not dets:
        return 0.0
    total = 0.0
    for case in cases:
        chars = {
            ("s", i)
            for i in range(case.suspicious_offset, case.suspicious_offset + case.suspicious_length)
        }
        chars |= {
            ("r", i) for i in range(case.source_offset, case.source_offset + case.source_length)
        }
        hit = set()
        for d in dets:
            s_ov = set(range(d.suspicious_offset, d.suspicious_offset + d.suspicious_length)) & set(
                range(case.suspicious_offset, case.suspicious_offset + case.suspicious_length)
            )
            r_ov = set(range(d.source_offset, d.source_offset + d.source_length)) & set(
                range(case.source_offset, case.source_offset + case.source_length)
            )
            if d.pair == case.pair and s_ov and r_ov:
                hit |= {("s", i) for i in s_ov} | {("r", i) for i in r_ov}
        total += len(chars & hit) / len(chars)
    return total / len(cases)


def random_annotations(rng: random.Random, n: int) -> list[Case]:
    """n random cases over two suspicious documents, for the brute-force comparisons."""
    return [
        c(
            rng.randrange(60),
            rng.randrange(1, 30),
            rng.randrange(60),
            rng.randrange(1, 30),
            susp=f"s{rng.randrange(2)}",
        )
        for _ in range(n)
    ]


def test_matches_brute_force_on_random_annotations():
    rng = random.Random(7)
    for _ in range(200):
        cases, dets = (
            set(random_annotations(rng, rng.randrange(4))),
            set(random_annotations(rng, rng.randrange(5))),
        )
        assert macro_recall(cases, dets) == pytest.approx(_brute_recall(list(cases), list(dets)))
        assert macro_recall(dets, cases) == pytest.approx(_brute_recall(list(dets), list(cases)))


TRUTH = """<document reference="suspicious-document00005.txt">
<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300"
 source_reference="source-document01090.txt" this_length="698" this_offset="3593"
 type="artificial" />
<feature name="about" language="en" />
</document>
"""

DETECTION = """<document reference="suspicious-document00005.txt">
<feature name="detected-plagiarism" this_offset="3593" this_length="349"
 source_reference="source-document01090.txt" source_offset="1300" source_length="349"/>
<feature name="detected-plagiarism" this_offset="3942" this_length="349"
 source_reference="source-document01090.txt" source_offset="1649" source_length="349"/>
</document>
"""


def test_read_pan_xml_truth_and_detection(tmp_path):
    truth = tmp_path / "suspicious-document00005-source-document01090.xml"
    truth.write_text(TRUTH, encoding="utf-8")
    [f] = read_pan_xml(truth)
    assert f["this_reference"] == "suspicious-document00005.txt"
    assert f["source_reference"] == "source-document01090.txt"
    assert (f["this_offset"], f["this_length"], f["source_offset"], f["source_length"]) == (
        3593,
        698,
        1300,
        698,
    )
    assert f["name"] == "plagiarism" and f["obfuscation"] == "none"
    det = tmp_path / "det.xml"
    det.write_text(DETECTION, encoding="utf-8")
    assert [d["name"] for d in read_pan_xml(det)] == ["detected-plagiarism"] * 2


def test_read_pan_xml_tolerates_empty_files_and_missing_references(tmp_path):
    empty = tmp_path / "suspicious-document00001-source-document00002.xml"
    empty.write_text("", encoding="utf-8")
    assert read_pan_xml(empty) == []
    bare = tmp_path / "suspicious-document00003-source-document00004.xml"
    bare.write_text(
        '<document><feature name="detected-plagiarism" this_offset="1" this_length="2"'
        ' source_offset="3" source_length="4"/></document>',
        encoding="utf-8",
    )
    [f] = read_pan_xml(bare)
    assert f["this_reference"] == "suspicious-document00003.txt"
    assert f["source_reference"] == "source-document00004.txt"


def test_read_pan_xml_rejects_garbage_with_the_file_name(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<document", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.xml"):
        read_pan_xml(bad)


def test_evaluate_dirs(tmp_path):
    truth, det = tmp_path / "truth", tmp_path / "det"
    truth.mkdir()
    det.mkdir()
    name = "suspicious-document00005-source-document01090.xml"
    (truth / name).write_text(TRUTH, encoding="utf-8")
    (truth / "suspicious-document00009-source-document00001.xml").write_text(
        '<document reference="suspicious-document00009.txt">\n</document>\n', encoding="utf-8"
    )
    # truth against truth is perfect
    approx(evaluate_dirs(truth, truth), 1, 1, 1, 1)
    # the case found in two halves
    (det / name).write_text(DETECTION, encoding="utf-8")
    s = evaluate_dirs(truth, det)
    approx(s, 1, 1, 2, 1 / math.log2(3))
    assert (s.cases, s.detections) == (1, 2)
    with pytest.raises(FileNotFoundError):
        evaluate_dirs(tmp_path / "missing", det)


def test_command_line(tmp_path, capsys):
    from unspin.eval.plagdet import main

    (tmp_path / "suspicious-document00005-source-document01090.xml").write_text(
        TRUTH, encoding="utf-8"
    )
    assert main([str(tmp_path), str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "plagdet     1.0000" in out and "cases       1" in out


def test_micro_averages_pool_characters():
    # macro treats a small and a large case alike; micro weighs them by size
    cases = [CASE, c(1000, 300, 1000, 300)]
    s = plagdet_score(cases, [CASE])
    assert s.recall == pytest.approx(0.5)
    assert s.micro_recall == pytest.approx(200 / 800)
    assert s.micro_precision == pytest.approx(1.0)
    # a false detection of 200 chars next to a half detection of 100
    s = plagdet_score([CASE], [c(0, 50, 0, 50), c(300, 100, 300, 100)])
    assert (s.recall, s.precision) == pytest.approx((0.5, 0.5))
    assert (s.micro_recall, s.micro_precision) == pytest.approx((0.5, 1 / 3))
    assert s.micro_plagdet == pytest.approx(2 * 0.5 / 3 / (0.5 + 1 / 3))
    assert plagdet_score([], []).micro_plagdet == 1.0
    assert plagdet_score([CASE], []).micro_plagdet == 0.0


def _chars(anns):
    out = set()
    for a in anns:
        out |= {
            (a.suspicious, "s", i)
            for i in range(a.suspicious_offset, a.suspicious_offset + a.suspicious_length)
        }
        out |= {
            (a.source, "r", i) for i in range(a.source_offset, a.source_offset + a.source_length)
        }
    return out


def test_micro_matches_brute_force_on_random_annotations():
    from unspin.eval.plagdet import micro_precision_recall, overlaps

    rng = random.Random(11)
    for _ in range(200):
        cases, dets = (
            set(random_annotations(rng, rng.randrange(1, 4))),
            set(random_annotations(rng, rng.randrange(1, 5))),
        )
        true = set()
        for case in cases:
            for d in dets:
                if overlaps(case, d):
                    true |= _chars([case]) & _chars([d])
        prec, rec = micro_precision_recall(cases, dets)
        assert rec == pytest.approx(len(true) / len(_chars(cases)))
        assert prec == pytest.approx(len(true) / len(_chars(dets)))
