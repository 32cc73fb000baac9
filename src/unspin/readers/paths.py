"""Turn command-line paths into input files, and tell what kind of file each one is.

Folders are walked recursively in sorted order (hidden entries skipped) so a batch is
reproducible; a subfolder that cannot be read is an error in the batch, never skipped in
silence. Archives are recognised by content: a ``.warc`` may be gzipped or not. (Whether a
file is text or HTML is decided in ``readers.kind_of``: by name first, so a ``.txt`` that
mentions ``<p>`` stays text.)
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from unspin.errors import InputError
from unspin.readers.text import not_a_file

GZIP_MAGIC = b"\x1f\x8b"


def expand_paths(paths: list[str]) -> Iterator[str | InputError]:
    """Files named or found under the folders named; ``-`` passes through; missing -> error."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p)
        elif p.exists():
            problem = not_a_file(p)
            yield InputError(raw, problem) if problem else raw
        else:
            yield InputError(raw, "no such file or folder")


def _walk(root: Path) -> Iterator[str | InputError]:
    found = False
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append):
        found = found or bool(unreadable)
        yield from _folder_errors(unreadable)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith("."):
                found = True
                path = str(Path(dirpath) / f)
                problem = not_a_file(path)
                yield InputError(path, problem) if problem else path
    found = found or bool(unreadable)
    yield from _folder_errors(unreadable)
    if not found:
        yield InputError(str(root), "folder holds no files")


def _folder_errors(errors: list[OSError]) -> Iterator[InputError]:
    while errors:
        err = errors.pop(0)
        why = err.strerror or str(err)
        yield InputError(str(err.filename), f"cannot read folder ({why}): its files are not read")


def sniff(path: str) -> str:
    """``warc``, ``gzip`` or ``plain`` from the first bytes of a file (not for ``-``)."""
    from unspin.readers.warc import is_warc_head

    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None
    if head.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as g:
                inner = g.read(64)
        except (OSError, EOFError, zlib.error):
            inner = b""
        if is_warc_head(inner) or path.lower().endswith((".warc.gz", ".arc.gz")):
            return "warc"
        return "gzip"
    if is_warc_head(head):
        return "warc"
    return "plain"


def gunzip(data: bytes, name: str, max_bytes: int) -> bytes:
    """Decompress a gzip file held in memory, refusing truncated data and zip bombs."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, max_bytes + 1)
    except zlib.error as err:
        raise InputError(name, f"corrupt gzip data ({err})") from None
    if len(out) > max_bytes:
        raise InputError(name, f"too large once decompressed (over {max_bytes // 2**20} MB)")
    if not d.eof:
        raise InputError(name, "truncated gzip data")
    return out
