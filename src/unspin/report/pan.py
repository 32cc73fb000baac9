"""PAN text-alignment XML: one ``<document>`` per pair, one feature per passage.

This is what the PAN evaluator reads; offsets and lengths are code points of each decoded text.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import quoteattr

from unspin.align.result import Comparison
from unspin.document import Document


def reference(doc: Document) -> str:
    """The name PAN uses for a document: the base name of its file (or URL, or id)."""
    name = doc.path or doc.url or doc.id or "document"
    return os.path.basename(name.rstrip("/\\").replace("\\", "/")) or name


def render_pan(comparison: Comparison) -> str:
    """``<document reference=SUSP><feature name="detected-plagiarism" .../></document>``."""
    susp = reference(comparison.suspicious)
    src = reference(comparison.source)
    lines = [f"<document reference={quoteattr(susp)}>"]
    for p in sorted(comparison.passages, key=lambda p: (p.suspicious_offset, p.source_offset)):
        if p.suspicious_length <= 0 or p.source_length <= 0:
            continue
        lines.append(
            '<feature name="detected-plagiarism"'
            f' this_offset="{int(p.suspicious_offset)}" this_length="{int(p.suspicious_length)}"'
            f" source_reference={quoteattr(src)}"
            f' source_offset="{int(p.source_offset)}" source_length="{int(p.source_length)}"/>'
        )
    lines.append("</document>")
    return "\n".join(lines) + "\n"


def pan_filename(suspicious_name: str, source_name: str) -> str:
    """``suspicious-documentX.txt``, ``source-documentY.txt`` -> PAN name for the pair.

    That is ``suspicious-documentX-source-documentY.xml``, what the PAN evaluator expects.
    """
    return f"{_stem(suspicious_name)}-{_stem(source_name)}.xml"


def _stem(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    stem, ext = os.path.splitext(base)
    return stem if ext else base
