"""`unspin crawl` on PAN13-train as one pile: are the true pairs found, and their originals?

Every source document and the suspicious documents of one half (``--half``, split by the
suspicious document's name as in benchmarks/pan13.py; ``--suspicious N`` takes a fixed sample of
them) go into one crawl, through the public API (``unspin.crawl.run``, what the command runs).
The truth is the PAN pairs files: recall of the true pairs by kind, the share of ``pairs-noplag``
suspicious documents that appear in any reported pair (every such pair is false), passage
plagdet of the true pairs found (PAN truth XML against the crawl's passages), and how often
the original named is the PAN source (wrong and undecided are counted apart).

``--distractors N`` adds N documents that reuse nothing, for the scale runs: each is 600 words
drawn one by one from the word frequencies of the PAN sources (seeded), so they share common
word pairs with everything, as real unrelated pages do, but no passage.

    .venv/bin/python benchmarks/crawl.py --half held-out --lexical-only --out /tmp/crawl-pan
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402
from pan13 import half_of  # noqa: E402

from unspin.eval.pan_xml import read_pan_xml  # noqa: E402
from unspin.eval.plagdet import Case, plagdet_score  # noqa: E402
from unspin.pan import read_pairs  # noqa: E402

KINDS = ("none", "random", "translation", "summary", "noplag")


def make_distractors(src_dir: Path, folder: Path, n: int, seed: int = 13) -> None:
    """``n`` texts of 600 words drawn from the sources' unigram frequencies."""
    counts: Counter = Counter()
    for path in sorted(src_dir.glob("*.txt"))[:400]:
        counts.update(re.findall(r"[A-Za-z]+", path.read_text(encoding="utf-8", errors="replace")))
    words, weights = zip(*counts.most_common(30000))
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        path = folder / f"distractor-{i:06d}.txt"
        if path.exists():
            continue
        sentences = []
        for _ in range(40):
            sent = rng.choices(words, weights, k=15)
            sentences.append(" ".join(sent).capitalize() + ".")
        path.write_text(" ".join(sentences), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=shared_dir() / "data" / "pan13-train")
    ap.add_argument("--half", choices=("tune", "held-out", "both"), default="held-out")
    ap.add_argument("--suspicious", type=int, help="a fixed sample of this many suspicious docs")
    ap.add_argument(
        "--other-sources",
        type=int,
        help="with --suspicious: the sources of the sampled pairs plus this many others "
        "(a fixed sample) instead of all 3,230",
    )
    ap.add_argument("--distractors", type=int, default=0)
    ap.add_argument("--lexical-only", action="store_true")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    argv = sys.argv[1:] if argv is None else argv
    if not args.data.exists():
        print(f"skipped: {args.data} not found", file=sys.stderr)
        return 0
    truth = {k: read_pairs(args.data / f"pairs-{k}") for k in KINDS}
    susp = sorted({s for pairs in truth.values() for s, _ in pairs})
    susp = [s for s in susp if args.half == "both" or half_of(s) == args.half]
    if args.suspicious:
        susp = sorted(susp, key=lambda s: __import__("zlib").crc32(s.encode()))[: args.suspicious]
    chosen = set(susp)
    inputs = [str(args.data / "src")]
    if args.other_sources is not None:
        mine = {r for pairs in truth.values() for s, r in pairs if s in chosen}
        rest = sorted(p.name for p in (args.data / "src").glob("*.txt") if p.name not in mine)
        rest = sorted(rest, key=lambda n: __import__("zlib").crc32(n.encode()))
        picked = sorted(mine) + rest[: args.other_sources]
        inputs = [str(args.data / "src" / n) for n in picked]
    inputs += [str(args.data / "susp" / s) for s in susp]
    if args.distractors:
        folder = args.out.parent / f"distractors-{args.distractors}"
        make_distractors(args.data / "src", folder, args.distractors)
        inputs.append(str(folder))
    import unspin.crawl
    from unspin.crawl.report import read_table
    from unspin.crawl.session import spark_session

    spark = spark_session(args.master)
    start = time.monotonic()
    counts = unspin.crawl.run(inputs, str(args.out), spark=spark, lexical_only=args.lexical_only)
    wall = time.monotonic() - start
    docs = {r["doc_id"]: Path(r["name"]).name for r in read_table(spark, args.out, "documents").select("doc_id", "name").collect()}  # fmt: skip
    pairs = [r.asDict() for r in read_table(spark, args.out, "pairs").drop("evidence").collect()]
    names = set(docs.values())
    found = {}
    for p in pairs:
        a, b = docs[p["doc_a"]], docs[p["doc_b"]]
        found[frozenset((a, b))] = (p, a, b)
    result: dict = {"documents": counts["documents"], "suspicious": len(susp), "args": argv}
    result.update({k: counts[k] for k in ("candidate_pairs", "pairs", "skipped")})
    result["seconds"] = round(wall, 1)
    result["docs_per_second"] = round(counts["documents"] / wall, 2)
    right = wrong = undecided = 0
    found_true: list[tuple[dict, str, str]] = []
    for kind in KINDS:
        want = [(s, r) for s, r in truth[kind] if s in chosen]
        if kind == "noplag":
            in_pairs = {n for key in found for n in key}
            noplag_docs = {s for s, _ in want}
            hit = len(noplag_docs & in_pairs)
            result["noplag_docs_in_a_pair"] = f"{hit}/{len(noplag_docs)}"
            reported = sum(1 for p in want if frozenset(p) in found)
            result["noplag_pairs_reported"] = f"{reported}/{len(want)}"
            continue
        hits = [(found[frozenset(p)], p) for p in want if frozenset(p) in found]
        result[f"recall_{kind}"] = round(len(hits) / max(1, len(want)), 4)
        result[f"pairs_{kind}"] = len(want)
        # pairs whose two files the readers accepted (a few PAN files are refused as binary)
        readable = [p for p in want if set(p) <= names]
        result[f"recall_{kind}_of_read"] = round(len(hits) / max(1, len(readable)), 4)
        for (row, a, b), (s, r) in hits:
            found_true.append((row, s, r))
            orig = {row["doc_a"]: a, row["doc_b"]: b}.get(row["original"])
            if orig is None:
                undecided += 1
            elif orig == r:
                right += 1
            else:
                wrong += 1
    total = max(1, right + wrong + undecided)
    result["original_right"] = round(right / total, 4)
    result["original_wrong"] = round(wrong / total, 4)
    result["original_undecided"] = round(undecided / total, 4)
    result["plagdet_found_pairs"] = _plagdet(spark, args, found_true, docs)
    print(json.dumps(result, indent=1))
    (args.out / "benchmark.json").write_text(json.dumps(result, indent=1))
    return 0


def _plagdet(spark, args, found_true, docs) -> dict:
    from pyspark.sql import functions as F

    from unspin.crawl.report import read_table

    ids = [row["pair_id"] for row, _, _ in found_true]
    roles = {row["pair_id"]: (row, s, r) for row, s, r in found_true}
    table = read_table(spark, args.out, "passages").filter(F.col("pair_id").isin(ids))
    dets = []
    for p in table.collect():
        row, s, r = roles[p["pair_id"]]
        a_is_susp = docs[row["doc_a"]] == s
        so, sl = (p["a_offset"], p["a_length"]) if a_is_susp else (p["b_offset"], p["b_length"])
        ro, rl = (p["b_offset"], p["b_length"]) if a_is_susp else (p["a_offset"], p["a_length"])
        dets.append(Case(s[:-4], so, sl, r[:-4], ro, rl))
    cases = []
    for _, s, r in found_true:
        xml = args.data / "truth" / f"{s[:-4]}-{r[:-4]}.xml"
        if xml.exists():
            cases += [Case.from_pan(f) for f in read_pan_xml(xml)]
    sc = plagdet_score(cases, dets)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in sc.as_dict().items()}


if __name__ == "__main__":
    raise SystemExit(main())
