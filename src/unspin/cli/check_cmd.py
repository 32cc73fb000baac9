"""`unspin check FILE... --index DIR`: find the sources of texts in an index, passage by passage.

All queries of one call share the loaded model and the opened index. A query that cannot be
read or checked is reported (stderr, and an ``error`` record in json/jsonl) and the others are
still checked; the exit status is then 2.
"""

from __future__ import annotations

import json
import sys

from unspin.cli import add_format, add_input_format, check_output, warn
from unspin.cli.index_cmd import write_output
from unspin.errors import IndexFolderError, UnspinError


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="find the sources of texts in an index",
        description="Retrieve candidate sources from an index (lexical fingerprints and sentence "
        "embeddings), align the best with the compare engine, rank them by what they explain.",
        epilog="example: unspin check article.txt --index sources.idx --top 5 --format jsonl",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="texts or pages to check ('-': stdin)")
    p.add_argument("--index", "-i", required=True, metavar="DIR", help="the index folder")
    p.add_argument("--top", "-k", type=int, default=5, help="sources to report per query (5)")
    p.add_argument(
        "--align",
        type=int,
        default=None,
        help="candidates to align with compare at most (default max(2*top, 12))",
    )
    p.add_argument(
        "--model-align",
        type=int,
        default=None,
        metavar="N",
        help="align the best N candidates with the model, the rest lexically (3)",
    )
    p.add_argument(
        "--lexical-only", action="store_true", help="no embeddings: faster, misses heavy paraphrase"
    )
    p.add_argument("--no-extract", action="store_true", help="read HTML queries as they are")
    add_format(p, ("text", "json", "jsonl", "html"))
    add_input_format(p)
    p.set_defaults(func=run)


def one_line(text: str) -> str:
    from unspin.report.sanitize import one_line as safe

    return safe(text)


def _load(path: str, input_format: str):
    from unspin.pipeline import load_document

    return load_document(path, extract=False, input_format=input_format)


def run(args) -> int:
    from unspin.api import check_in
    from unspin.index import Index

    if args.top < 1:
        raise UnspinError("--top must be at least 1")
    check_output(args.output)
    results: list[dict] = []
    failed = 0
    extra = {"model_align": args.model_align}
    with Index(args.index) as idx:
        for path in args.files:
            try:
                found = check_in(
                    idx,
                    _load(path, args.input_format),
                    top=args.top,
                    whole=args.no_extract,
                    align=args.align,
                    lexical_only=args.lexical_only,
                    **extra,
                )
                warn(path, found.query.warnings)
                res = found.to_dict()
                res["path"] = path
            except IndexFolderError:
                raise  # the index, not this query: the others would fail the same way
            except UnspinError as err:
                print(f"unspin: error: {one_line(str(err))}", file=sys.stderr)
                failed += 1
                res = {"path": path, "error": str(err), "sources": []}
            results.append(res)
            if args.format == "jsonl" and args.output == "-":
                sys.stdout.write(json.dumps(res) + "\n")
                sys.stdout.flush()
    if args.format == "jsonl":
        if args.output != "-":
            write_output(args.output, "".join(json.dumps(r) + "\n" for r in results))
    elif args.format == "json":
        write_output(
            args.output, json.dumps({"index": args.index, "queries": results}, indent=1) + "\n"
        )
    elif args.format == "html":
        write_output(args.output, render_html(results))
    else:
        write_output(args.output, render_text(results))
    return 2 if failed else 0


def render_text(results: list[dict]) -> str:
    lines = []
    for r in results:
        lines.append(f"{one_line(r['path'])}:")
        if r.get("error"):
            lines.append(f"  error: {one_line(r['error'])}")
        elif not r["sources"]:
            lines.append("  no source found")
        for rank, s in enumerate(r["sources"], 1):
            cov = s["coverage"]
            lines.append(
                f"  {rank}. {one_line(str(s['path']))} (id {s['id']})  score {s['score']:.3f}  "
                f"explains {cov['suspicious']:.0%} of the query, "
                f"{cov['source']:.0%} of the source, "
                f"{len(s['passages'])} passages"
            )
            for g in s.get("same_text_in", []):  # the same passages, equally well, elsewhere
                lines.append(f"     same text in {one_line(str(g['path']))} (id {g['id']})")
    return "\n".join(lines) + "\n"


def render_html(results: list[dict]) -> str:
    from unspin.report.sanitize import escape_html as e

    rows = []
    for r in results:
        rows.append(f"<h2>{e(r['path'])}</h2>")
        if r.get("error"):
            rows.append(f"<p class=error>{e(r['error'])}</p>")
            continue
        if not r["sources"]:
            rows.append("<p>No source found.</p>")
            continue
        rows.append(
            "<table><tr><th>#</th><th>source</th><th>score</th><th>query explained</th>"
            "<th>source used</th><th>passages</th></tr>"
        )
        for i, s in enumerate(r["sources"], 1):
            cov = s["coverage"]
            same = "".join(
                f"<br>same text in {e(str(g['path']))} (id {g['id']})"
                for g in s.get("same_text_in", [])
            )
            rows.append(
                f"<tr><td>{i}</td><td>{e(str(s['path']))} (id {s['id']}){same}</td>"
                f"<td>{s['score']:.3f}</td><td>{cov['suspicious']:.0%}</td>"
                f"<td>{cov['source']:.0%}</td><td>{len(s['passages'])}</td></tr>"
            )
        rows.append("</table>")
    return (
        "<!doctype html><html><head><meta charset=utf-8><title>unspin check</title><style>"
        "body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .5em}.error{color:#b00}</style></head><body>"
        "<h1>unspin check</h1>" + "\n".join(rows) + "</body></html>\n"
    )
