"""`unspin compare SOURCE SUSPICIOUS`: trace the suspicious text's passages to the source."""

from __future__ import annotations

import argparse
import sys

from unspin.cli import add_format, add_input_format, check_output, open_output

EXAMPLE = """example:
  unspin compare examples/ingenuity/source.txt examples/ingenuity/suspicious.txt
  unspin compare page.html copy.txt --format html -o report.html
  cat copy.txt | unspin compare source.txt - --format json
"""


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every verb that aligns documents."""
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--lexical-only",
        action="store_true",
        help="no embedding model: fastest, misses heavy paraphrase",
    )
    g.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        help="a sentence-transformers model instead of the packaged MiniLM (needs unspin[st])",
    )
    p.add_argument(
        "--thorough",
        action="store_true",
        help="let the model see every sentence pair, not only those lexical evidence "
        "leaves open (slower on long documents)",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        metavar="N",
        help="characters of text a document may hold (default 4,000,000: about 2 GB of memory "
        "for two such documents)",
    )


def register(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="find the passages of SUSPICIOUS taken from SOURCE",
        description=__doc__,
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", help="source document: text, flattened page or HTML ('-': stdin)")
    p.add_argument("suspicious", help="suspicious document ('-': stdin)")
    add_format(p, ("text", "json", "html", "pan"))
    p.add_argument(
        "--whole", action="store_true", help="compare whole documents: no main-text extraction"
    )
    add_engine_options(p)
    add_input_format(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from unspin.api import compare
    from unspin.errors import InputError
    from unspin.pipeline import load_document
    from unspin.report import render

    if args.source == "-" and args.suspicious == "-":
        raise InputError("-", "standard input can be only one of the two documents")
    check_output(args.output)
    # The command reads the files; everything after is the API's `compare`, switch for switch.
    src = load_document(args.source, extract=False, input_format=args.input_format)
    susp = load_document(args.suspicious, extract=False, input_format=args.input_format)
    result = compare(
        src,
        susp,
        whole=args.whole,
        lexical_only=args.lexical_only,
        model=args.model,
        thorough=args.thorough,
        max_chars=args.max_chars,
    )
    from unspin.report.sanitize import one_line

    for warning in result.warnings:
        print(f"unspin: warning: {one_line(warning)}", file=sys.stderr)
    out = open_output(args.output)
    try:
        color = out is sys.stdout and sys.stdout.isatty()
        out.write(render(result, args.format, color=color))
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def engine_embedder(args: argparse.Namespace):
    """The embedder the options ask for (None with --lexical-only)."""
    if args.lexical_only:
        return None
    from unspin.represent.embed import load_embedder

    return load_embedder(args.model)
