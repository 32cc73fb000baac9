"""A page's whole visible text, for when the article extractor keeps nothing.

Analysing nothing would lose a page in silence (a page of one short paragraph, markup nested
deeper than the HTML parser goes); its text with the tags removed is analysed instead, with a
warning that says why. Regular expressions, not a parser: they have no depth limit.
"""

from __future__ import annotations

import html
import re

#: libxml2 (under lxml, under trafilatura) stops building the tree at this depth.
PARSER_MAX_DEPTH = 255

_DROP = re.compile(
    r"<(head|script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.S
)
_BLOCK = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|blockquote|pre)\b"
    r"[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_OPEN_CLOSE = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def page_text(markup: str) -> str:
    """The page's text without tags, scripts or styles: one line per block, spaces collapsed."""
    text = _TAG.sub(" ", _BLOCK.sub("\n", _DROP.sub(" ", markup)))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def markup_depth(markup: str) -> int:
    """How deep elements nest (void and self-closed elements not counted)."""
    depth = deepest = 0
    for m in _OPEN_CLOSE.finditer(markup):
        if m.group(3) or m.group(2).lower() in _VOID:
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def why_nothing(markup: str) -> str:
    """The warning of a page whose article is empty: its whole text is used instead."""
    depth = markup_depth(markup)
    if depth > PARSER_MAX_DEPTH:
        return (
            f"markup nested {depth} levels deep (the HTML parser stops at {PARSER_MAX_DEPTH}): "
            "the page's whole text is used"
        )
    return "no article text found: the page's whole text is used"
