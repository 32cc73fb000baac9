"""unspin: find where a rewritten text came from.

The Python API mirrors the command: ``compare``, ``pan``, ``extract``, ``index``/``check``.
"""

__version__ = "0.1.0"

from unspin.document import Document  # noqa: E402

__all__ = ["Document", "Index", "__version__", "compare", "extract", "run_pan"]

# name -> module, imported on first use (keeps import cheap)
_LAZY = {
    "Index": "unspin.index",
    "extract": "unspin.extractors",
    "compare": "unspin.align.compare",
    "run_pan": "unspin.pan",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'unspin' has no attribute {name!r}")
