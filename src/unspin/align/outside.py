"""Reading what extraction left out: strong reuse in text the extractor misjudged."""

from __future__ import annotations

import numpy as np

from unspin.align.extend import ExtendConfig
from unspin.align.passages import align_passages
from unspin.align.result import Passage
from unspin.align.seeds import SeedConfig
from unspin.document import Document

#: A passage found outside the extracted article must be at least this alike ...
OUTSIDE_SIMILARITY = 0.7
#: ... and explain this many characters of the suspicious text nothing else does: a sentence or
#: two of real reuse, not a headline of a related-stories list or a phrase of a comment.
OUTSIDE_MIN_CHARS = 150
#: Text the extractor left out, in stretches shorter than this, is not looked at.
OUTSIDE_MIN_GAP = 80


def _outside(doc: Document) -> Document | None:
    """The same text with the stretches extraction left out as its content (each its own
    block), or None when extraction did not run or left nothing worth reading out."""
    if not doc.main:
        return None
    gaps, at = [], 0
    for a, b in sorted(doc.main) + [(len(doc.text), len(doc.text))]:
        if a - at >= OUTSIDE_MIN_GAP and doc.text[at:a].strip():
            gaps.append((at, a))
        at = max(at, b)
    if not gaps:
        return None
    return Document(text=doc.text, id=doc.id, path=doc.path, main=gaps, metadata=doc.metadata)


def beyond_extraction(
    src: Document,
    susp: Document,
    found: list[Passage],
    seed_config: SeedConfig | None = None,
    extend_config: ExtendConfig | None = None,
) -> list[Passage]:
    """``found`` plus strong reuse in text the extractor left out on one side (never on both:
    two pages of one site share their menus, which are not reuse), in suspicious-text order.

    Extraction misjudges some articles (a paragraph on advertising read as an ad, a list of
    results, prose in another language); dropping what it dropped would lose real reuse. Such
    text is read too, with lexical evidence only, and a passage found there counts only when
    it is alike and explains at least ``OUTSIDE_MIN_CHARS``, and most, of its suspicious text
    that nothing else explains.
    """
    src_out, susp_out = _outside(src), _outside(susp)
    # Lexical evidence only: page furniture is most of a page, and embedding it all would
    # double the cost of a comparison for the few passages that need the model.
    lexical = (None, False, seed_config, extend_config, None, False)
    extra: list[Passage] = []
    if src_out is not None:
        extra += align_passages(src_out, susp, *lexical)
    if susp_out is not None:
        extra += align_passages(src, susp_out, *lexical)
    explained = np.zeros(len(susp.text) + 1, dtype=bool)
    for p in found:
        explained[p.suspicious_offset : p.suspicious_end] = True
    out = []
    for p in sorted(extra, key=lambda p: -p.suspicious_length * p.similarity):
        if p.similarity < OUTSIDE_SIMILARITY:
            continue
        new = p.suspicious_length - int(explained[p.suspicious_offset : p.suspicious_end].sum())
        # Mostly new text, and enough of it (a short passage it overlaps may be a chance match).
        if new < max(OUTSIDE_MIN_CHARS, p.suspicious_length / 2):
            continue
        explained[p.suspicious_offset : p.suspicious_end] = True
        out.append(p)
    return sorted(found + out, key=lambda p: (p.suspicious_offset, p.source_offset))
