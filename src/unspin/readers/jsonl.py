"""JSON Lines corpora (one record a line, as crawls and dataset dumps ship them).

Each record needs a ``text`` or an ``html`` field; ``id``, ``url``, ``title``, ``date`` and
``path`` are kept when present, other fields go to ``metadata``. A bad line is reported as an
InputError naming ``FILE:LINE`` and the rest of the file is still read.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator

from unspin.document import Document
from unspin.errors import InputError

_KEPT = ("id", "url", "title", "date", "path")


def is_jsonl(path: str | os.PathLike) -> bool:
    name = str(path).lower()
    return name.endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def iter_jsonl(path: str | os.PathLike) -> Iterator[Document | InputError]:
    """Documents of a ``.jsonl`` (or ``.jsonl.gz``) file, bad records as InputError: a
    ``text`` record is a ``record`` (used as given), an ``html`` one an ``html`` Document."""
    name = str(path)
    try:
        opener = gzip.open if name.lower().endswith(".gz") else open
        fh = opener(name, "rt", encoding="utf-8", errors="replace")
    except OSError as err:
        yield InputError(name, f"cannot read ({err.strerror or err})")
        return
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                yield _record(line, f"{name}:{n}")
        except (OSError, EOFError) as err:
            yield InputError(name, f"cannot read ({err})")


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
