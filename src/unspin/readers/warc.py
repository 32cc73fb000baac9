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


def iter_warc(stream: BinaryIO, name: str) -> Iterator[Document | InputError]:
    """HTML response records of a WARC stream as raw Documents (``text`` is still HTML).

    Non-HTML records (requests, metadata, images) are skipped silently; damaged records end
    the file with one InputError naming how many records were read before the damage.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from unspin.extractors.html import decode_html

    count = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            count += 1
            if record.rec_type not in ("response", "resource"):
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
            data = record.content_stream().read(MAX_BYTES + 1)
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
                metadata={"warc_record_id": rid, "content_type": ctype},
            )
    except ArchiveLoadFailed as err:
        yield InputError(name, f"broken WARC record after {count} records ({_short(err)})")
    except (EOFError, zlib.error, OSError) as err:
        yield InputError(name, f"truncated or corrupt WARC after {count} records ({_short(err)})")
    except (ValueError, KeyError, IndexError) as err:
        yield InputError(name, f"malformed WARC record after {count} records ({_short(err)})")


def _short(err: BaseException) -> str:
    msg = " ".join(str(err).split()) or type(err).__name__
    return msg[:120]
