"""`unspin index add|stats|remove`: build and maintain a folder of possible sources."""

from __future__ import annotations

import json
import sys

from unspin.cli import add_format, open_output


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
        help="embedding model of a new index (default: the packaged minilm-int8)",
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
    add.set_defaults(func=_add)

    stats = verbs.add_parser("stats", help="what the index holds")
    _index_arg(stats)
    add_format(stats, ("text", "json"))
    stats.set_defaults(func=_stats)

    rm = verbs.add_parser("remove", help="remove documents by id, path or URL")
    rm.add_argument("refs", nargs="+", metavar="ID|PATH|URL")
    _index_arg(rm)
    rm.set_defaults(func=_remove)

    p.set_defaults(func=lambda args: p.print_help(sys.stderr) or 2)


def _index_arg(p) -> None:
    p.add_argument("--index", "-i", required=True, metavar="DIR", help="the index folder")


def _add(args) -> int:
    from unspin.index import Index

    with Index(args.index, write=True, model=args.model, lexical_only=args.lexical_only) as idx:
        report = idx.add(
            args.paths, extract=not args.no_extract, progress=not args.quiet and sys.stderr.isatty()
        )
        total = idx.store.count()
    for err in report.errors:
        print(f"unspin: skipped {err}", file=sys.stderr)
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

    with Index(args.index) as idx:
        st = idx.stats()
    if args.format == "json":
        write_output(args.output, json.dumps(st) + "\n")
    else:
        write_output(args.output, "".join(f"{k:18} {v}\n" for k, v in st.items()))
    return 0


def _remove(args) -> int:
    from unspin.index import Index

    with Index(args.index, write=True, create=False, lexical_only=True) as idx:
        removed, missing = idx.remove(args.refs)
    for ref in missing:
        print(f"unspin: {ref}: not in the index", file=sys.stderr)
    print(f"removed {removed} documents")
    return 2 if missing else 0
