"""`unspin crawl INPUT... --out DIR`: every reuse in a crawl, on Apache Spark.

`unspin crawl show OUT PAIR_ID` prints one found pair side by side (or writes its HTML page).
"""

from __future__ import annotations

import argparse
import sys

EXAMPLE = """examples:
  unspin crawl crawl.warc.gz dumps/ pages/ --out found/
  unspin crawl crawl/ --sources my-articles/ --out found/          # where are my articles copied?
  unspin crawl s3a://bucket/warcs/ --master spark://host:7077 --out /shared/found
  unspin crawl show found/ 3f2a9c0d1b7e
Needs unspin[spark] (pyspark) and Java 17 or 21. With no --master, an embedded local[*] session.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "crawl",
        help="find every reused page in WARC / JSONL / folders / Parquet (Apache Spark)",
        description=__doc__,
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files and folders to crawl")
    p.add_argument("--out", help="output folder (tables, report.html; kept for resuming)")
    p.add_argument("--master", help="Spark master URL (default: embedded local[*])")
    p.add_argument(
        "--sources",
        nargs="+",
        default=[],
        metavar="PATH",
        help="only pairs of (a page under these paths, another page)",
    )
    p.add_argument("--format", choices=("parquet", "jsonl"), default="parquet")
    p.add_argument("--lexical-only", action="store_true", help="align with no model (fastest)")
    p.add_argument("--model", metavar="NAME_OR_PATH", help="embedding model for the alignment")
    p.add_argument("--max-df", type=int, default=50, help="skip fingerprints in more documents")
    p.add_argument("--min-shared", type=int, default=3, help="shared fingerprints for a candidate")
    p.add_argument("--per-document", type=int, default=5, help="candidates kept per document")
    p.add_argument(
        "--min-score",
        type=float,
        default=2.0,
        help="candidate score (rare fingerprints weigh more)",
    )
    p.add_argument("--html", metavar="FILE", help="show: write the pair's HTML report here")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from unspin.errors import UnspinError

    if args.inputs[0] == "show":
        if len(args.inputs) != 3:
            raise UnspinError("usage: unspin crawl show OUT PAIR_ID")
        return _show(args.inputs[1], args.inputs[2], args)
    if not args.out:
        raise UnspinError("unspin crawl: --out DIR is required")
    from unspin.crawl import run as crawl

    counts = crawl(
        args.inputs,
        args.out,
        master=args.master,
        sources=args.sources,
        fmt=args.format,
        lexical_only=args.lexical_only,
        model=args.model,
        max_df=args.max_df,
        min_shared=args.min_shared,
        per_document=args.per_document,
        min_score=args.min_score,
        quiet=args.quiet,
    )
    print(
        f"{counts['documents']} documents, {counts['pairs']} pairs in {counts['clusters']} "
        f"clusters, {counts['skipped']} skipped: {args.out}/report.html"
    )
    return 0


def _show(out: str, pair_id: str, args) -> int:
    import os

    from unspin.crawl import show
    from unspin.crawl.report import origin_lines
    from unspin.errors import InputError
    from unspin.report.text import clean, render_text

    if not os.path.isdir(os.path.join(out, "pairs")):
        raise InputError(out, "not a crawl output folder (no pairs table)")
    found = show(out, pair_id, master=args.master)
    if found is None:
        raise InputError(out, f"no pair {pair_id!r}")
    comp, pair = found
    if args.html:
        from unspin.report.html import render_html

        with open(args.html, "w", encoding="utf-8") as f:
            f.write(render_html(comp))
    names = {pair["doc_a"]: comp.source.name, pair["doc_b"]: comp.suspicious.name}
    width = max(140, __import__("shutil").get_terminal_size((140, 24)).columns)
    sys.stdout.write(render_text(comp, width=width))
    sys.stdout.write("\n".join(clean(x) for x in origin_lines(pair, names)) + "\n")
    return 0
