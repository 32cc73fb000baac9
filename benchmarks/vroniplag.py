"""VroniPlag cross-language pairs: does ``unspin pan`` flag a translated fragment, and only it?

    .venv/bin/python benchmarks/vroniplag.py                 # both halves
    .venv/bin/python benchmarks/vroniplag.py --half tune --keep out/vp
    .venv/bin/python benchmarks/vroniplag.py --model minilm-int8   # any unspin pan switch

``../shared/data/vroniplag-dev`` holds German dissertation fragments (``susp/``) translating
English or French sources (``src/``), and a few the other way; ``labels.tsv`` pairs each
fragment with its source (1) and with another source of the same language (0). Runs
``unspin pan`` once on the chosen pairs; a pair is flagged when its XML has any detection.
Reports accuracy, the share of true pairs flagged and of false pairs flagged, and, for the
flagged true pairs, whether every passage lies inside the two texts (the fragment file *is*
the true fragment) and how much of the fragment the passages cover. The pairs are split in two
halves by the suspicious document (crc32 of its name): thresholds were tuned on ``tune``;
``held-out`` was never tuned on. Exits 0 with a message when the data are absent.
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

from unspin.eval.pan_xml import read_pan_xml  # noqa: E402
from unspin.report import pan_filename  # noqa: E402

DATASET = "vroniplag-dev"


def half_of(susp_name: str) -> str:
    """``tune`` or ``held-out``, by suspicious document (both of its pairs in one half)."""
    return "tune" if zlib.crc32(susp_name.encode()) % 2 == 0 else "held-out"


def read_labels(data: Path) -> list[tuple[str, str, int]]:
    rows = []
    for line in (data / "labels.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            rows.append((parts[0], parts[1], int(parts[2])))
    return rows


def score(data: Path, out: Path, rows: list[tuple[str, str, int]]) -> dict:
    """Accuracy and the placement of passages for ``rows`` (suspicious, source, label)."""
    right = tp = fp = pos = neg = inside = 0
    cover: list[float] = []
    for susp, src, label in rows:
        xml = out / pan_filename(susp, src)
        feats = read_pan_xml(xml) if xml.is_file() else []
        flagged = bool(feats)
        pos += label
        neg += 1 - label
        tp += flagged and label
        fp += flagged and not label
        right += flagged == bool(label)
        if flagged and label:
            n_susp = len((data / "susp" / susp).read_text(encoding="utf-8"))
            n_src = len((data / "src" / src).read_text(encoding="utf-8"))
            inside += all(
                f["this_offset"] >= 0
                and f["this_offset"] + f["this_length"] <= n_susp
                and f["source_offset"] >= 0
                and f["source_offset"] + f["source_length"] <= n_src
                for f in feats
            )
            spans = sorted((f["this_offset"], f["this_offset"] + f["this_length"]) for f in feats)
            covered, end = 0, 0
            for a, b in spans:
                covered += max(0, b - max(a, end))
                end = max(end, b)
            cover.append(covered / max(1, n_susp))
    return {
        "pairs": len(rows),
        "accuracy": right / max(1, len(rows)),
        "tpr": tp / max(1, pos),
        "fpr": fp / max(1, neg),
        "inside": f"{inside}/{tp}",
        "coverage": sum(cover) / max(1, len(cover)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help=f"the {DATASET} folder")
    ap.add_argument("--half", choices=("tune", "held-out", "both"), default="both")
    ap.add_argument("--jobs", type=int, help="passed to unspin pan --jobs")
    ap.add_argument("--model", help="passed to unspin pan --model")
    ap.add_argument("--lexical-only", action="store_true", help="passed to unspin pan")
    ap.add_argument("--keep", type=Path, help="write the XML here instead of a temporary folder")
    args = ap.parse_args(argv)

    data = args.data or shared_dir() / "data" / DATASET
    if not (data / "labels.tsv").is_file():
        print(f"vroniplag: no data at {data}; skipping (set UNSPIN_SHARED or --data)")
        return 0
    halves = ("tune", "held-out") if args.half == "both" else (args.half,)
    rows = [r for r in read_labels(data) if half_of(r[0]) in halves]
    with tempfile.TemporaryDirectory(prefix="unspin-vroniplag-") as tmp:
        pairs_file = Path(tmp) / "pairs"
        pairs_file.write_text("".join(f"{s} {r}\n" for s, r, _ in rows), encoding="utf-8")
        out = args.keep or Path(tmp) / "out"
        out.mkdir(parents=True, exist_ok=True)
        cmd = unspin_command() + ["pan", str(pairs_file), str(data / "src")]
        cmd += [str(data / "susp"), str(out)]
        if args.lexical_only:
            cmd.append("--lexical-only")
        if args.model:
            cmd += ["--model", args.model]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        print("running:", shlex.join(cmd), flush=True)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd)
        if proc.returncode not in (0, 2):
            print(f"vroniplag: unspin pan failed ({proc.returncode})", file=sys.stderr)
            return 1
        print(f"pairs: {len(rows)}  time: {time.perf_counter() - t0:.1f} s")
        print(
            "| half | pairs | accuracy | true pairs flagged | false pairs flagged "
            "| flagged true pairs with every passage inside | fragment covered |"
        )
        print("|---|---|---|---|---|---|---|")
        for half in halves:
            s = score(data, out, [r for r in rows if half_of(r[0]) == half])
            print(
                f"| {half} | {s['pairs']} | {s['accuracy']:.3f} | {s['tpr']:.3f} "
                f"| {s['fpr']:.3f} | {s['inside']} | {s['coverage']:.1%} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
