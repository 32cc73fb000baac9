"""Indexing cost per document: `index add` of PAN 2013 training sources with static vectors (the
default), with MiniLM vectors (``--model minilm-int8``) and lexical-only.

Prints documents per second of wall time and per CPU-second of this process (on a shared machine
the wall time depends on the other jobs; the CPU time does not).

    python benchmarks/index_cost.py [--shared ../shared] [--docs 400] [--model-docs 40]

Needs the ``shared`` folder (skips with a notice when absent).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from index_recall import PAN, shared_dir  # noqa: E402


def measure(files: list[Path], folder: Path, **options) -> dict:
    from unspin.index import Index

    with Index(folder, write=True, **options) as idx:
        if idx.embedder is not None:
            idx.embedder.encode(["load the model before timing"])
        t0, c0 = time.monotonic(), time.process_time()
        rep = idx.add([str(f) for f in files])
        wall, cpu = time.monotonic() - t0, time.process_time() - c0
        model = idx.store.model or "lexical-only"
    return {
        "vectors": model,
        "documents": rep.added,
        "wall_s": round(wall, 1),
        "docs_per_s": round(rep.added / wall, 1),
        "cpu_s": round(cpu, 1),
        "docs_per_cpu_s": round(rep.added / cpu, 1),
        "sentences_embedded": rep.sentences_embedded,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=None)
    ap.add_argument("--docs", type=int, default=400, help="documents for static and lexical")
    ap.add_argument("--model-docs", type=int, default=40, help="documents for MiniLM vectors")
    args = ap.parse_args()
    src = shared_dir(args.shared) / PAN / "src"
    if not src.exists():
        print(f"index_cost: skipped, no training data at {src}")
        return 0
    files = sorted(src.iterdir())[1000 : 1000 + args.docs]
    with tempfile.TemporaryDirectory(prefix="unspin-cost-") as tmp:
        for name, opts, n in [
            ("static", {}, args.docs),
            ("lexical", {"lexical_only": True}, args.docs),
            ("minilm", {"model": "minilm-int8"}, args.model_docs),
        ]:
            print(json.dumps(measure(files[:n], Path(tmp) / name, **opts)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
