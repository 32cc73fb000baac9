"""PAN's plagdet measure (Potthast, Stein, Barrón-Cedeño, Rosso; COLING 2010).

Computed over a whole corpus at once, as the official PAN evaluator does: every case and
detection carries the names of its suspicious and source documents, a detection *detects* a
case when they name the same pair and their spans overlap on both sides, and

* macro recall    = mean over cases of |case ∩ ∪ detections that detect it| / |case|,
* macro precision = the same with cases and detections swapped,
* granularity     = mean number of detections per detected case (1 when nothing is detected),
* plagdet         = F1(precision, recall) / log2(1 + granularity),

where |x| counts characters on both sides (suspicious + source). Like the official evaluator,
duplicate annotations count once and document names are compared without a ``.txt`` suffix.
Annotations with no characters at all are ignored (the official script divides by zero on them).
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from unspin.eval.pan_xml import read_pan_xml


@dataclass(frozen=True)
class Case:
    """A plagiarism case or a detection: a span of a suspicious document and one of a source."""

    suspicious: str
    suspicious_offset: int
    suspicious_length: int
    source: str
    source_offset: int
    source_length: int

    @property
    def size(self) -> int:
        return self.suspicious_length + self.source_length

    @property
    def pair(self) -> tuple[str, str]:
        return (self.suspicious, self.source)

    @classmethod
    def from_pan(cls, feature: dict) -> Case:
        """Build from one dict of :func:`unspin.eval.pan_xml.read_pan_xml`."""
        return cls(
            normalise_reference(feature["this_reference"] or ""),
            int(feature["this_offset"]),
            int(feature["this_length"]),
            normalise_reference(feature["source_reference"] or ""),
            int(feature["source_offset"]),
            int(feature["source_length"]),
        )


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int = 0
    detections: int = 0
    #: Micro-averaged variants (characters pooled over the corpus), as the PAN script also
    #: prints; PAN 2025 ranks by micro plagdet, PAN 2009-2015 by the macro one above.
    micro_precision: float = 0.0
    micro_recall: float = 0.0
    micro_plagdet: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def normalise_reference(name: str) -> str:
    """Compare documents by base name without ``.txt``, as the PAN evaluator does."""
    base = os.path.basename(name)
    return base[:-4] if base.endswith(".txt") else base


def plagdet_score(cases: Iterable[Case], detections: Iterable[Case]) -> Scores:
    """Precision, recall, granularity and plagdet of ``detections`` against ``cases``."""
    cases_set = {c for c in cases if c.size > 0}
    dets_set = {d for d in detections if d.size > 0}
    recall = macro_recall(cases_set, dets_set)
    precision = macro_recall(dets_set, cases_set)
    gran = granularity(cases_set, dets_set)
    micro_p, micro_r = micro_precision_recall(cases_set, dets_set)
    return Scores(
        precision=precision,
        recall=recall,
        granularity=gran,
        plagdet=combine(precision, recall, gran),
        cases=len(cases_set),
        detections=len(dets_set),
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_plagdet=combine(micro_p, micro_r, gran),
    )


def combine(precision: float, recall: float, gran: float) -> float:
    """plagdet = F1 / log2(1 + granularity); 0 when F1 is undefined."""
    if precision <= 0 or recall <= 0 or gran < 1:
        return 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return f1 / math.log2(1 + gran)


def macro_recall(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Mean share of each case's characters covered by the detections that detect it.

    Swap the arguments for macro precision. Both empty gives 1, one empty gives 0 (as PAN).
    """
    cases = list(cases)
    detections = list(detections)
    if not cases and not detections:
        return 1.0
    if not cases or not detections:
        return 0.0
    by_pair = _by_pair(detections)
    total = 0.0
    for case in cases:
        hits = [d for d in by_pair.get(case.pair, ()) if overlaps(case, d)]
        total += covered_chars(case, hits) / case.size
    return total / len(cases)


def micro_precision_recall(
    cases: Iterable[Case], detections: Iterable[Case]
) -> tuple[float, float]:
    """Characters pooled over the corpus: detected plagiarism / plagiarism, / detections.

    Overlapping annotations count their characters once (per document and side).
    """
    cases = list(cases)
    detections = list(detections)
    if not cases and not detections:
        return 1.0, 1.0
    if not cases or not detections:
        return 0.0, 0.0
    by_pair = _by_pair(detections)
    true = []
    for case in cases:
        for d in by_pair.get(case.pair, ()):
            if overlaps(case, d):
                s_off = max(case.suspicious_offset, d.suspicious_offset)
                s_end = min(
                    case.suspicious_offset + case.suspicious_length,
                    d.suspicious_offset + d.suspicious_length,
                )
                r_off = max(case.source_offset, d.source_offset)
                r_end = min(
                    case.source_offset + case.source_length, d.source_offset + d.source_length
                )
                true.append(
                    Case(case.suspicious, s_off, s_end - s_off, case.source, r_off, r_end - r_off)
                )
    hit = count_chars(true)
    return hit / count_chars(detections), hit / count_chars(cases)


