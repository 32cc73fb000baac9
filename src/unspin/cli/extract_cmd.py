"""`unspin extract PATH...`: the article of each page, as text, JSON or JSON lines.

Inputs may be HTML in any encoding, WARC/WARC.gz archives, flattened page dumps, plain
articles, folders (walked recursively) or ``-`` for standard input. Bad files do not stop the
batch: they are listed at the end and the exit status is 2.
"""

from __future__ import annotations

import json
import sys

from unspin.cli import add_format, add_input_format, check_output, open_output, warn
from unspin.document import Document
from unspin.errors import InputError

#: ``source_format`` of the JSON record, by ``Document.source`` (the names of the JSON schema).
SOURCE_FORMAT = {"text": "text", "html": "html", "article": "html", "record": "jsonl"}

#: Show a progress bar from this many inputs on, even when stderr is not a terminal.
PROGRESS_FROM = 50


def register(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="keep the article of web pages, drop menus, ads, related links, comments",
        description=(
            "Find the main text of HTML pages, WARC archives, pages flattened to one line of "
            "text, plain articles or folders of them. Plain prose comes back whole."
        ),
        epilog="example: unspin extract page.html crawl.warc.gz dumps/ --format jsonl",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, WARC, or - for stdin")
    add_format(p, ("text", "json", "jsonl"))
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    add_input_format(p)
    p.set_defaults(func=run)


def document_record(doc: Document) -> dict:
    """The JSON object of one extracted document (``spans`` point into the original text)."""
    from unspin.extractors import main_text

    rec: dict = {"path": doc.path or doc.id or "-", "text": main_text(doc)}
    for key in ("url", "title", "date"):
        value = getattr(doc, key)
        if value:
            rec[key] = value
    rec["source_format"] = SOURCE_FORMAT[doc.source]
    if doc.main is not None:
        rec["spans"] = [list(s) for s in doc.main]
        rec["original_chars"] = len(doc.text)
    if doc.metadata.get("warning"):
        rec["warning"] = doc.metadata["warning"]
    return rec


def run(args) -> int:
    from unspin.pipeline import iter_documents
    from unspin.readers.paths import expand_paths
    from unspin.report.sanitize import for_terminal, one_line

    check_output(args.output)
    n_files = sum(1 for _ in expand_paths(args.paths))
    out = open_output(args.output)
    tty = out is sys.stdout and sys.stdout.isatty()
    errors: list[InputError] = []
    records: list[dict] = []
    bar = _progress(args, n_files)
    try:
        for item in iter_documents(args.paths, input_format=args.input_format):
            if bar is not None:
                bar.update(1)
            if isinstance(item, InputError):
                errors.append(item)
                continue
            rec = document_record(item)
            warn(rec["path"], item.warnings)
            if args.format == "jsonl":
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            elif args.format == "json":
                records.append(rec)
            else:
                if tty:  # a page's text may hold escape sequences meant for a terminal
                    rec = {**rec, "text": for_terminal(rec["text"])}
                header = n_files > 1 or "warc_record_id" in item.metadata
                _write_text(out, rec, header=header)
        if args.format == "json":
            json.dump(records, out, ensure_ascii=False, indent=2)
            out.write("\n")
        out.flush()
    finally:
        if bar is not None:
            bar.close()
        if out is not sys.stdout:
            out.close()
    if errors:
        print(f"unspin: {len(errors)} input(s) could not be read:", file=sys.stderr)
        for err in errors:
            print(f"  {one_line(str(err))}", file=sys.stderr)
        return 2
    return 0


def _write_text(out, rec: dict, header: bool) -> None:
    """Plain text: the article; with several documents each is preceded by a header line."""
    if header:
        from unspin.report.sanitize import one_line

        out.write(f"==> {one_line(rec.get('url') or rec['path'])} <==\n")
    out.write(rec["text"].rstrip() + "\n")
    if header:
        out.write("\n")


def _progress(args, n_files: int):
    """A tqdm bar on stderr when it is a terminal or the batch is large; else None."""
    if args.no_progress or n_files <= 1:
        return None
    if not (sys.stderr.isatty() or n_files >= PROGRESS_FROM):
        return None
    from tqdm import tqdm

    return tqdm(desc="extract", unit="doc", file=sys.stderr, leave=False)
