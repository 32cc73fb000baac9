"""Read one file (or standard input) into a Document, refusing what is not text."""

from __future__ import annotations

import sys
from pathlib import Path

from unspin.document import Document
from unspin.errors import InputError

#: Inputs larger than this are refused: a text of 64 MB is a corpus, not a document.
MAX_BYTES = 64 * 1024 * 1024


def decode_bytes(data: bytes, name: str) -> str:
    """Decode bytes as text; UTF-8 first (with BOM), then UTF-16 by BOM, then cp1252.

    Raises InputError for empty or binary data, so every caller gets the same one-line message.
    """
    if not data.strip():
        raise InputError(name, "empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(name, f"not valid UTF-16 text ({err.reason})") from None
    head = data[:65536]
    utf16 = _bomless_utf16(head)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as err:
            raise InputError(name, f"not valid UTF-16 text ({err.reason})") from None
    # A stray NUL in a long text (seen in PAN 2013 documents) is not a binary file.
    if head.count(b"\x00") > len(head) // 2000 or _control_ratio(head) > 0.05:
        raise InputError(name, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise InputError(
            name, f"mis-encoded text: neither UTF-8 nor cp1252 ({err.reason})"
        ) from None
    return text


def _bomless_utf16(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the bytes look like mostly-ASCII UTF-16 with no byte-order
    mark (Windows exports): a NUL in nearly every other byte, and only there."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) == 0:
            return codec
    return None


def _control_ratio(data: bytes) -> float:
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(1, len(data))


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Bytes of a file or of standard input (``-``), with size and access checked."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        try:
            if p.is_dir():
                raise InputError(name, "is a folder, not a file")
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(
                    name, f"too large ({size / 1e6:.0f} MB; limit {max_bytes // 2**20} MB)"
                )
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(name, "no such file") from None
        except PermissionError:
            raise InputError(name, "permission denied") from None
        except IsADirectoryError:
            raise InputError(name, "is a folder, not a file") from None
        except OSError as err:
            raise InputError(name, f"cannot read ({err.strerror or err})") from None
    if len(data) > max_bytes:
        raise InputError(name, f"too large (over {max_bytes // 2**20} MB)")
    return data


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """A plain-text Document of a file, ``-`` meaning standard input."""
    name = str(path)
    text = decode_bytes(read_bytes(path, max_bytes), name)
    return Document(text=text, id=name, path=None if name == "-" else name)