def count_chars(annotations: Iterable[Case]) -> int:
    """Characters covered on both sides, overlaps counted once per document."""
    susp: dict[str, list[tuple[int, int]]] = defaultdict(list)
    src: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a in annotations:
        susp[a.suspicious].append((a.suspicious_offset, a.suspicious_length))
        src[a.source].append((a.source_offset, a.source_length))
    total = 0
    for index in (susp, src):
        for spans in index.values():
            lo = min(o for o, _ in spans)
            hi = max(o + n for o, n in spans)
            total += _union_inside(lo, hi - lo, spans)
    return total


def granularity(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Mean number of detections per detected case; 1 when no case is detected."""
    by_pair = _by_pair(detections)
    counts = []
    for case in cases:
        n = sum(1 for d in by_pair.get(case.pair, ()) if overlaps(case, d))
        if n:
            counts.append(n)
    return sum(counts) / len(counts) if counts else 1.0


def overlaps(a: Case, b: Case) -> bool:
    """True when ``a`` and ``b`` name the same pair and overlap on both sides."""
    return (
        a.pair == b.pair
        and _span_overlap(
            a.suspicious_offset, a.suspicious_length, b.suspicious_offset, b.suspicious_length
        )
        and _span_overlap(a.source_offset, a.source_length, b.source_offset, b.source_length)
    )


def covered_chars(case: Case, others: Iterable[Case]) -> int:
    """Characters of ``case`` (both sides) inside the union of ``others``."""
    others = list(others)
    susp = _union_inside(
        case.suspicious_offset,
        case.suspicious_length,
        [(o.suspicious_offset, o.suspicious_length) for o in others],
    )
    src = _union_inside(
        case.source_offset,
        case.source_length,
        [(o.source_offset, o.source_length) for o in others],
    )
    return susp + src


def _span_overlap(off_a: int, len_a: int, off_b: int, len_b: int) -> bool:
    # The official test: b ends after a starts and b starts before a ends.
    return off_b + len_b > off_a and off_b < off_a + len_a


def _union_inside(off: int, length: int, spans: list[tuple[int, int]]) -> int:
    """Length of the union of ``spans`` clipped to [off, off + length)."""
    end = off + length
    clipped = sorted((max(o, off), min(o + n, end)) for o, n in spans)
    covered, cursor = 0, off
    for a, b in clipped:
        a = max(a, cursor)
        if b > a:
            covered += b - a
            cursor = b
    return covered


def _by_pair(annotations: Iterable[Case]) -> dict[tuple[str, str], list[Case]]:
    index: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for ann in annotations:
        index[ann.pair].append(ann)
    return index


def load_cases(directory: str | os.PathLike) -> list[Case]:
    """All plagiarism features in the ``*.xml`` files of ``directory`` (and one level below)."""
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"not a folder: {os.fspath(directory)}")
    files = sorted(root.glob("*.xml")) + sorted(root.glob("*/*.xml"))
    return [Case.from_pan(f) for path in files for f in read_pan_xml(path)]


def evaluate_dirs(truth_dir: str | os.PathLike, det_dir: str | os.PathLike) -> Scores:
    """Score a folder of detector XML against a folder of PAN truth XML."""
    return plagdet_score(load_cases(truth_dir), load_cases(det_dir))


def main(argv: list[str] | None = None) -> int:
    """``python -m unspin.eval.plagdet TRUTH_DIR DETECTION_DIR``: print the four measures."""
    import argparse

    ap = argparse.ArgumentParser(
        prog="python -m unspin.eval.plagdet",
        description="Score PAN text-alignment detections (XML) against PAN truth (XML).",
    )
    ap.add_argument("truth_dir")
    ap.add_argument("detection_dir")
    args = ap.parse_args(argv)
    s = evaluate_dirs(args.truth_dir, args.detection_dir)
    print(f"precision   {s.precision:.4f}\nrecall      {s.recall:.4f}")
    print(f"granularity {s.granularity:.4f}\nplagdet     {s.plagdet:.4f}")
    print(f"cases       {s.cases}\ndetections  {s.detections}")
    print(
        f"micro: precision {s.micro_precision:.4f}  recall {s.micro_recall:.4f}  "
        f"plagdet {s.micro_plagdet:.4f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
