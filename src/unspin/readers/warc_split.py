"""Find the records of an uncompressed WARC file without trusting any one Content-Length.

warcio follows each record's ``Content-Length`` blindly: a record without one swallows the
rest of the archive, and an inflated one makes it read into the next record and print raw
archive bytes on stderr. Here every record is checked (its content ends where the next record,
or the file, begins) and a record that fails is counted as lost while reading resumes at the
next ``WARC/1.x`` line, so one damaged record costs one record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

#: A record's header block larger than this is damage, not a header.
MAX_HEADER = 64 * 1024
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_TYPE = re.compile(rb"^warc-type:[ \t]*([\w-]+)", re.IGNORECASE | re.MULTILINE)
_NEXT = re.compile(rb"\nWARC/1\.\d\r?\n")


@dataclass
class Record:
    """One record whose length checks out: its header block and where its content lies."""

    offset: int
    header: bytes
    rec_type: str
    body_start: int
    length: int


@dataclass
class Lost:
    """A damaged stretch of the file, from ``offset``; ``why`` says what was wrong."""

    offset: int
    why: str


def split_records(f: BinaryIO, size: int) -> Iterator[Record | Lost]:
    """The records of a seekable, uncompressed WARC file of ``size`` bytes, in order."""
    pos = 0
    while pos < size:
        f.seek(pos)
        head = f.read(MAX_HEADER)
        blank = len(head) - len(head.lstrip(b"\r\n"))
        pos += blank
        head = head[blank:]
        if not head:
            return
        if not head.startswith(b"WARC/"):
            nxt = _next_record(f, pos, size)
            yield Lost(pos, "data that is not a WARC record")
            pos = nxt
            continue
        end = head.find(b"\r\n\r\n")
        if end < 0:
            yield Lost(pos, "a header with no end")
            pos = _next_record(f, pos + 1, size)
            continue
        header = head[:end]
        body_start = pos + end + 4
        m = _LENGTH.search(header)
        why = ""
        if m is None:
            why = "no Content-Length"
        elif body_start + int(m.group(1)) > size:
            why = "a Content-Length past the end of the file"
        elif not _ends_at(f, body_start + int(m.group(1)), size):
            why = "a wrong Content-Length"
        if why:
            yield Lost(pos, why)
            pos = _next_record(f, body_start, size)
            continue
        t = _TYPE.search(header)
        rec_type = t.group(1).decode("ascii", "replace").lower() if t else ""
        yield Record(pos, header, rec_type, body_start, int(m.group(1)))
        pos = body_start + int(m.group(1))


def _ends_at(f: BinaryIO, end: int, size: int) -> bool:
    """True when a record's content ending at ``end`` is followed by its blank lines (or by
    the end of the file): a wrong length lands there only by chance."""
    if end == size:
        return True
    f.seek(end)
    return f.read(4) == b"\r\n\r\n"


def _next_record(f: BinaryIO, start: int, size: int) -> int:
    """Offset of the next ``WARC/1.x`` line at or after ``start`` (``size`` if none)."""
    pos = max(0, start - 1)
    while pos < size:
        f.seek(pos)
        chunk = f.read(1 << 20)
        if not chunk:
            break
        m = _NEXT.search(chunk)
        if m:
            return pos + m.start() + 1
        if pos + len(chunk) >= size:
            break
        pos += len(chunk) - 16  # overlap: a boundary may straddle two chunks
    return size
