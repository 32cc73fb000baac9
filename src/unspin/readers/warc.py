"""WARC / WARC.gz archives: each HTML response record becomes a Document with its URL.

A crawl archive is read as a stream (warcio), record by record, so a 10 GB file costs no more
memory than one page. A broken or truncated archive yields an InputError for the rest of the
file instead of raising: the records before the damage are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from unspin.document import Document
from unspin.errors import InputError
from unspin.readers.text import MAX_BYTES

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_head(head: bytes) -> bool:
    """True when the first bytes (already gunzipped) open a WARC record."""
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def gzip_intact_until(path: str) -> tuple[int | None, str]:
    """How many gzip members of a file are whole (None if all), and what is wrong after them.

    warcio reads a truncated .warc.gz without complaint and hands out the cut record, so the
    file is checked first (zlib, about 1 ms per MB). A WARC.gz holds one record per member,
    so records from that index on are not used.
    """
    good = 0
    members = 0
    pos = 0
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                while chunk:
                    try:  # output bounded: 1 MB of zeros may inflate to 1 GB
                        d.decompress(chunk, 1 << 22)
                    except zlib.error as err:
                        return members, f"corrupt gzip data ({err})"
                    if d.eof:
                        pos += len(chunk) - len(d.unused_data)
                        good = pos
                        members += 1
                        chunk = d.unused_data
                        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    else:
                        pos += len(chunk) - len(d.unconsumed_tail)
                        chunk = d.unconsumed_tail
    except OSError as err:
        return members, f"cannot read ({err.strerror or err})"
    if pos > good:
        return members, "truncated gzip data"
    return None, ""


def iter_warc(
    stream: BinaryIO,
    name: str,
    *,
    good_until: int | None = None,
    damage: str = "",
) -> Iterator[Document | InputError]:
    """HTML response records of a WARC.gz stream as ``html`` Documents (not extracted).

    Non-HTML records (requests, metadata, images) are skipped silently; damaged records end
    the file with one InputError naming how many records were read before the damage.
    ``good_until`` (records) is where a damaged gzip file stops being usable. (One gzip member
    holds one record, so a wrong length stays inside its member; uncompressed files are read
    by :func:`iter_warc_file`.)
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            if good_until is not None and count >= good_until:
                break
            count += 1
            item = _document(record, name, count)
            if item is not None:
                yield item
        if good_until is not None or damage:
            yield InputError(name, f"{damage or 'damaged data'} ({count} records read before it)")
    except ArchiveLoadFailed as err:
        yield InputError(name, f"broken WARC record after {count} records ({_short(err)})")
    except (EOFError, zlib.error, OSError) as err:
        yield InputError(name, f"truncated or corrupt WARC after {count} records ({_short(err)})")
    except Exception as err:  # warcio fails in many ways on malformed headers
        yield InputError(name, f"malformed WARC record after {count} records ({_short(err)})")


def iter_warc_file(f: BinaryIO, name: str, size: int) -> Iterator[Document | InputError]:
    """HTML response records of an uncompressed WARC file, each record's length checked
    (``readers.warc_split``): damaged records are skipped, counted and reported in one line
    at the end; the records after them are still read."""
    import io

    from warcio.archiveiterator import ArchiveIterator

    from unspin.readers.warc_split import Lost, split_records

    count = 0
    lost: list[Lost] = []
    for piece in split_records(f, size):
        if isinstance(piece, Lost):
            lost.append(piece)
            continue
        count += 1
        if piece.rec_type not in _WANTED:
            continue
        label = f"{name}#{count}"
        if piece.length > MAX_BYTES:
            yield InputError(label, f"record too large (over {MAX_BYTES // 2**20} MB)")
            continue
        f.seek(piece.body_start)
        raw = piece.header + b"\r\n\r\n" + f.read(piece.length) + b"\r\n\r\n"
        try:
            record = next(iter(ArchiveIterator(io.BytesIO(raw), arc2warc=True)))
            item = _document(record, name, count)
        except Exception as err:  # warcio fails in many ways on malformed headers
            item = InputError(label, f"malformed WARC record ({_short(err)})")
        if item is not None:
            yield item
    if lost:
        whys = sorted({x.why for x in lost})
        where = ", ".join(str(x.offset) for x in lost[:5]) + (", ..." if len(lost) > 5 else "")
        yield InputError(
            name,
            f"{len(lost)} damaged WARC record(s) skipped ({'; '.join(whys)}; at byte {where}); "
            f"{count} records read",
        )


_WANTED = ("response", "resource")


def _document(record, name: str, count: int) -> Document | InputError | None:
    """The Document of an HTML response record, an InputError, or None (not a page)."""
    from unspin.readers.decode import decode_page

    if record.rec_type not in _WANTED:
        return None
    data = record.content_stream().read(MAX_BYTES + 1)
    if record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    if not ctype.lower().startswith(_HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    rid = record.rec_headers.get_header("WARC-Record-ID") or str(count)
    label = f"{name}#{url or count}"
    if len(data) > MAX_BYTES:
        return InputError(label, f"record too large (over {MAX_BYTES // 2**20} MB)")
    if not data.strip():
        return InputError(label, "empty response record")
    try:
        text, warnings = decode_page(data, label)
    except InputError as err:
        return err
    return Document(
        text=text,
        id=label,
        path=name,
        url=url,
        date=record.rec_headers.get_header("WARC-Date"),
        source="html",
        metadata={"warc_record_id": rid, "content_type": ctype},
        warnings=warnings,
    )


def _short(err: BaseException) -> str:
    msg = " ".join(str(err).split()) or type(err).__name__
    return msg[:120]
