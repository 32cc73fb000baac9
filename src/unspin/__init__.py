"""unspin: find where a rewritten text came from.

The Python API mirrors the command: ``compare``, ``pan``, ``extract``, ``index``/``check``.
"""

__version__ = "0.1.0"

from unspin.document import Document  # noqa: E402

__all__ = ["Document", "__version__"]
