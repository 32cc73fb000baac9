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

from unspin.eval.plagdet import load_cases  # noqa: E402


def main() -> int:
    root = shared_dir() / "data" / "pan13-noobf-dev"
    if not root.exists():
        print("skip: pan13-noobf-dev not found")
        return 0
    ratios = []
    for c in load_cases(root / "truth"):
        q = (root / "susp" / f"{c.suspicious}.txt").read_text(encoding="utf-8")
        s = (root / "src" / f"{c.source}.txt").read_text(encoding="utf-8")
        a = " ".join(q[c.suspicious_offset : c.suspicious_offset + c.suspicious_length].split())
        b = " ".join(s[c.source_offset : c.source_offset + c.source_length].split())
        ratios.append(fuzz.ratio(a, b))
    ratios.sort()
    n = len(ratios)
    for cut in (99, 90, 80, 50):
        below = sum(r < cut for r in ratios)
        print(f"cases whose two spans are < {cut}% alike: {below} of {n} ({below / n:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
