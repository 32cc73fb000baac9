"""Read one file (or standard input) into a Document, refusing what is not text."""

from __future__ import annotations

import sys
from pathlib import Path

from unspin.document import Document
from unspin.errors import InputError
from unspin.readers.decode import decode_bytes

#: Inputs larger than this are refused: a text of 64 MB is a corpus, not a document.
MAX_BYTES = 64 * 1024 * 1024


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
