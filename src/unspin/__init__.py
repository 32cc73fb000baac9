"""unspin: find where a rewritten text came from.

The Python API mirrors the command: ``compare``, ``pan``, ``extract``, ``index``/``check``.
"""

__version__ = "0.1.0"

from unspin.document import Document  # noqa: E402

__all__ = ["Document", "Index", "__version__", "check", "compare", "extract", "run_pan"]

# name -> module, imported on first use: ``import unspin`` loads no extractor and no model.
_LAZY = {
    "Index": "unspin.index",
    "check": "unspin.api",
    "compare": "unspin.api",
    "extract": "unspin.api",
    "run_pan": "unspin.api",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'unspin' has no attribute {name!r}")
