"""The ``unspin`` command: one sub-command per verb, each in its own module.

Exit status: 0 done (whether or not reuse was found: scripts read the output), 2 bad input or
usage (a one-line message on standard error), 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys

from unspin.errors import UnspinError

#: Modules that each define ``register(subparsers)``; their parser sets ``func(args) -> int``.
VERBS = ("compare", "pan", "extract", "index", "check", "serve", "crawl")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="unspin",
        description="Find where a rewritten text came from, passage by passage.",
        epilog="examples:\n"
        "  unspin compare examples/ingenuity/source.txt examples/ingenuity/suspicious.txt\n"
        "  unspin extract page.html --format jsonl\n"
        "  unspin index add sources/ --index lib.idx && unspin check copy.txt --index lib.idx\n"
        "\nexit status: 0 done, 2 bad input or usage, 130 interrupted",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from unspin import __version__

    parser.add_argument("--version", action="version", version=f"unspin {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        importlib.import_module(f"unspin.cli.{verb}_cmd").register(sub)
    return parser


def quiet_libraries() -> None:
    """The command's own logging policy, set once per process: the libraries' chatter about
    broken markup (trafilatura, htmldate) is not for users; unspin reports what it could not
    read itself. The API leaves logging to the application that imports it."""
    import logging

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    quiet_libraries()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UnspinError as err:
        from unspin.report.sanitize import one_line

        print(f"unspin: error: {one_line(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("unspin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str = "text"):
    parser.add_argument(
        "--format",
        "-f",
        choices=choices,
        default=default,
        help=f"output format (default {default})",
    )
    parser.add_argument("--output", "-o", default="-", help="write here instead of standard output")


def add_input_format(parser: argparse.ArgumentParser) -> None:
    """``--input-format``: how files are read (a ``.txt`` is text unless asked otherwise)."""
    parser.add_argument(
        "--input-format",
        choices=("auto", "text", "html"),
        default="auto",
        help="read files as text or HTML; auto (default): .txt is text, .html is HTML, other "
        "files by their content",
    )


def warn(name: str, warnings: list[str]) -> None:
    """Each warning about a document on its own line of stderr, made safe to print."""
    from unspin.report.sanitize import one_line

    for w in warnings:
        print(f"unspin: warning: {one_line(name)}: {one_line(w)}", file=sys.stderr)


def check_output(path: str) -> None:
    """Refuse an output path that cannot be written before any work is done (one line, exit 2)."""
    import os

    from unspin.errors import InputError

    if path == "-":
        return
    parent = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise InputError(path, "output is a folder; give a file name")
    if not os.path.isdir(parent):
        raise InputError(path, f"output folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise InputError(path, "output is not writable")


def open_output(path: str):
    """Standard output for ``-``, else the file (UTF-8)."""
    if path == "-":
        return sys.stdout
    return open(path, "w", encoding="utf-8")
