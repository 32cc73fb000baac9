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


#: After firing, fire again this often while the block still runs: Python prints and drops an
#: exception that lands in a finalizer or a weakref callback ("Exception ignored in ..."), and a
#: block must not outlive its limit because one delivery was lost (seen in a service's workers).
REFIRE = 0.1
#: At most this many deliveries per block (5 s of re-firing).
MAX_FIRES = 50


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in this thread if the block runs past ``seconds``.

    ``None`` or ``<= 0``: no limit. Nested limits each fire on their own. A delivery that is
    swallowed (a finalizer, a bare ``except``) is repeated every :data:`REFIRE` seconds.
    """
    if not seconds or seconds <= 0:
        yield
        return
    target = threading.get_ident()
    state: dict = {"armed": True, "fired": 0}
    guard = threading.Lock()

    def fire() -> None:
        with guard:
            if not state["armed"]:
                return
            state["fired"] += 1
            _raise_in(target, TimeLimitExceeded)
            if state["fired"] < MAX_FIRES:
                again = threading.Timer(REFIRE, fire)
                again.daemon = True
                state["timer"] = again
                again.start()

    state["timer"] = threading.Timer(seconds, fire)
    state["timer"].daemon = True
    state["timer"].start()
    try:
        yield
    finally:
        while True:
            try:
                with guard:
                    state["armed"] = False
                    state["timer"].cancel()
                    if state["fired"]:
                        # Fired as the block was ending: make sure it cannot land later, elsewhere.
                        _cancel_pending(target)
                break
            except TimeLimitExceeded:
                continue  # landed here, before the disarm: the block's own exception goes on
