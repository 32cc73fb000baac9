"""Turn a Comparison into something to read: a terminal report, JSON, an HTML page or PAN XML.

Every writer returns a string; the caller decides where it goes (standard output, a file).
"""

from __future__ import annotations

from unspin.align.result import Comparison

#: Formats ``render`` accepts, in the order the CLI offers them.
FORMATS = ("text", "json", "html", "pan")


def render(
    comparison: Comparison, fmt: str = "text", *, color: bool = False, width: int | None = None
) -> str:
    """Render ``comparison`` as ``fmt`` (one of :data:`FORMATS`).

    ``color`` and ``width`` only affect ``text``: pass ``color=stream.isatty()``; ``width``
    defaults to the terminal width.
    """
    if fmt == "text":
        from unspin.report.text import render_text

        return render_text(comparison, color=color, width=width)
    if fmt == "json":
        from unspin.report.json import render_json

        return render_json(comparison)
    if fmt == "html":
        from unspin.report.html import render_html

        return render_html(comparison)
    if fmt == "pan":
        from unspin.report.pan import render_pan

        return render_pan(comparison)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def pan_filename(suspicious_name: str, source_name: str) -> str:
    """The PAN output file name for a pair (see :func:`unspin.report.pan.pan_filename`)."""
    from unspin.report.pan import pan_filename as _pan_filename

    return _pan_filename(suspicious_name, source_name)


__all__ = ["FORMATS", "pan_filename", "render"]
