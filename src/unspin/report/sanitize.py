"""Document text and names are hostile input: what may reach a terminal or a report's page.

A JSONL ``url``, a WARC target, a file name or a page's text can hold escape sequences that
retitle or clear a terminal, and bidirectional overrides that show text in another order than
it is (U+202A-E, U+2066-9). Every field printed to a terminal goes through ``for_terminal``
(or ``one_line`` for a message that must stay one line); every text of an HTML report through
``escape_html``, which escapes markup and shows each override as U+FFFD.
"""

from __future__ import annotations

import html
import re

#: C0/C1 controls (tab and newline kept) and bidi overrides: replaced before printing.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same plus tab and newline: for a field that must stay on its line.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
MARK = "\ufffd"


def for_terminal(text: str) -> str:
    """Text safe to print: control and bidi-override characters become U+FFFD."""
    return _UNSAFE.sub(MARK, text)


def one_line(text: str) -> str:
    """A field printed inside a one-line message: line breaks become U+FFFD as well."""
    return _UNSAFE_LINE.sub(MARK, text)


def escape_html(text: str) -> str:
    """Text for an HTML page: markup escaped, bidi overrides shown as U+FFFD (visible)."""
    return html.escape(_BIDI.sub(MARK, text))
