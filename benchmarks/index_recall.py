"""Source retrieval benchmark: does `unspin check` find every listed source in a library of thousands?

Index: every source document of the PAN 2013 training corpus (3,230), the extract-dev pages (HTML)
and the founding case's source. Queries: suspicious documents of every kind of reuse (verbatim,
random, round-trip translation, summary; the ``pairs-KIND`` files give each query's sources),
checked through :func:`unspin.api.check_in`, the loop ``unspin check`` runs (``--same-path``
shows the command and the call report the same sources). Queries are split by a hash of the
suspicious document's name into a tune half and a held-out half; both are printed.

Per kind: listed sources among the ``--top`` (20) reported, and within the top max(5, n) (n: the
query's listed sources), where a listed source also counts as found when a reported document in
the top max(5, n) holds its reused passages (a near-duplicate: the same text in another file);
check latency p50/p95 and indexing documents/s.

    python benchmarks/index_recall.py [--shared ../shared] [--index DIR] [--lexical-only]
                                      [--per-kind N] [--top 20] [--details FILE]

Needs the ``shared`` folder beside the project (or --shared / $UNSPIN_SHARED); exits 0 with a
notice when it is absent. ``--index DIR`` keeps (and on later runs reuses) the built index.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAN = "data/pan13-train"
KINDS = {"none": "verbatim", "random": "random", "translation": "translation", "summary": "summary"}


def shared_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("UNSPIN_SHARED") or ROOT.parent / "shared")


def build(index_dir: Path, shared: Path, lexical_only: bool, model: str | None = None) -> dict:
    """Index the sources the way ``unspin index add`` does (Index.add)."""
    from unspin.index import Index

    inputs = [
        shared / PAN / "src",
        shared / "data/extract-dev/html",
        shared / "cases/ingenuity/source.txt",
    ]
    t0, c0 = time.monotonic(), time.process_time()
    with Index(index_dir, write=True, lexical_only=lexical_only, model=model) as idx:
        rep = idx.add([str(p) for p in inputs], progress=sys.stderr.isatty())
        stats = idx.stats()
    secs, cpu = time.monotonic() - t0, time.process_time() - c0
    return {
        "added": rep.added,
        "duplicates": rep.duplicates,
        "errors": len(rep.errors),
        "seconds": round(secs, 1),
        "docs_per_s": round(rep.added / secs, 2) if secs else None,
        # On a shared machine wall time depends on the other processes; CPU time does not.
        "cpu_seconds": round(cpu, 1),
        "docs_per_cpu_s": round(rep.added / cpu, 2) if cpu else None,
        "sentences_embedded": rep.sentences_embedded,
        **stats,
    }


def half(name: str) -> str:
    """'tune' or 'held-out', fixed by the name alone."""
    return "tune" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "held-out"


def queries(shared: Path, per_kind: int) -> list[dict]:
    """Suspicious documents per kind (at most ``per_kind`` each, picked by name hash)."""
    pan = shared / PAN
    out = []
    for kind, label in KINDS.items():
        truth: dict[str, set[str]] = defaultdict(set)
        for line in (pan / f"pairs-{kind}").read_text().split("\n"):
            if line.strip():
                susp, src = line.split()
                # Most summary pairs are documents with no reuse case at all (truth XML
                # without a plagiarism feature): a listed source is one with a case.
                if reused_passages(shared, susp, src):
                    truth[susp].add(src)
        names = sorted(truth, key=lambda s: hashlib.sha1(s.encode()).hexdigest())
        for s in sorted(names[:per_kind] if per_kind else names):
            out.append({"path": pan / "susp" / s, "kind": label, "truth": truth[s]})
    out.append(
        {"path": shared / "cases/ingenuity/suspicious.txt", "kind": "case", "truth": {"source.txt"}}
    )
    return out


def reused_passages(shared: Path, susp: str, src: str) -> list[str]:
    """The source passages a PAN truth file says ``susp`` reuses from ``src``."""
    f = shared / PAN / "truth" / f"{susp[:-4]}-{src[:-4]}.xml"
    if not f.exists():
        return []
    text = (shared / PAN / "src" / src).read_text(encoding="utf-8", errors="replace")
    out = []
    for feat in re.findall(r"<feature[^>]*>", f.read_text()):
        a = re.search(r'source_offset="(\d+)"', feat)
        n = re.search(r'source_length="(\d+)"', feat)
        if 'name="plagiarism"' in feat and a and n:
            out.append(text[int(a.group(1)) : int(a.group(1)) + int(n.group(1))])
    return out


def shingles(text: str, n: int = 40) -> set[str]:
    t = " ".join(text.split())
    return {t[i : i + n] for i in range(0, max(1, len(t) - n + 1))}


def holds(passages: list[str], text: str) -> bool:
    """``text`` holds (at least half of) the passages verbatim: a near-duplicate source."""
    want = set().union(*(shingles(p) for p in passages)) if passages else set()
    return bool(want) and len(want & shingles(text)) >= 0.5 * len(want)


#: An unlisted reported document sharing this many 50-character shingles (~200 characters)
#: verbatim with the query is a real source the pairs files leave out (the PAN suspicious
#: documents reuse text from unlisted documents of the same collection as well).
SHARED_SHINGLES = 150


def crowded(truth: set[str], names: list[str], texts: list[str], query: str, top: int) -> int:
    """Listed sources missing from a full list of ``top`` reported documents that are all
    real sources (listed, or sharing verbatim text with the query): no room was left."""
    missing = len(truth - set(names))
    if not missing or len(names) < top:
        return 0
    q = shingles(query, 50)
    for name, text in zip(names, texts, strict=True):
        if name not in truth and len(q & shingles(text, 50)) < SHARED_SHINGLES:
            return 0
    return missing


def same_path(index_dir: Path, q: dict, top: int, lexical_only: bool) -> dict:
    """The sources ``unspin check`` prints for one query, and those of the API call."""
    from unspin.api import check

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _common import unspin_command

    cmd = [*unspin_command(), "check", str(q["path"]), "--index", str(index_dir)]
    cmd += ["--top", str(top), "--format", "json"] + (["--lexical-only"] if lexical_only else [])
    out = subprocess.run(cmd, capture_output=True, text=True)
    data = json.loads(out.stdout)
    rows = data["queries"][0]
    cli = [Path(s.get("path") or s.get("url") or "").name for s in rows["sources"]]
    api = check(q["path"], index_dir, top=top, lexical_only=lexical_only)
    return {
        "query": q["path"].name,
        "command": cli,
        "api": [Path(s.document.path or "").name for s in api.sources],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=None)
    ap.add_argument("--index", default=None, help="index folder to build or reuse")
    ap.add_argument("--lexical-only", action="store_true", help="no embeddings (index and check)")
    ap.add_argument("--model", default=None, help="vectors of a new index (default: static)")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--per-kind", type=int, default=60, help="queries per kind (0: all)")
    ap.add_argument("--kinds", default=",".join(KINDS.values()), help="kinds of reuse checked")
    ap.add_argument("--half", choices=["tune", "held-out", "both"], default="both")
    ap.add_argument("--same-path", action="store_true", help="also compare with `unspin check`")
    ap.add_argument("--details", default=None, help="write one JSON line per query here")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    if not (shared / PAN / "pairs-none").exists():
        print(f"index_recall: skipped, no training data at {shared / PAN}")
        return 0

    from unspin.api import check_in
    from unspin.errors import InputError
    from unspin.index import Index

    tmp = None
    if args.index:
        index_dir = Path(args.index)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="unspin-recall-")
        index_dir = Path(tmp.name) / "idx"
    if not (index_dir / "index.sqlite").exists():
        print(
            "indexing:",
            json.dumps(build(index_dir, shared, args.lexical_only, args.model)),
            flush=True,
        )
    else:
        print(f"indexing: reusing {index_dir}")

    kinds = set(args.kinds.split(",")) | {"case"}
    qs = [
        q
        for q in queries(shared, args.per_kind)
        if args.half in ("both", half(q["path"].name)) and q["kind"] in kinds
    ]
    with Index(index_dir) as idx:
        q = "SELECT path FROM docs WHERE path IS NOT NULL"
        indexed = {Path(r[0]).name for r in idx.store.con.execute(q)}
    # A few PAN sources are garbage bytes that the reader refuses: no method can report them.
    unindexed = sum(len(q["truth"] - indexed) for q in qs)
    for q in qs:
        q["truth"] = q["truth"] & indexed
    qs = [q for q in qs if q["truth"]]
    # (half, kind) -> counters
    tally: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    lat: list[float] = []
    refused: list[str] = []
    first_case = None
    details = open(args.details, "w") if args.details else None
    with Index(index_dir) as idx:
        if not args.lexical_only:
            idx.embedder.encode(["warm up the model"])
            _ = idx.ann
        for q in qs:
            path, truth = q["path"], q["truth"]
            t0 = time.monotonic()
            try:
                res = check_in(idx, path, top=args.top, lexical_only=args.lexical_only)
            except InputError as err:
                refused.append(str(err))
                continue
            lat.append(time.monotonic() - t0)
            names = [Path(s.document.path or s.document.url or "").name for s in res.sources]
            # A source grouped under a reported one (the same text in another file) is reported.
            groups = [
                {nm}
                | {
                    Path(g.document.path or g.document.url or "").name
                    for g in getattr(s, "same", [])
                }
                for nm, s in zip(names, res.sources, strict=True)
            ]
            reported = set().union(*groups) if groups else set()
            n = len(truth)
            k = max(5, n)
            found = truth & set().union(set(), *groups[:k])
            for src in truth - found:  # a near-duplicate of it reported in the top max(5, n)
                passages = reused_passages(shared, path.name, src)
                if any(
                    nm not in truth and holds(passages, s.document.text)
                    for nm, s in zip(names[:k], res.sources[:k], strict=True)
                ):
                    found = found | {src}
            crowd = crowded(
                truth, names, [s.document.text for s in res.sources], res.query.text, args.top
            )
            if q["kind"] == "case":
                first_case = names[:3]
            for h in (half(path.name), "all"):
                t = tally[h, q["kind"]]
                t["queries"] += 1
                t["pairs"] += n
                t["listed"] += len(truth & reported)
                t["crowded"] += crowd
                t["top_k"] += len(found)
                t["first"] += bool(names[:1] and names[0] in truth)
            if details:
                row = {"query": path.name, "kind": q["kind"], "truth": sorted(truth)}
                row.update(ranked=names, seconds=round(lat[-1], 3))
                details.write(json.dumps(row) + "\n")
    lat.sort()
    table = {}
    for (h, kind), t in sorted(tally.items()):
        if kind == "case":
            continue
        table.setdefault(h, {})[kind] = {
            "queries": int(t["queries"]),
            "pairs": int(t["pairs"]),
            f"listed among {args.top}": round(t["listed"] / t["pairs"], 3),
            f"listed among {args.top}, or crowded out by unlisted verbatim sources": round(
                (t["listed"] + t["crowded"]) / t["pairs"], 3
            ),
            "within top max(5,n)": round(t["top_k"] / t["pairs"], 3),
            "source first": round(t["first"] / t["queries"], 3),
        }
    summary = {
        "mode": "lexical-only" if args.lexical_only else "full",
        "index_documents": None,
        "by_half": table,
        "listed sources not indexed (refused by the reader)": unindexed,
        "queries refused": refused,
        "founding case top 3": first_case,
        "check latency p50 s": round(statistics.median(lat), 3),
        "check latency p95 s": round(lat[int(0.95 * (len(lat) - 1))], 3),
    }
    with Index(index_dir) as idx:
        summary["index_documents"] = idx.count()
    print("checking:", json.dumps(summary, indent=1))
    if args.same_path:
        print("same path:", json.dumps(same_path(index_dir, qs[0], args.top, args.lexical_only)))
    if details:
        details.close()
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
