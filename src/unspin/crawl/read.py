"""Read stage: input files -> one row per document (article text extracted), or a skipped row.

The driver only lists files; executors read them with the project's readers (WARC, JSON Lines,
text and HTML files) and extract each page's article with the project's extractors. Parquet
inputs (a ``text`` or ``html`` column) are read by Spark and go through the same extraction.
A WARC's date is when the page was fetched: it is kept as ``crawl_date``; ``date`` is only
ever a publication date the page states (HTML meta or JSON-LD, or a record's ``date`` field).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from unspin.document import Document
from unspin.errors import InputError, UnspinError

DOC_FIELDS = (
    "doc_id", "name", "url", "site", "path", "format", "title", "date", "crawl_date",
    "text", "main", "links", "is_source", "warnings",
)  # fmt: skip
SKIP_FIELDS = ("name", "problem")
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?(https?://[^"'\s>]+)""", re.IGNORECASE)


def list_inputs(paths: list[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(files for executors, Parquet files for Spark, (name, problem) of what is missing)."""
    from unspin.readers.paths import expand_paths

    files, parquet, missing = [], [], []
    for item in expand_paths(list(paths)):
        if isinstance(item, InputError):
            missing.append((item.name, item.problem))
        elif item == "-":
            missing.append(("-", "standard input cannot be crawled: name files or folders"))
        elif item.lower().endswith(".parquet"):
            parquet.append(item)
        elif not os.path.basename(item).startswith(("_", ".")):
            files.append(item)
    return files, parquet, missing


def doc_id(name: str) -> str:
    """A stable short id of a document's name (same on every executor and run)."""
    return hashlib.sha1(name.encode("utf-8", "replace")).hexdigest()[:16]


def site_of(url: str | None, path: str | None) -> str:
    """The page's host (without www.), else the folder or file it came from."""
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if host:
            return host
    if path:
        parent = os.path.basename(os.path.dirname(path))
        return parent or os.path.basename(path)
    return ""


def read_file(path: str, source_paths: tuple[str, ...]) -> Iterator[tuple[str, dict]]:
    """("doc", row) for every document of one file, ("skip", row) for what could not be read."""
    from unspin.readers import read_files

    is_source = under(path, source_paths)
    try:
        for item in read_files([path]):
            if isinstance(item, InputError):
                yield "skip", {"name": item.name, "problem": item.problem}
                continue
            yield _extracted(item, is_source)
    except Exception as err:  # a reader bug must not fail the job: the file is listed
        yield "skip", {"name": path, "problem": f"unreadable ({type(err).__name__}: {err})"[:300]}


def read_record(rec: dict, where: str, is_source: bool) -> tuple[str, dict]:
    """A Parquet row with ``text`` or ``html`` (and optional id, url, title, date)."""
    text, html = rec.get("text"), rec.get("html")
    body = text if isinstance(text, str) and text.strip() else html
    if not isinstance(body, str) or not body.strip():
        return "skip", {"name": where, "problem": "record has no non-empty 'text' or 'html'"}
    doc = Document(text=body, id=str(rec.get("id") or rec.get("url") or where))
    doc.url = rec.get("url") or None
    doc.title = rec.get("title") or None
    doc.date = str(rec["date"]) if rec.get("date") else None
    doc.path = where
    doc.metadata["source_format"] = "parquet"
    return _extracted(doc, is_source)


def under(path: str, roots: tuple[str, ...]) -> bool:
    ap = os.path.abspath(path)
    return any(
        ap == (r := os.path.abspath(s)) or ap.startswith(r.rstrip(os.sep) + os.sep) for s in roots
    )


def _format(doc: Document) -> str:
    """Where a document came from, for the documents table (readers type their output)."""
    if doc.metadata.get("source_format") == "parquet":  # set by read_record above
        return "parquet"
    if "warc_record_id" in doc.metadata:
        return "warc-html"
    if doc.source == "record":
        return "jsonl"
    return doc.source  # text or html (a file)


def _extracted(doc: Document, is_source: bool) -> tuple[str, dict]:
    from unspin.extractors import extract_document

    name = doc.id or doc.path or "<record>"
    fmt = _format(doc)
    crawl_date = None
    if fmt == "warc-html":
        crawl_date, doc.date = doc.date, None
    links = _links(doc.text) if "<" in doc.text else []
    try:
        out = extract_document(doc) if doc.main is None else doc
    except UnspinError as err:
        return "skip", {"name": name, "problem": str(getattr(err, "problem", err))}
    except Exception as err:  # an extractor failure skips the page, not the job
        return "skip", {"name": name, "problem": f"extraction failed ({type(err).__name__})"}
    if not out.text.strip():
        return "skip", {"name": name, "problem": "no text"}
    url = out.url or doc.url
    path = doc.path or out.path
    row = {
        "doc_id": doc_id(name),
        "name": name,
        "url": url,
        "site": site_of(url, path),
        "path": path,
        "format": fmt,
        "title": out.title,
        "date": out.date or doc.date,
        "crawl_date": crawl_date,
        "text": out.text,
        "main": json.dumps(out.main) if out.main is not None else None,
        "links": links[:200],
        "is_source": is_source,
        "warnings": list(out.warnings)[:5],
    }
    return "doc", row


def _links(html: str) -> list[str]:
    seen: dict[str, None] = {}
    for m in _HREF.finditer(html):
        seen.setdefault(m.group(1), None)
    return list(seen)


def to_document(row) -> Document:
    """A document row back as the Document the engine compares (offsets into ``text``)."""
    get = row.get if isinstance(row, dict) else row.__getitem__
    main = get("main")
    return Document(
        text=get("text"),
        id=get("name"),
        url=get("url"),
        path=get("path"),
        title=get("title"),
        date=get("date"),
        main=[tuple(s) for s in json.loads(main)] if main else None,
    )
