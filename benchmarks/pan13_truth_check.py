"""How verbatim are the "no obfuscation" cases of pan13-train (pairs-none), really?

For each annotated case, compare the whitespace-normalised suspicious span with its source span.
Cases whose two spans are not alike point at annotation offsets that do not match the text; they
cap the plagdet any detector can reach on this set. To put a number on that cap, every case is
also *moved onto the text its two documents really share* near the annotation (a chain of
exact matching blocks, :func:`realign`), and that oracle is scored against the annotations: a
detector that reports exactly the shared text, no more and no less, scores this much.

    .venv/bin/python benchmarks/pan13_truth_check.py
"""

from __future__ import annotations

import sys
from difflib import SequenceMatcher
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402

from unspin.eval.plagdet import Case, load_cases, plagdet_score  # noqa: E402

#: How far around an annotation the shared text is looked for, in characters.
WINDOW = 600
#: Matching blocks shorter than this are chance ("the ", "ing ") and are not chained.
MIN_BLOCK = 8
#: A chain of matching blocks breaks at a gap wider than this on either side.
MAX_GAP = 20
#: The chain grows from the longest matching block, which must be at least this long.
MIN_ANCHOR = 30


def _texts(root: Path, case: Case, cache: dict[str, str]) -> tuple[str, str]:
    def text(folder: str, name: str) -> str:
        key = f"{folder}/{name}"
        if key not in cache:
            path = root / folder / f"{name}.txt"
            cache[key] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return cache[key]

    return text("susp", case.suspicious), text("src", case.source)


def case_similarity(root: Path, case: Case, cache: dict[str, str] | None = None) -> float:
    """How alike (0-100) the whitespace-normalised suspicious and source spans of a case are
    (0 when a text is missing)."""
    q, s = _texts(root, case, {} if cache is None else cache)
    a = " ".join(
        q[case.suspicious_offset : case.suspicious_offset + case.suspicious_length].split()
    )
    b = " ".join(s[case.source_offset : case.source_offset + case.source_length].split())
    return fuzz.ratio(a, b) if a and b else 0.0


def realign(root: Path, case: Case, cache: dict[str, str] | None = None) -> Case | None:
    """The case moved onto the text its two documents share around the annotation.

    Exact matching blocks (difflib, no junk heuristic) between the two annotated spans widened
    by ``WINDOW``; the longest one anchors a chain that grows while neighbouring blocks follow
    within ``MAX_GAP`` characters on both sides. None when nothing of ``MIN_ANCHOR`` characters
    is shared there.
    """
    q, s = _texts(root, case, {} if cache is None else cache)
    q0 = max(0, case.suspicious_offset - WINDOW)
    q1 = min(len(q), case.suspicious_offset + case.suspicious_length + WINDOW)
    s0 = max(0, case.source_offset - WINDOW)
    s1 = min(len(s), case.source_offset + case.source_length + WINDOW)
    matcher = SequenceMatcher(None, q[q0:q1], s[s0:s1], autojunk=False)
    blocks = [(b.a + q0, b.b + s0, b.size) for b in matcher.get_matching_blocks()]
    blocks = [b for b in blocks if b[2] >= MIN_BLOCK]
    if not blocks or max(b[2] for b in blocks) < MIN_ANCHOR:
        return None

    def follows(x: tuple[int, int, int], y: tuple[int, int, int]) -> bool:
        return y[0] - (x[0] + x[2]) <= MAX_GAP and y[1] - (x[1] + x[2]) <= MAX_GAP

    lo = hi = max(range(len(blocks)), key=lambda i: blocks[i][2])
    while lo > 0 and follows(blocks[lo - 1], blocks[lo]):
        lo -= 1
    while hi + 1 < len(blocks) and follows(blocks[hi], blocks[hi + 1]):
        hi += 1
    first, last = blocks[lo], blocks[hi]
    return Case(
        case.suspicious,
        first[0],
        last[0] + last[2] - first[0],
        case.source,
        first[1],
        last[1] + last[2] - first[1],
    )


def _off_by(a: Case, b: Case) -> int:
    """The largest distance between corresponding edges of two cases, in characters."""
    return max(
        abs(a.suspicious_offset - b.suspicious_offset),
        abs(a.suspicious_offset + a.suspicious_length - b.suspicious_offset - b.suspicious_length),
        abs(a.source_offset - b.source_offset),
        abs(a.source_offset + a.source_length - b.source_offset - b.source_length),
    )


def realigned_truth(root: Path, cases: list[Case]) -> list[Case]:
    """Every case moved onto its shared text (kept as annotated where none is found)."""
    cache: dict[str, str] = {}
    return [realign(root, c, cache) or c for c in cases]


def main() -> int:
    root = shared_dir() / "data" / "pan13-train"
    if not (root / "pairs-none").exists():
        print("skip: pan13-train not found")
        return 0
    cache: dict[str, str] = {}
    from unspin.eval.plagdet import normalise_reference
    from unspin.pan import read_pairs

    verbatim = {
        (normalise_reference(s), normalise_reference(r)) for s, r in read_pairs(root / "pairs-none")
    }
    cases = [c for c in load_cases(root / "truth") if c.pair in verbatim]
    ratios = sorted(case_similarity(root, c, cache) for c in cases)
    n = len(ratios)
    for cut in (99, 90, 80, 50):
        below = sum(r < cut for r in ratios)
        print(f"cases whose two spans are < {cut}% alike: {below} of {n} ({below / n:.1%})")
    moved = [realign(root, c, cache) for c in cases]
    oracle = [m for m in moved if m is not None]
    shifted = sum(m is not None and _off_by(m, c) > 10 for m, c in zip(moved, cases))
    print(
        "cases whose shared text starts or ends more than 10 characters away from the "
        f"annotation: {shifted} of {n}"
    )
    s = plagdet_score(cases, oracle)
    print(
        "a detector reporting exactly the shared text scores: "
        f"plagdet {s.plagdet:.4f} (precision {s.precision:.4f}, recall {s.recall:.4f}, "
        f"granularity {s.granularity:.4f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
