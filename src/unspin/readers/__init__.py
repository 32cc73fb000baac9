"""Readers turn files, standard input and archives into :class:`~unspin.document.Document`.

``load_document`` reads one file (HTML or text, gzipped or not) and raises on bad input;
``iter_documents`` reads a batch (folders, WARC archives) and yields errors instead of raising,
so one bad file never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterator

from unspin.document import Document
from unspin.errors import InputError
from unspin.readers.text import MAX_BYTES, decode_bytes, read_bytes, read_document

__all__ = [
    "MAX_BYTES",
    "decode_bytes",
    "decode_document",
    "iter_documents",
    "load_document",
    "read_document",
]

#: Documents extracted together, so repeats across pages of one site can be seen.
BATCH = 200


def _decode(data: bytes, name: str) -> str:
    """Text of a file; HTML (seen in its ASCII-compatible head) by its declared charset."""
    from unspin.extractors.html import decode_html, looks_like_html

    head = data[:4096].decode("latin-1")
    if "\x00" not in head and looks_like_html(head):
        return decode_html(data, name)
    return decode_bytes(data, name)


def decode_document(data: bytes, name: str) -> Document:
    """A file's bytes (text or HTML, any encoding) as a Document named ``name``, not extracted."""
    from unspin.readers.paths import GZIP_MAGIC, gunzip

    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name, MAX_BYTES)
    return Document(text=_decode(data, name), id=name)


def load_document(path: str, *, extract: bool = True) -> Document:
    """One file (or ``-``) as a Document; with ``extract`` its article is found.

    Raises InputError for anything that is not one readable page or text: missing, empty,
    binary, too large, truncated gzip, or a WARC archive (many pages: use ``iter_documents``).
    """
    from unspin.readers.paths import GZIP_MAGIC, gunzip
    from unspin.readers.warc import is_warc_head

    name = str(path)
    data = read_bytes(name)
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name, MAX_BYTES)
    if is_warc_head(data[:64]):
        raise InputError(name, "is a WARC archive of many pages: use `unspin extract` on it")
    doc = Document(text=_decode(data, name), id=name, path=None if name == "-" else name)
    if extract:
        from unspin.extractors import extract_document

        doc = extract_document(doc)
    return doc


def iter_documents(paths: list[str], *, extract: bool = True) -> Iterator[Document | InputError]:
    """Documents of every file, folder (recursively), WARC record and JSON Lines record
    (``.jsonl``, ``.jsonl.gz``, ``.ndjson``) named, in order.

    Bad files come out as InputError objects (not raised) so a batch goes on past them.
    With ``extract``, flattened pages of one site given together share their repeated text
    as a boilerplate signal.
    """
    pending: list[Document | InputError] = []
    for item in _iter_raw(paths, extract):
        pending.append(item)
        if len(pending) >= BATCH:
            yield from _finish(pending, extract)
            pending = []
    if pending:
        yield from _finish(pending, extract)


def _iter_raw(paths: list[str], extract: bool) -> Iterator[Document | InputError]:
    from unspin.readers.jsonl import is_jsonl, iter_jsonl
    from unspin.readers.paths import expand_paths, sniff
    from unspin.readers.warc import iter_warc

    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if item != "-" and is_jsonl(item):  # named, or found in a folder
            for rec in iter_jsonl(item, extract=extract):
                if isinstance(rec, Document):
                    rec.metadata["source_format"] = "jsonl"  # records come out ready
                yield rec
            continue
        try:
            kind = "plain" if item == "-" else sniff(item)
            if kind == "warc":
                yield from _read_warc(item, iter_warc)
                continue
            yield load_document(item, extract=False)
        except InputError as err:
            yield err


def _read_warc(path: str, iter_warc) -> Iterator[Document | InputError]:
    import os

    from unspin.readers.paths import GZIP_MAGIC
    from unspin.readers.warc import gzip_intact_until

    try:
        with open(path, "rb") as f:
            gz = f.read(2) == GZIP_MAGIC
            f.seek(0)
            good_until, damage = gzip_intact_until(path) if gz else (None, "")
            size = None if gz else os.fstat(f.fileno()).st_size
            for rec in iter_warc(f, path, total_size=size, good_until=good_until, damage=damage):
                if isinstance(rec, Document):
                    rec.metadata["source_format"] = "warc-html"
                yield rec
    except OSError as err:
        yield InputError(path, f"cannot read ({err.strerror or err})")


def _finish(items: list[Document | InputError], extract: bool) -> Iterator[Document | InputError]:
    if not extract:
        yield from items
        return
    from unspin.extractors import extract_document, group_site_repeats

    docs = [x for x in items if isinstance(x, Document)]
    repeats = group_site_repeats(docs)
    for x in items:
        if isinstance(x, InputError):
            yield x
            continue
        if x.metadata.get("source_format") == "jsonl":
            yield x
            continue
        try:
            if x.metadata.get("source_format") == "warc-html":
                from unspin.extractors.html import extract_html

                out = extract_html(x.text, name=x.id, url=x.url)
                out.path, out.date = x.path, out.date or x.date
                out.metadata = {**x.metadata, **out.metadata}
                yield out
            else:
                yield extract_document(x, site_repeats=repeats.get(id(x), frozenset()))
        except InputError as err:
            yield err
