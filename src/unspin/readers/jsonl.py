"""JSON Lines corpora (one record a line, as crawls and dataset dumps ship them).

Each record needs a ``text`` or an ``html`` field; ``id``, ``url``, ``title``, ``date`` and
``path`` are kept when present, other fields go to ``metadata``. A bad line is reported as an
InputError naming ``FILE:LINE`` and the rest of the file is still read.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator

from unspin.document import Document
from unspin.errors import InputError
from unspin.readers.text import MAX_BYTES

_KEPT = ("id", "url", "title", "date", "path")
#: Longest line read: one record is one document, and a document is at most this large.
MAX_LINE = MAX_BYTES


def is_jsonl(path: str | os.PathLike) -> bool:
    name = str(path).lower()
    return name.endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def iter_jsonl(path: str | os.PathLike) -> Iterator[Document | InputError]:
    """Documents of a ``.jsonl`` (or ``.jsonl.gz``) file, bad records as InputError: a
    ``text`` record is a ``record`` (used as given), an ``html`` one an ``html`` Document.

    Reading is bounded: a line over :data:`MAX_LINE` bytes is skipped (in chunks) and named;
    damaged compressed data ends the file with one InputError, the records before it kept.
    """
    name = str(path)
    try:
        fh = gzip.open(name, "rb") if name.lower().endswith(".gz") else open(name, "rb")
    except OSError as err:
        yield InputError(name, f"cannot read ({err.strerror or err})")
        return
    n = 0
    with fh:
        try:
            while line := fh.readline(MAX_LINE + 1):
                n += 1
                if len(line) > MAX_LINE and not line.endswith(b"\n"):
                    _skip_rest_of_line(fh)
                    limit = f"{MAX_LINE // 2**20} MB"
                    yield InputError(f"{name}:{n}", f"line longer than {limit}: skipped")
                    continue
                if line.strip():
                    yield _record(line.decode("utf-8", errors="replace"), f"{name}:{n}")
        except (OSError, EOFError, zlib.error) as err:
            why = " ".join(str(err).split())[:100] or type(err).__name__
            yield InputError(name, f"corrupt or truncated data after line {n} ({why})")


def _skip_rest_of_line(fh) -> None:
    while chunk := fh.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return


def _record(line: str, where: str) -> Document | InputError:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(where, f"not valid JSON ({err.msg})")
    if not isinstance(rec, dict):
        return InputError(where, "record is not a JSON object")
    text, html = rec.get("text"), rec.get("html")
    if isinstance(text, str) and text.strip():
        doc = Document(text=text, source="record")
    elif isinstance(html, str) and html.strip():
        doc = Document(text=html, source="html")
    else:
        return InputError(where, "record has no non-empty 'text' or 'html' field")
    for key in _KEPT:
        if isinstance(rec.get(key), str | int) and str(rec[key]).strip():
            setattr(doc, key, str(rec[key]))
    doc.path = doc.path or (None if doc.url else where)
    doc.id = doc.id or doc.url or where
    doc.metadata.update({k: v for k, v in rec.items() if k not in _KEPT + ("text", "html")})
    return doc
