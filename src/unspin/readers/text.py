"""Read one file (or standard input) into a Document, refusing what is not text."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from unspin.document import Document
from unspin.errors import InputError
from unspin.readers.decode import decode_text

#: Inputs larger than this are refused: a text of 64 MB is a corpus, not a document.
MAX_BYTES = 64 * 1024 * 1024


def not_a_file(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be read as a file (a device, a FIFO, a socket), or None.

    Decided by ``stat``, which never blocks: opening a FIFO with no writer waits forever, and
    ``/dev/zero`` or ``/dev/urandom`` never end.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: the read says so
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file; to read a stream, pipe it to - (stdin)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return None


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Bytes of a file or of standard input (``-``), with size, kind and access checked; never
    more than ``max_bytes + 1`` are read, whatever the file claims."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        try:
            if p.is_dir():
                raise InputError(name, "is a folder, not a file")
            problem = not_a_file(p)
            if problem:
                raise InputError(name, problem)
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(
                    name, f"too large ({size / 1e6:.0f} MB; limit {max_bytes // 2**20} MB)"
                )
            with open(p, "rb") as f:
                data = f.read(max_bytes + 1)
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
    text, warnings = decode_text(read_bytes(path, max_bytes), name)
    return Document(text=text, id=name, path=None if name == "-" else name, warnings=warnings)
