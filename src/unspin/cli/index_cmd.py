"""`unspin index add|stats|remove|verify|repair`: build and maintain a folder of possible sources."""

from __future__ import annotations

import json
import sys

from unspin.cli import add_format, add_input_format, check_output, open_output


def write_output(path: str, text: str) -> None:
    """Write to ``--output`` (closing it unless it is standard output)."""
    out = open_output(path)
    try:
        out.write(text)
        out.flush()
    finally:
        if out is not sys.stdout:
            out.close()


def register(sub) -> None:
    p = sub.add_parser(
        "index",
        help="build a searchable folder of possible sources",
        description="Build and maintain an index folder for `unspin check`.",
    )
    verbs = p.add_subparsers(dest="index_verb", metavar="ACTION")

    add = verbs.add_parser(
        "add",
        help="add files, folders, WARC or JSONL files",
        description="Add documents; the same content is stored once. Safe to "
        "interrupt: re-running resumes where it stopped.",
    )
    add.add_argument("paths", nargs="+", metavar="PATH")
    _index_arg(add)
    add.add_argument(
        "--model",
        default=None,
        help="sentence vectors of a new index (default: minilm-static-128, distilled from the "
        "packaged MiniLM, ~30x cheaper to index; minilm-int8: the model itself; "
        "use-multilingual-v3: sources in other languages, docs/multilingual.md)",
    )
    add.add_argument(
        "--lexical-only",
        action="store_true",
        help="no sentence vectors: fast to build, misses heavy paraphrase",
    )
    add.add_argument(
        "--no-extract",
        action="store_true",
        help="index HTML as it is instead of extracting the main text",
    )
    add.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_format(add, ("text", "json"))
    add_input_format(add)
    add.set_defaults(func=_add)

    stats = verbs.add_parser("stats", help="what the index holds")
    _index_arg(stats)
    add_format(stats, ("text", "json"))
    stats.set_defaults(func=_stats)

    rm = verbs.add_parser("remove", help="remove documents by id, path or URL")
    rm.add_argument("refs", nargs="+", metavar="ID|PATH|URL")
    _index_arg(rm)
    rm.set_defaults(func=_remove)

    ver = verbs.add_parser(
        "verify",
        help="check that the index is whole (exit 0) or list its problems (exit 2)",
        description="Read the whole index without writing: SQLite's integrity check, the "
        "postings against their documents, the vector file against its checksum and the "
        "database. One line per problem; exit 0 whole, 2 damaged.",
        epilog="example: unspin index verify --index my.idx || unspin index repair --index my.idx",
    )
    _index_arg(ver)
    add_format(ver, ("text", "json"))
    ver.set_defaults(func=_verify)

    rep = verbs.add_parser(
        "repair",
        help="rebuild what is derived; salvage a damaged database",
        description="Rebuild the postings and the vector file from the documents. When the "
        "database itself is damaged, copy every readable document into a fresh one (same ids), "
        "keep the damaged file beside it, and say which documents were lost.",
        epilog="example: unspin index repair --index my.idx",
    )
    _index_arg(rep)
    add_format(rep, ("text", "json"))
    rep.set_defaults(func=_repair)

    p.set_defaults(func=lambda args: p.print_help(sys.stderr) or 2)


def _index_arg(p) -> None:
    p.add_argument("--index", "-i", required=True, metavar="DIR", help="the index folder")


def _add(args) -> int:
    from unspin.index import Index
    from unspin.report.sanitize import one_line

    check_output(args.output)
    with Index(args.index, write=True, model=args.model, lexical_only=args.lexical_only) as idx:
        report = idx.add(
            args.paths,
            extract=not args.no_extract,
            progress=not args.quiet and sys.stderr.isatty(),
            input_format=args.input_format,
        )
        total = idx.count()
    for warning in report.warnings:
        print(f"unspin: warning: {one_line(warning)}", file=sys.stderr)
    for err in report.errors:
        print(f"unspin: skipped {one_line(str(err))}", file=sys.stderr)
    if args.format == "json":
        write_output(args.output, json.dumps({**report.to_dict(), "documents": total}) + "\n")
    else:
        rate = report.added / report.seconds if report.seconds else 0.0
        write_output(
            args.output,
            f"added {report.added} documents ({report.duplicates} already indexed, "
            f"{len(report.errors)} unreadable) in {report.seconds:.1f} s ({rate:.1f} docs/s); "
            f"{report.sentences_embedded} sentences embedded, {report.sentences_reused} reused; "
            f"index holds {total} documents\n",
        )
    return 2 if report.errors else 0


def _stats(args) -> int:
    from unspin.index import Index

    check_output(args.output)
    with Index(args.index) as idx:
        st = idx.stats()
    if st.get("vectors_behind"):
        print(
            f"unspin: warning: index {args.index} is behind: {st['vectors_behind']} documents "
            "lack vectors in vectors.usearch (an add was interrupted, or one is running); "
            f"`unspin index repair --index {args.index}` saves them",
            file=sys.stderr,
        )
    if args.format == "json":
        write_output(args.output, json.dumps(st) + "\n")
    else:
        write_output(args.output, "".join(f"{k:18} {v}\n" for k, v in st.items()))
    return 0


def _remove(args) -> int:
    from unspin.index import Index

    with Index(args.index, write=True, create=False, lexical_only=True) as idx:
        removed, missing = idx.remove(args.refs)
    from unspin.report.sanitize import one_line

    for ref in missing:
        print(f"unspin: {one_line(ref)}: not in the index", file=sys.stderr)
    print(f"removed {removed} documents")
    return 2 if missing else 0


def _verify(args) -> int:
    from unspin.index import Index

    check_output(args.output)
    with Index(args.index) as idx:
        problems = idx.verify()
        docs = idx.count()
    if args.format == "json":
        rec = {"index": args.index, "ok": not problems, "problems": problems, "documents": docs}
        write_output(args.output, json.dumps(rec) + "\n")
    elif problems:
        write_output(args.output, "".join(f"index {args.index}: {p}\n" for p in problems))
    else:
        write_output(args.output, f"index {args.index}: ok ({docs} documents)\n")
    return 2 if problems else 0


def _repair(args) -> int:
    from unspin.index import Index

    check_output(args.output)
    with Index(args.index, write=True, create=False) as idx:
        report = idx.repair()
    if args.format == "json":
        write_output(args.output, json.dumps({"index": args.index, **report.to_dict()}) + "\n")
    else:
        write_output(args.output, report.summary(args.index) + "\n")
    return 0
