"""Time limits that work in any thread: the main one, a service's worker, a Spark executor.

``signal.SIGALRM`` only reaches the main thread, so a threaded server had no limit at all. A
watchdog timer instead raises an exception *inside* the limited thread
(``PyThreadState_SetAsyncExc``), which Python delivers at the next bytecode boundary: pure-Python
work (trafilatura, the alignment loops) stops within milliseconds; a single long C call (one
lxml parse) is interrupted as soon as it returns, which bounds it by the input size limits.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Iterator


class TimeLimitExceeded(BaseException):
    """Raised inside the limited block; a BaseException so libraries' ``except Exception``
    cannot swallow it."""


def _raise_in(thread_id: int, exc: type[BaseException]) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


def _cancel_pending(thread_id: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in this thread if the block runs past ``seconds``.

    ``None`` or ``<= 0``: no limit. Nested limits each fire on their own.
    """
    if not seconds or seconds <= 0:
        yield
        return
    target = threading.get_ident()
    state = {"armed": True, "fired": False}
    guard = threading.Lock()

    def fire() -> None:
        with guard:
            if state["armed"]:
                state["fired"] = True
                _raise_in(target, TimeLimitExceeded)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with guard:
            state["armed"] = False
            timer.cancel()
            if state["fired"]:
                # Fired as the block was ending: make sure it cannot land later, elsewhere.
                _cancel_pending(target)
