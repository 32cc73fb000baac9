"""The founding case: is every rewritten unit of examples/ingenuity traced, and no furniture?

    .venv/bin/python benchmarks/founding_case.py             # run unspin compare, score it
    .venv/bin/python benchmarks/founding_case.py --strict    # exit 1 unless all traced, clean
    .venv/bin/python benchmarks/founding_case.py --self-check  # score the gold against itself

A gold unit is *traced* when some reported passage overlaps its suspicious span and that
passage's source span overlaps the unit's source span. No reported source span may overlap a
gold ``boilerplate`` span (menus, captions, comments of the page). Needs only the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, unspin_command  # noqa: E402

from unspin.eval.plagdet import Case, plagdet_score  # noqa: E402

CASE_DIR = REPO / "examples" / "ingenuity"


def _overlap(a_off: int, a_len: int, b_off: int, b_len: int) -> bool:
    return a_off < b_off + b_len and b_off < a_off + a_len


def score_founding(result: dict, gold: dict) -> dict:
    """Score a ``--format json`` comparison against ``gold.json``.

    Returns ``units`` (per gold unit: ``traced`` and the 1-based numbers of the passages that
    trace it), ``traced``/``total``, ``boilerplate_hits`` (passage number, boilerplate index),
    and PAN ``scores`` of the passages against the gold units as one pair.
    """
    passages = result.get("passages", [])
    units = []
    for unit in gold["reused"]:
        by = [
            n
            for n, p in enumerate(passages, 1)
            if _overlap(
                p["suspicious_offset"],
                p["suspicious_length"],
                unit["suspicious_offset"],
                unit["suspicious_length"],
            )
            and _overlap(
                p["source_offset"], p["source_length"], unit["source_offset"], unit["source_length"]
            )
        ]
        units.append({"traced": bool(by), "passages": by, **unit})
    hits = [
        (n, k)
        for n, p in enumerate(passages, 1)
        for k, b in enumerate(gold.get("boilerplate", []))
        if _overlap(p["source_offset"], p["source_length"], b["source_offset"], b["source_length"])
    ]

    def case(d: dict) -> Case:
        return Case(
            "suspicious",
            d["suspicious_offset"],
            d["suspicious_length"],
            "source",
            d["source_offset"],
            d["source_length"],
        )

    scores = plagdet_score([case(u) for u in gold["reused"]], [case(p) for p in passages])
    return {
        "units": units,
        "traced": sum(u["traced"] for u in units),
        "total": len(units),
        "passages": len(passages),
        "boilerplate_hits": hits,
        "scores": scores,
    }


def gold_as_result(gold: dict) -> dict:
    """The gold units dressed as a comparison: scoring it must be perfect."""
    keys = ("suspicious_offset", "suspicious_length", "source_offset", "source_length")
    return {"passages": [{k: u[k] for k in keys} for u in gold["reused"]]}


def run_compare(case_dir: Path) -> tuple[dict, float]:
    """Run ``unspin compare SRC SUSP --format json``; the parsed output and wall seconds."""
    cmd = unspin_command() + [
        "compare",
        str(case_dir / "source.txt"),
        str(case_dir / "suspicious.txt"),
        "--format",
        "json",
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"founding_case: unspin compare failed with exit status {proc.returncode}")
    return json.loads(proc.stdout), elapsed


def report(outcome: dict, suspicious_text: str | None = None) -> None:
    for i, u in enumerate(outcome["units"], 1):
        status = f"traced by #{', #'.join(map(str, u['passages']))}" if u["traced"] else "MISSED"
        snippet = u.get("suspicious_text") or (
            suspicious_text[
                u["suspicious_offset"] : u["suspicious_offset"] + u["suspicious_length"]
            ]
            if suspicious_text
            else ""
        )
        snippet = " ".join(snippet.split())[:60].rstrip()
        print(
            f"  unit {i:2d}  susp {u['suspicious_offset']:5d}+{u['suspicious_length']:<4d} "
            f"src {u['source_offset']:5d}+{u['source_length']:<4d} {status:<16} {snippet}"
        )
    print(f"traced: {outcome['traced']}/{outcome['total']} units by {outcome['passages']} passages")
    hits = outcome["boilerplate_hits"]
    print(
        f"boilerplate reported: {len(hits)}"
        + ("".join(f"\n  passage #{n} overlaps boilerplate span {k}" for n, k in hits))
    )
    s = outcome["scores"]
    print(
        f"plagdet vs gold units: precision {s.precision:.3f}  recall {s.recall:.3f}  "
        f"granularity {s.granularity:.2f}  plagdet {s.plagdet:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--case",
        type=Path,
        default=CASE_DIR,
        help="folder with source.txt, suspicious.txt and gold.json (default examples/ingenuity)",
    )
    ap.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 unless every unit is traced and no boilerplate is reported",
    )
    ap.add_argument("--self-check", action="store_true", help="score the gold against itself")
    args = ap.parse_args(argv)

    gold = json.loads((args.case / "gold.json").read_text(encoding="utf-8"))
    if args.self_check:
        outcome = score_founding(gold_as_result(gold), gold)
        report(outcome)
        ok = outcome["traced"] == outcome["total"] and not outcome["boilerplate_hits"]
        return 0 if ok and outcome["scores"].plagdet == 1.0 else 1

    result, elapsed = run_compare(args.case)
    outcome = score_founding(result, gold)
    report(outcome, (args.case / "suspicious.txt").read_text(encoding="utf-8"))
    print(f"time: {elapsed:.2f} s (unspin compare, wall clock)")
    ok = outcome["traced"] == outcome["total"] and not outcome["boilerplate_hits"]
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
