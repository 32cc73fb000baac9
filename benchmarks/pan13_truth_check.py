"""How verbatim are the "no obfuscation" cases of pan13-noobf-dev, really?

For each annotated case, compare the whitespace-normalised suspicious span with its source span.
Cases whose two spans are not alike point at annotation offsets that do not match the text; they
cap the plagdet any detector can reach on this set.

    .venv/bin/python benchmarks/pan13_truth_check.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402

from unspin.eval.plagdet import Case, load_cases  # noqa: E402


def case_similarity(root: Path, case: Case, cache: dict[str, str] | None = None) -> float:
    """How alike (0-100) the whitespace-normalised suspicious and source spans of a case are
    (0 when a text is missing)."""
    cache = {} if cache is None else cache

    def text(folder: str, name: str) -> str:
        key = f"{folder}/{name}"
        if key not in cache:
            path = root / folder / f"{name}.txt"
            cache[key] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return cache[key]

    q = text("susp", case.suspicious)
    s = text("src", case.source)
    a = " ".join(
        q[case.suspicious_offset : case.suspicious_offset + case.suspicious_length].split()
    )
    b = " ".join(s[case.source_offset : case.source_offset + case.source_length].split())
    return fuzz.ratio(a, b) if a and b else 0.0


def main() -> int:
    root = shared_dir() / "data" / "pan13-noobf-dev"
    if not root.exists():
        print("skip: pan13-noobf-dev not found")
        return 0
    cache: dict[str, str] = {}
    ratios = sorted(case_similarity(root, c, cache) for c in load_cases(root / "truth"))
    n = len(ratios)
    for cut in (99, 90, 80, 50):
        below = sum(r < cut for r in ratios)
        print(f"cases whose two spans are < {cut}% alike: {below} of {n} ({below / n:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
