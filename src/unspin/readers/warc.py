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
    total_size: int | None = None,
    good_until: int | None = None,
    damage: str = "",
) -> Iterator[Document | InputError]:
    """HTML response records of a WARC stream as ``html`` Documents (not extracted).

    Non-HTML records (requests, metadata, images) are skipped silently; damaged records end
    the file with one InputError naming how many records were read before the damage.
    ``good_until`` (records) is where a damaged gzip file stops being usable; ``total_size``
    lets a record that claims more bytes than the file holds be recognised as cut.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from unspin.readers.decode import decode_html

    count = last_end = 0
    try:
        it = ArchiveIterator(stream, arc2warc=True)
        for record in it:
            if good_until is not None and count >= good_until:
                break
            declared = int(record.rec_headers.get_header("Content-Length") or 0)
            data = b""
            wanted = record.rec_type in ("response", "resource")
            if wanted:
                data = record.content_stream().read(MAX_BYTES + 1)
            # (asking for the offset reads the rest of the record, so only after the content)
            if total_size is not None:
                if it.get_record_offset() + declared > total_size:
                    damage = damage or "truncated WARC record"
                    break
                last_end = it.get_record_offset() + it.get_record_length()
            count += 1
            if not wanted:
                continue
            ctype = ""
            if record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type") or ""
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if not ctype.lower().startswith(_HTML_TYPES):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            rid = record.rec_headers.get_header("WARC-Record-ID") or str(count)
            label = f"{name}#{url or count}"
            if len(data) > MAX_BYTES:
                yield InputError(label, f"record too large (over {MAX_BYTES // 2**20} MB)")
                continue
            if not data.strip():
                yield InputError(label, "empty response record")
                continue
            try:
                text = decode_html(data, label)
            except InputError as err:
                yield err
                continue
            date = record.rec_headers.get_header("WARC-Date")
            yield Document(
                text=text,
                id=label,
                path=name,
                url=url,
                date=date,
                source="html",
                metadata={"warc_record_id": rid, "content_type": ctype},
            )
        if total_size is not None and not damage and total_size - last_end > 4:
            damage = "unreadable data after the last whole record"
        if good_until is not None or damage:
            yield InputError(name, f"{damage or 'damaged data'} ({count} records read before it)")
    except ArchiveLoadFailed as err:
        yield InputError(name, f"broken WARC record after {count} records ({_short(err)})")
    except (EOFError, zlib.error, OSError) as err:
        yield InputError(name, f"truncated or corrupt WARC after {count} records ({_short(err)})")
    except Exception as err:  # warcio fails in many ways on malformed headers
        yield InputError(name, f"malformed WARC record after {count} records ({_short(err)})")


def _short(err: BaseException) -> str:
    msg = " ".join(str(err).split()) or type(err).__name__
    return msg[:120]
