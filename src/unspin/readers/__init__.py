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
from unspin.readers.decode import (
    bytes_look_like_html,
    decode_bytes,
    decode_html,
    decode_page,
    decode_text,
    looks_like_html,
)
from unspin.readers.text import MAX_BYTES, read_bytes, read_document

__all__ = [
    "INPUT_FORMATS",
    "MAX_BYTES",
    "decode_bytes",
    "decode_document",
    "decode_html",
    "decode_page",
    "decode_text",
    "kind_of",
    "looks_like_html",
    "read_bytes",
    "read_document",
    "read_file",
    "read_files",
    "text_document",
]


#: What ``--input-format`` accepts: ``auto`` decides by the file's name, then its content.
INPUT_FORMATS = ("auto", "text", "html")
#: Names that say what a file is (after any ``.gz``): a ``.txt`` that mentions ``<p>`` is text.
_TEXT_NAMES = (".txt", ".text", ".md")
_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")


def kind_of(name: str, data: bytes | str, input_format: str = "auto") -> str:
    """``text`` or ``html``: as asked, else by the file's name, else by its content."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}")
    if input_format != "auto":
        return input_format
    base = name.lower().removesuffix(".gz")
    if base.endswith(_TEXT_NAMES):
        return "text"
    if base.endswith(_HTML_NAMES):
        return "html"
    if isinstance(data, str):
        return "html" if looks_like_html(data) else "text"
    return "html" if bytes_look_like_html(data) else "text"


def text_document(text: str, name: str = "", input_format: str = "auto") -> Document:
    """A Document of text given as a string (no file name to go by: markup is ``html``)."""
    return Document(text=text, id=name, source=kind_of("", text, input_format))


def decode_document(data: bytes, name: str, input_format: str = "auto") -> Document:
    """A file's bytes (text or HTML, any encoding, gzipped or not) as a Document named
    ``name``; what was odd about the bytes is in its ``warnings``."""
    from unspin.readers.paths import GZIP_MAGIC, gunzip

    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name, MAX_BYTES)
    kind = kind_of(name, data, input_format)
    text, warnings = (decode_page if kind == "html" else decode_text)(data, name)
    return Document(text=text, id=name, source=kind, warnings=warnings)


def read_file(path: str, input_format: str = "auto") -> Document:
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
    doc = decode_document(data, name, input_format)
    doc.path = None if name == "-" else name
    return doc


def read_files(paths: list[str], input_format: str = "auto") -> Iterator[Document | InputError]:
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
            yield read_file(item, input_format)
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
