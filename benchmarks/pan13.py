"""PAN 2013 text alignment (no obfuscation), dev pairs: plagdet of ``unspin pan``.

    .venv/bin/python benchmarks/pan13.py                  # all 250 pairs
    .venv/bin/python benchmarks/pan13.py --limit 40       # a quick look
    .venv/bin/python benchmarks/pan13.py --lexical-only --jobs 4 --keep out/pan13
    .venv/bin/python benchmarks/pan13.py --self-check     # score truth against truth (= 1.0)

Runs ``unspin pan PAIRS SRC_DIR SUSP_DIR OUT_DIR`` into a temporary folder, then scores the XML
with the PAN measures (unspin.eval.plagdet). Reads ``../shared/data/pan13-noobf-dev`` (or
``$UNSPIN_SHARED/data/...``, or ``--data``); exits 0 with a message when it is absent.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir, unspin_command  # noqa: E402
from pan13_truth_check import case_similarity, realigned_truth  # noqa: E402

from unspin.eval.plagdet import (  # noqa: E402
    Case,
    Scores,
    load_cases,
    normalise_reference,
    overlaps,
    plagdet_score,
)
from unspin.pan import read_pairs  # noqa: E402

DATASET = "pan13-noobf-dev"


def load_run(
    truth_dir: Path, det_dir: Path, pairs: list[tuple[str, str]]
) -> tuple[list[Case], list[Case]]:
    """Truth cases of ``pairs`` and the detections for their suspicious documents."""
    wanted = {(normalise_reference(s), normalise_reference(r)) for s, r in pairs}
    cases = [c for c in load_cases(truth_dir) if c.pair in wanted]
    # Detections of other suspicious documents (a stale --keep folder) are left out; a detection
    # naming the wrong source for a wanted document still counts, as a false one.
    susp_names = {s for s, _ in wanted}
    dets = (
        [d for d in load_cases(det_dir) if d.suspicious in susp_names] if det_dir.is_dir() else []
    )
    return cases, dets


def score_run(
    truth_dir: Path, det_dir: Path, pairs: list[tuple[str, str]]
) -> tuple[Scores, dict[tuple[str, str], Scores]]:
    """Corpus scores over ``pairs`` (truth of other pairs is left out), and scores per pair."""
    cases, dets = load_run(truth_dir, det_dir, pairs)
    wanted = {(normalise_reference(s), normalise_reference(r)) for s, r in pairs}
    by_pair: dict[tuple[str, str], tuple[list[Case], list[Case]]] = {p: ([], []) for p in wanted}
    for c in cases:
        by_pair[c.pair][0].append(c)
    for d in dets:
        by_pair.setdefault(d.pair, ([], []))[1].append(d)
    per_pair = {pair: plagdet_score(pc, pd) for pair, (pc, pd) in by_pair.items()}
    return plagdet_score(cases, dets), per_pair


def breakdown(cases: list[Case], dets: list[Case]) -> dict:
    """Where precision and recall go: undetected cases, and detections that detect nothing."""
    cases, dets = list(set(cases)), list(set(dets))
    detected = sum(1 for c in cases if any(overlaps(c, d) for d in dets))
    false = [d for d in dets if not any(overlaps(c, d) for c in cases)]
    sizes = sorted(d.size for d in false)
    return {
        "cases": len(cases),
        "detected": detected,
        "detections": len(dets),
        "false": len(false),
        "false_median_chars": sizes[len(sizes) // 2] if sizes else 0,
    }


def verbatim_truth_scores(data: Path, cases: list[Case], dets: list[Case]) -> tuple[int, Scores]:
    """Scores over the pairs whose every case is >= 99 % alike on both sides.

    Many annotations point some characters off the copied text (``pan13_truth_check.py``); on
    the pairs where they do not, the score measures the detector rather than the annotation.
    """
    cache: dict[str, str] = {}
    by_pair: dict[tuple[str, str], list[Case]] = {}
    for c in cases:
        by_pair.setdefault(c.pair, []).append(c)
    exact = {
        p for p, cs in by_pair.items() if all(case_similarity(data, c, cache) >= 99 for c in cs)
    }
    return len(exact), plagdet_score(
        [c for c in cases if c.pair in exact], [d for d in dets if d.pair in exact]
    )


def print_scores(label: str, s: Scores) -> None:
    print(
        f"{label}: precision {s.precision:.4f}  recall {s.recall:.4f}  "
        f"granularity {s.granularity:.4f}  plagdet {s.plagdet:.4f}  "
        f"({s.cases} cases, {s.detections} detections)"
    )
    print(
        f"  micro: precision {s.micro_precision:.4f}  recall {s.micro_recall:.4f}  "
        f"plagdet {s.micro_plagdet:.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help=f"the {DATASET} folder (pairs, src/, susp/, truth/)")
    ap.add_argument("--limit", type=int, help="only the first N pairs")
    ap.add_argument("--jobs", type=int, help="passed to unspin pan --jobs")
    ap.add_argument("--lexical-only", action="store_true", help="passed to unspin pan")
    ap.add_argument("--keep", type=Path, help="write the XML here instead of a temporary folder")
    ap.add_argument("--worst", type=int, default=5, help="list the N worst pairs (default 5)")
    ap.add_argument("--self-check", action="store_true", help="score truth against truth")
    args = ap.parse_args(argv)

    data = args.data or shared_dir() / "data" / DATASET
    if not (data / "pairs").is_file() or not (data / "truth").is_dir():
        print(f"pan13: no data at {data}; skipping (set UNSPIN_SHARED or --data)")
        return 0
    pairs = read_pairs(data / "pairs")
    if args.limit:
        pairs = pairs[: args.limit]

    if args.self_check:
        scores, _ = score_run(data / "truth", data / "truth", pairs)
        print_scores("truth vs truth", scores)
        return 0 if scores.plagdet == 1.0 else 1

    with tempfile.TemporaryDirectory(prefix="unspin-pan13-") as tmp:
        pairs_file = Path(tmp) / "pairs"
        pairs_file.write_text("".join(f"{s} {r}\n" for s, r in pairs), encoding="utf-8")
        out = args.keep or Path(tmp) / "out"
        out.mkdir(parents=True, exist_ok=True)
        cmd = unspin_command() + [
            "pan",
            str(pairs_file),
            str(data / "src"),
            str(data / "susp"),
            str(out),
        ]
        if args.lexical_only:
            cmd.append("--lexical-only")
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        print("running:", shlex.join(cmd), flush=True)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            print(f"pan13: unspin pan failed with exit status {proc.returncode}", file=sys.stderr)
            return 1
        written = len(list(out.glob("*.xml")))
        scores, per_pair = score_run(data / "truth", out, pairs)
        run = load_run(data / "truth", out, pairs)
        parts = breakdown(*run)
        exact, exact_scores = verbatim_truth_scores(data, *run)
        moved = plagdet_score(realigned_truth(data, run[0]), run[1])

    print(f"pairs: {len(pairs)}  xml files written: {written}")
    print_scores("pan13-noobf-dev", scores)
    print(
        f"cases detected: {parts['detected']}/{parts['cases']}  detections detecting no case: "
        f"{parts['false']}/{parts['detections']} (median {parts['false_median_chars']} chars, "
        "both sides)"
    )
    print(f"time: {elapsed:.1f} s  ({len(pairs) / max(elapsed, 1e-9):.2f} pairs/s)")
    if exact:
        print_scores(
            f"pairs whose every case is verbatim in the truth ({exact} pairs)", exact_scores
        )
    # pan13_truth_check.py: the annotations moved onto the text the two documents really share.
    print_scores("against the truth moved onto the shared text", moved)
    if args.worst > 0:
        worst = sorted(per_pair.items(), key=lambda kv: kv[1].plagdet)[: args.worst]
        print(f"worst {len(worst)} pairs:")
        for (susp, src), s in worst:
            print(
                f"  {susp} {src}: plagdet {s.plagdet:.3f}  P {s.precision:.3f}  "
                f"R {s.recall:.3f}  gran {s.granularity:.2f}  "
                f"({s.cases} cases, {s.detections} detections)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
