"""The one home of unspin's in-process memos: bounded, thread-safe enough, clearable.

Every stage is a pure function of its input, so memoising is only about speed: a memo may be
cleared at any time (``clear()``), lost in a forked worker or a Spark executor, or raced by two
threads (both compute the same value), without changing any result. What a memo may not do is
grow without bound in a long-lived service, so each has a limit and reports its size.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

V = TypeVar("V")

_REGISTRY: dict[str, Memo] = {}
_REGISTRY_LOCK = threading.Lock()


class Memo(dict):
    """A dict memo that empties itself when it reaches ``maxsize`` entries.

    A dict subclass so hot loops can bind ``memo.get`` directly; ``put`` is the only way in.
    Emptying (rather than LRU eviction) costs nothing per hit, and text repeats its words within
    a document far more than across documents.
    """

    def __init__(self, name: str, maxsize: int):
        super().__init__()
        self.name = name
        self.maxsize = maxsize

    def put(self, key: Hashable, value: V) -> V:
        if len(self) >= self.maxsize:
            self.clear()
        self[key] = value
        return value

    def __reduce__(self):  # pickled (a stage captured in a closure): travels empty
        return (memo, (self.name, self.maxsize))


def memo(name: str, maxsize: int) -> Memo:
    """The process's memo called ``name`` (created on first use, with its bound)."""
    with _REGISTRY_LOCK:
        m = _REGISTRY.get(name)
        if m is None:
            m = _REGISTRY[name] = Memo(name, maxsize)
        return m


def once_per_process(name: str, key: Hashable, make: Callable[[], V], maxsize: int = 4) -> V:
    """A heavy object (a loaded model) built once per process and key, under a lock so that
    threads starting together load it once."""
    m = memo(name, maxsize)
    value = m.get(key)
    if value is None:
        with _REGISTRY_LOCK:
            value = m.get(key)
            if value is None:
                value = make()
                if len(m) >= m.maxsize:
                    m.clear()
                m[key] = value
    return value


def clear() -> None:
    """Empty every memo (a service can call this between jobs; results do not change)."""
    with _REGISTRY_LOCK:
        for m in _REGISTRY.values():
            m.clear()


def sizes() -> dict[str, Any]:
    """Entries held per memo, for a service's health page or a profile."""
    with _REGISTRY_LOCK:
        return {name: len(m) for name, m in sorted(_REGISTRY.items())}
