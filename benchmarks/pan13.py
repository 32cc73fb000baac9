"""PAN 2013 text alignment, training corpus, every kind of reuse: plagdet of ``unspin pan``.

    .venv/bin/python benchmarks/pan13.py --sample 100            # 100 pairs of each kind, both halves
    .venv/bin/python benchmarks/pan13.py --kind random --half tune
    .venv/bin/python benchmarks/pan13.py --kind none --lexical-only --keep out/pan13
    .venv/bin/python benchmarks/pan13.py --self-check             # truth against truth (= 1.0)

Runs ``unspin pan PAIRS SRC_DIR SUSP_DIR OUT_DIR`` once, into a temporary folder, on the chosen
pairs of every chosen kind, then scores the XML with the PAN measures (unspin.eval.plagdet), kind
by kind. The pairs are split in two halves **by suspicious document** (crc32 of its name): tune
on ``tune``, report ``held-out`` beside it; ``noplag`` pairs (no reuse) report the share of pairs
with any detection, every one false. Reads ``../shared/data/pan13-train`` (or
``$UNSPIN_SHARED/data/...``, or ``--data``); exits 0 with a message when it is absent.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir, unspin_command  # noqa: E402
from pan13_truth_check import case_similarity  # noqa: E402

from unspin.eval.plagdet import (  # noqa: E402
    Case,
    Scores,
    load_cases,
    normalise_reference,
    overlaps,
    plagdet_score,
)
from unspin.pan import read_pairs  # noqa: E402

DATASET = "pan13-train"
KINDS = ("none", "random", "translation", "summary", "noplag")


def half_of(susp_name: str) -> str:
    """``tune`` or ``held-out``: by suspicious document, so no document is in both halves."""
    return "tune" if zlib.crc32(susp_name.encode()) % 2 == 0 else "held-out"


def select_pairs(data: Path, kind: str, half: str, sample: int | None) -> list[tuple[str, str]]:
    """The pairs of one kind and half, a fixed sample of them when ``sample`` is given."""
    pairs = read_pairs(data / f"pairs-{kind}")
    pairs = [p for p in pairs if half == "both" or half_of(p[0]) == half]
    if sample and len(pairs) > sample:
        pairs = sorted(pairs, key=lambda p: zlib.crc32(f"{p[0]} {p[1]}".encode()))[:sample]
    return pairs


def load_run(
    truth_dir: Path, det_dir: Path, pairs: list[tuple[str, str]]
) -> tuple[list[Case], list[Case]]:
    """Truth cases of ``pairs`` and the detections for their suspicious documents."""
    wanted = {(normalise_reference(s), normalise_reference(r)) for s, r in pairs}
    cases = [c for c in load_cases(truth_dir) if c.pair in wanted]
    # Only the detections of the wanted pairs: one run serves several kinds, and a suspicious
    # document of one kind is paired with other sources in other kinds (and in noplag).
    dets = [d for d in load_cases(det_dir) if d.pair in wanted] if det_dir.is_dir() else []
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
    ap.add_argument(
        "--data", type=Path, help=f"the {DATASET} folder (pairs-*, src/, susp/, truth/)"
    )
    ap.add_argument("--kind", choices=(*KINDS, "all"), default="all", help="kind of reuse")
    ap.add_argument(
        "--half", choices=("tune", "held-out", "both"), default="both", help="which half"
    )
    ap.add_argument("--sample", type=int, help="at most N pairs of each kind and half")
    ap.add_argument("--jobs", type=int, help="passed to unspin pan --jobs")
    ap.add_argument("--lexical-only", action="store_true", help="passed to unspin pan")
    ap.add_argument("--keep", type=Path, help="write the XML here instead of a temporary folder")
    ap.add_argument("--worst", type=int, default=3, help="list the N worst pairs of each kind")
    ap.add_argument("--self-check", action="store_true", help="score truth against truth")
    args = ap.parse_args(argv)

    data = args.data or shared_dir() / "data" / DATASET
    if not (data / "pairs").is_file() or not (data / "truth").is_dir():
        print(f"pan13: no data at {data}; skipping (set UNSPIN_SHARED or --data)")
        return 0
    kinds = KINDS if args.kind == "all" else (args.kind,)
    kinds = tuple(k for k in kinds if (data / f"pairs-{k}").is_file())
    halves = ("tune", "held-out") if args.half == "both" else (args.half,)
    chosen = {(k, h): select_pairs(data, k, h, args.sample) for k in kinds for h in halves}
    pairs = sorted({p for ps in chosen.values() for p in ps})

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
        t0, c0 = time.perf_counter(), _child_cpu()
        proc = subprocess.run(cmd)
        elapsed, cpu = time.perf_counter() - t0, _child_cpu() - c0
        # 2: some pairs could not be read (listed by unspin pan); they count as finding nothing.
        if proc.returncode not in (0, 2):
            print(f"pan13: unspin pan failed with exit status {proc.returncode}", file=sys.stderr)
            return 1
        print(
            f"pairs: {len(pairs)}  time: {elapsed:.1f} s  "
            f"({len(pairs) / max(elapsed, 1e-9):.2f} pairs/s, {cpu / max(1, len(pairs)):.3f} "
            "CPU s/pair)"
        )
        print("| kind | half | pairs | plagdet | precision | recall | granularity |")
        print("|---|---|---|---|---|---|---|")
        for (kind, half), ps in chosen.items():
            if kind == "noplag":
                _, dets = load_run(data / "truth", out, ps)
                flagged = len({d.pair for d in dets})
                print(
                    f"| noplag | {half} | {len(ps)} | pairs with a detection (all false): "
                    f"{flagged} ({flagged / max(1, len(ps)):.1%}) | | | |"
                )
                continue
            scores, per_pair = score_run(data / "truth", out, ps)
            print(
                f"| {kind} | {half} | {len(ps)} | {scores.plagdet:.3f} | {scores.precision:.3f} "
                f"| {scores.recall:.3f} | {scores.granularity:.3f} |"
            )
            if args.worst > 0:
                worst = sorted(per_pair.items(), key=lambda kv: kv[1].plagdet)[: args.worst]
                for (susp, src), s in worst:
                    print(
                        f"|   worst | {susp} {src} | | {s.plagdet:.3f} | {s.precision:.3f} "
                        f"| {s.recall:.3f} | {s.granularity:.2f} |"
                    )
        mixed = [p for (k, _), ps in chosen.items() if k != "noplag" for p in ps]
        if len(kinds) > 1 and mixed:
            print_scores("all kinds with reuse", score_run(data / "truth", out, mixed)[0])
    return 0


def _child_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


if __name__ == "__main__":
    sys.exit(main())
