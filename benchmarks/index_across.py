"""A mixed-language index: does ``check`` find a translated fragment's source in another language?

    .venv/bin/python benchmarks/index_across.py                        # both models, both halves
    .venv/bin/python benchmarks/index_across.py --model use-multilingual-v3 --half tune

Builds an index with ``unspin index add --model M`` of every source of ``vroniplag-dev``
(English, French and German dissertation sources, many on the same topics) plus the 23 pages in
eight languages of ``extract-more-dev/newspaper4k-fixtures`` (flattened pages, extracted as
``index add`` does), then checks each VroniPlag fragment against it through the public API
(``unspin.Index`` + ``unspin.api.check_in``, what ``unspin check`` runs) and reports how often
the fragment's true source is the first hit and among the first five, how often the first hit
is another document, and the time per check. Halves by suspicious document as in
benchmarks/vroniplag.py (the retrieval threshold was tuned on ``tune``). Exits 0 with a message
when the data are absent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir, unspin_command  # noqa: E402
from vroniplag import half_of, read_labels  # noqa: E402

import unspin  # noqa: E402
from unspin.api import check_in  # noqa: E402

MODELS = ("minilm-int8", "use-multilingual-v3")


def run(model: str, vp: Path, extra: list[Path], queries: list[tuple[str, str]]) -> dict:
    """Build the index with ``model`` and check every (fragment, true source) of ``queries``."""
    with tempfile.TemporaryDirectory(prefix="unspin-index-across-") as tmp:
        folder = Path(tmp) / "index"
        files = sorted((vp / "src").glob("*.txt")) + extra
        cmd = unspin_command() + ["index", "add", "-i", str(folder), "--model", model, "-q"]
        t0 = time.perf_counter()
        subprocess.run(cmd + [str(f) for f in files], check=True)
        build = time.perf_counter() - t0
        at1 = at5 = wrong1 = 0
        t0 = time.perf_counter()
        with unspin.Index(folder) as idx:
            for frag, src in queries:
                res = check_in(idx, vp / "susp" / frag, top=5)
                names = [Path(h.document.path or h.document.name).name for h in res.sources]
                at1 += bool(names) and names[0] == src
                at5 += src in names
                wrong1 += bool(names) and names[0] != src
        seconds = time.perf_counter() - t0
    n = max(1, len(queries))
    return {
        "documents": len(files),
        "build": build,
        "at1": at1 / n,
        "at5": at5 / n,
        "wrong1": wrong1 / n,
        "per_check": seconds / n,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", choices=MODELS, help="only this model (default: both)")
    ap.add_argument("--half", choices=("tune", "held-out", "both"), default="both")
    args = ap.parse_args(argv)
    vp = shared_dir() / "data" / "vroniplag-dev"
    news = shared_dir() / "data" / "extract-more-dev" / "newspaper4k-fixtures" / "flat"
    if not (vp / "labels.tsv").is_file():
        print(f"index_across: no data at {vp}; skipping (set UNSPIN_SHARED)")
        return 0
    extra = sorted(news.glob("*.txt")) if news.is_dir() else []
    halves = ("tune", "held-out") if args.half == "both" else (args.half,)
    print(
        "| model | half | queries | indexed | true source first | in top 5 | another first "
        "| s/check | build s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for model in (args.model,) if args.model else MODELS:
        for half in halves:
            queries = [(s, r) for s, r, label in read_labels(vp) if label and half_of(s) == half]
            r = run(model, vp, extra, queries)
            print(
                f"| {model} | {half} | {len(queries)} | {r['documents']} | {r['at1']:.3f} "
                f"| {r['at5']:.3f} | {r['wrong1']:.3f} | {r['per_check']:.2f} | {r['build']:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
