"""Scale benchmark: indexing throughput, check latency, disk and memory at 10,000 and 100,000 docs.

Starts from the real dev documents (every PAN 2013 training source, the extract-dev pages, the
founding case's source: benchmarks/index_recall.py's index), then grows the index with synthetic
documents made of real sentences: each is 10-30 sentences drawn at random from the indexed dev
documents. At each size it checks a fixed set of
queries in a fresh process (model loaded once, then timed per query) and prints docs/s, latency
p50/p95, recall of the known sources, disk size and peak memory.

Because synthetic documents reuse dev sentences, their vectors come from the sentence cache: the
growth phase measures fingerprinting, the embedding-cache lookups and the SQLite/ANN writes, not
the embedding (index_recall.py's ``docs_per_cpu_s`` gives that on the real documents).

    python benchmarks/index_scale.py [--sizes 10000,100000] [--work DIR] [--seed-index DIR]

``--seed-index DIR`` copies an index built by benchmarks/index_recall.py instead of building the
real part again. Needs the ``shared`` folder (skips with a notice when absent).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def _maxrss_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited on exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


def _noisy(text: str, rnd: random.Random) -> str:
    """A crude rewrite: every word has a 1 in 5 chance to be dropped, and neighbours swap."""
    words = text.split()
    out = [w for w in words if rnd.random() > 0.2]
    for i in range(0, len(out) - 1, 7):
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def make_queries(index_dir: Path, shared: Path, n: int = 20, sentences: int = 8) -> list[dict]:
    """The founding case, plus noisy excerpts of ``sentences`` sentences of indexed news pages
    (truth: that page)."""
    from unspin.index import Index
    from unspin.index.build import evidence_sentences

    rnd = random.Random(11)
    qs = [
        {
            "name": "ingenuity",
            "text": (shared / "cases/ingenuity/suspicious.txt").read_text(),
            "truth": None,
        }
    ]
    with Index(index_dir) as idx:
        q = "SELECT id, path FROM docs WHERE path LIKE '%.html' OR path LIKE '%source.txt'"
        rows = idx.store.con.execute(q + " ORDER BY id").fetchall()
        for doc_id, path in rows:
            if path.endswith("source.txt"):
                qs[0]["truth"] = doc_id
        pages = [r for r in rows if r[1].endswith(".html")]
        rnd.shuffle(pages)
        for doc_id, path in pages:
            sents = evidence_sentences(idx.store.document(doc_id))
            if len(sents) < sentences + 4:
                continue
            start = rnd.randrange(0, len(sents) - sentences)
            text = " ".join(_noisy(s, rnd) for s in sents[start : start + sentences])
            qs.append({"name": Path(path).name, "text": text, "truth": doc_id})
            if len(qs) > n:
                break
    return qs


def grow(index_dir: Path, target: int, seed: int = 5) -> dict:
    """Add synthetic documents until the index holds ``target``; returns timing."""
    from unspin.document import Document
    from unspin.index import Index
    from unspin.index.build import evidence_sentences

    with Index(index_dir, write=True) as idx:
        have = idx.store.count()
        pool: list[str] = []
        for (doc_id,) in idx.store.con.execute(
            "SELECT id FROM docs WHERE path IS NOT NULL"
        ).fetchall():
            pool.extend(evidence_sentences(idx.store.document(doc_id)))
        pool = [s for s in dict.fromkeys(pool) if len(s) < 400]
        rnd = random.Random(seed + have)
        _ = idx.ann  # load and catch up before timing

        def docs():
            for i in range(have, target):
                k = rnd.randint(10, 30)
                # Blank lines keep the sentence boundaries, so the vectors come from the cache.
                yield Document(
                    text="\n\n".join(rnd.sample(pool, k)),
                    id=f"synthetic-{i}",
                    url=f"synthetic://{i}",
                )

        t0 = time.monotonic()
        rep = idx.add(docs(), progress=sys.stderr.isatty())
        secs = time.monotonic() - t0
        n = idx.store.count()
    return {
        "documents": n,
        "added": rep.added,
        "seconds": round(secs, 1),
        "docs_per_s": round(rep.added / secs, 1) if secs else None,
        "ms_per_doc": round(1000 * secs / max(1, rep.added), 2),
        "sentences_embedded": rep.sentences_embedded,
        "pool_sentences": len(pool),
        "indexer_peak_rss_mb": round(_maxrss_mb()),
    }


def check_run(index_dir: Path, queries_file: Path, lexical_only: bool) -> dict:
    """Run in a fresh process: open, load the model, then time each query."""
    from unspin.document import Document
    from unspin.index import Index

    qs = json.loads(queries_file.read_text())
    t0 = time.monotonic()
    lat, hit1, hit5, n_truth = [], 0, 0, 0
    with Index(index_dir) as idx:
        if not lexical_only:
            idx.embedder.encode(["load the model"])
            _ = idx.ann
        open_s = time.monotonic() - t0
        for q in qs:
            t = time.monotonic()
            res = idx.check(
                Document(text=q["text"], id=q["name"]), top=5, lexical_only=lexical_only
            )
            lat.append(time.monotonic() - t)
            ids = [s.doc_id for s in res.sources]
            if q["truth"] is not None:
                n_truth += 1
                hit1 += ids[:1] == [q["truth"]]
                hit5 += q["truth"] in ids
    lat.sort()
    return {
        "queries": len(qs),
        "open_and_load_s": round(open_s, 2),
        "p50_s": round(statistics.median(lat), 3),
        "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3),
        "recall@1": round(hit1 / max(1, n_truth), 3),
        "recall@5": round(hit5 / max(1, n_truth), 3),
        "check_peak_rss_mb": round(_maxrss_mb()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=None)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--work", default=None, help="folder for the index (default: a temp folder)")
    ap.add_argument("--seed-index", default=None, help="copy this index as the real part")
    ap.add_argument(
        "--modes",
        default="full,lexical-only",
        help="check modes measured at each size (full: embeddings in retrieval and "
        "alignment; lexical-only: fingerprints and lexical alignment only)",
    )
    ap.add_argument("--no-baseline", action="store_true", help="skip checks before growing")
    ap.add_argument(
        "--query-sentences",
        type=int,
        default=8,
        help="sentences in each news excerpt query (default 8; 30 is an article's length)",
    )
    ap.add_argument("--lexical-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--check-only", nargs=2, metavar=("INDEX", "QUERIES"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.check_only:
        print(
            json.dumps(
                check_run(Path(args.check_only[0]), Path(args.check_only[1]), args.lexical_only)
            )
        )
        return 0

    from index_recall import build, shared_dir

    shared = shared_dir(args.shared)
    if not (shared / "data/pan13-train/src").exists():
        print(f"index_scale: skipped, no dev data at {shared}")
        return 0
    tmp = None if args.work else tempfile.TemporaryDirectory(prefix="unspin-scale-")
    work = Path(args.work or tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    index_dir = work / "idx"
    if not (index_dir / "index.sqlite").exists():
        if args.seed_index:
            shutil.copytree(args.seed_index, index_dir, ignore=shutil.ignore_patterns("lock"))
            print("real part: copied from --seed-index")
        else:
            print("real part:", json.dumps(build(index_dir, shared, False)), flush=True)
    n = args.query_sentences
    qfile = work / ("queries.json" if n == 8 else f"queries-{n}.json")
    if not qfile.exists():
        qfile.write_text(json.dumps(make_queries(index_dir, shared, sentences=n)))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }

    def measure(label: str, growth: dict | None) -> None:
        if growth:
            print(
                json.dumps({"size": label, **growth, "disk_mb": round(_disk_mb(index_dir), 1)}),
                flush=True,
            )
        for mode in args.modes.split(","):
            cmd = [sys.executable, __file__, "--check-only", str(index_dir), str(qfile)]
            if mode == "lexical-only":
                cmd.append("--lexical-only")
            out = subprocess.run(cmd, capture_output=True, text=True, env=env)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                raise SystemExit(out.returncode)
            row = {"size": label, "mode": mode, **json.loads(out.stdout.strip().splitlines()[-1])}
            print(json.dumps(row), flush=True)

    if not args.no_baseline:
        measure("real", None)
    for size in (int(s) for s in re.split(r"[, ]+", args.sizes) if s):
        measure(str(size), grow(index_dir, size))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
