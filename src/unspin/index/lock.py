"""One writer per index folder: an advisory ``flock`` on ``DIR/lock`` that names its holder.

flock is released by the kernel when the process dies (even by SIGKILL), so a crashed writer never
leaves a stale lock behind; the pid written into the file only serves the error message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from unspin.errors import IndexFolderError


class WriterLock:
    """Exclusive, non-blocking writer lock; use as a context manager or call ``release``."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / "lock"
        self._fd: int | None = None

    def acquire(self) -> WriterLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            finally:
                os.close(fd)
            raise IndexFolderError(
                f"index {self.path.parent} is locked by another writer (pid {holder}); "
                "wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def writer_active(folder: Path) -> bool:
    """Whether a writer seems to hold ``folder``'s lock, judged without touching the lock (a
    reader must not write, nor make a starting writer fail): the pid it holds is alive."""
    try:
        pid = int((Path(folder) / "lock").read_text().strip() or 0)
    except (OSError, ValueError):
        return False
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True
