"""Readers turn files, standard input and archives into :class:`~unspin.document.Document`.

They read bytes, decode them (all charset decisions: ``readers.decode``) and say what kind of
input each document is (``Document.source``); they never extract. ``read_file`` reads one file
and raises on bad input; ``read_files`` reads a batch (folders, WARC archives, JSON Lines) and
yields errors instead of raising, so one bad file never stops the others. Reading then
extracting is ``unspin.pipeline``.
"""

from __future__ import annotations

from collections.abc import Iterator

from unspin.document import Document
from unspin.errors import InputError
from unspin.readers.decode import bytes_look_like_html, decode_bytes, decode_html, looks_like_html
from unspin.readers.text import MAX_BYTES, read_bytes, read_document

__all__ = [
    "MAX_BYTES",
    "decode_bytes",
    "decode_document",
    "decode_html",
    "looks_like_html",
    "read_document",
    "read_file",
    "read_files",
    "text_document",
]


def text_document(text: str, name: str = "") -> Document:
    """A Document of text given as a string: markup (``looks_like_html``) is ``html``."""
    return Document(text=text, id=name, source="html" if looks_like_html(text) else "text")


def decode_document(data: bytes, name: str) -> Document:
    """A file's bytes (text or HTML, any encoding, gzipped or not) as a Document named ``name``."""
    from unspin.readers.paths import GZIP_MAGIC, gunzip

    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name, MAX_BYTES)
    if bytes_look_like_html(data):
        return Document(text=decode_html(data, name), id=name, source="html")
    return Document(text=decode_bytes(data, name), id=name, source="text")


def read_file(path: str) -> Document:
    """One file (or ``-``) as a Document, not extracted.

    Raises InputError for anything that is not one readable page or text: missing, empty,
    binary, too large, truncated gzip, or a WARC archive (many pages: use ``read_files``).
    """
    from unspin.readers.paths import GZIP_MAGIC, gunzip
    from unspin.readers.warc import is_warc_head

    name = str(path)
    data = read_bytes(name)
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name, MAX_BYTES)
    if is_warc_head(data[:64]):
        raise InputError(name, "is a WARC archive of many pages: use `unspin extract` on it")
    doc = decode_document(data, name)
    doc.path = None if name == "-" else name
    return doc


def read_files(paths: list[str]) -> Iterator[Document | InputError]:
    """Documents of every file, folder (recursively), WARC record and JSON Lines record
    (``.jsonl``, ``.jsonl.gz``, ``.ndjson``) named, in order, not extracted.

    Bad files come out as InputError objects (not raised) so a batch goes on past them.
    """
    from unspin.readers.jsonl import is_jsonl, iter_jsonl
    from unspin.readers.paths import expand_paths, sniff

    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if item != "-" and is_jsonl(item):  # named, or found in a folder
            yield from iter_jsonl(item)
            continue
        try:
            kind = "plain" if item == "-" else sniff(item)
            if kind == "warc":
                yield from _read_warc(item)
                continue
            yield read_file(item)
        except InputError as err:
            yield err


def _read_warc(path: str) -> Iterator[Document | InputError]:
    import os

    from unspin.readers.paths import GZIP_MAGIC
    from unspin.readers.warc import gzip_intact_until, iter_warc, iter_warc_file

    try:
        with open(path, "rb") as f:
            if f.read(2) != GZIP_MAGIC:
                yield from iter_warc_file(f, path, os.fstat(f.fileno()).st_size)
                return
            f.seek(0)
            good_until, damage = gzip_intact_until(path)
            yield from iter_warc(f, path, good_until=good_until, damage=damage)
    except OSError as err:
        yield InputError(path, f"cannot read ({err.strerror or err})")
