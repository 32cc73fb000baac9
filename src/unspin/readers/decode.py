"""Bytes to text: every charset decision of unspin lives here (readers own all decoding).

Plain text: UTF-8 (with or without BOM), UTF-16 by BOM or by its NUL pattern, else cp1252,
decided by proportion (a stray byte is replaced and named in a warning, not a reason to
misread or refuse the whole file).
HTML: BOM, then the declared ``<meta charset>``, then as text, then a guess. ``looks_like_html``
tells markup from prose that merely mentions a tag.
"""

from __future__ import annotations

import re

from unspin.errors import InputError

_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|script|link|table|span)\b",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text is markup: an HTML opening near the start and tags throughout."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if not _HTML_START.search(head):
        return False
    return len(_TAG.findall(head)) >= 3


def bytes_look_like_html(data: bytes) -> bool:
    """``looks_like_html`` on the ASCII-compatible head of undecoded bytes."""
    head = data[:4096].decode("latin-1")
    return "\x00" not in head and looks_like_html(head)


def decode_bytes(data: bytes, name: str) -> str:
    """The text of ``data`` (see :func:`decode_text`), without its warnings."""
    return decode_text(data, name)[0]


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode bytes as text, and say what was odd about them.

    UTF-16 by BOM or by its NUL pattern; else UTF-8 when it is valid, or when valid UTF-8
    characters outnumber the bytes that are not (the odd byte becomes U+FFFD, with a
    warning); else cp1252 (its few undefined bytes replaced, with a warning). Decided by
    proportion, not by the first odd byte: a few control bytes or NULs in a long text keep it
    text (with a warning); binary data is refused. Raises InputError for empty or binary data
    and for text in no encoding we can tell, so every caller gets the same one-line message.
    """
    if not data.strip():
        raise InputError(name, "empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16", name), []
    utf16 = _bomless_utf16(data[:65536])
    if utf16:
        return _utf16(data, utf16, name), []
    nul = data.count(0)
    controls = len(data) - len(data.translate(None, _CONTROLS))
    if nul > MAX_NUL_SHARE * len(data) or controls > MAX_CONTROL_SHARE * len(data):
        raise InputError(name, "binary data, not text")
    warnings = []
    if controls:
        warnings.append(
            f"{controls} control byte(s) ({nul} NUL) kept in the text; reports show them as \ufffd"
        )
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if good >= bad:
        warnings.append(f"{bad} byte(s) not valid UTF-8 replaced with \ufffd")
        return text, warnings
    text = data.decode("cp1252", errors="replace")
    undefined = text.count("\ufffd")
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    if undefined > max(1, MAX_UNDEFINED_SHARE * high):
        raise InputError(name, f"mis-encoded text: neither UTF-8 nor cp1252 ({undefined} bytes)")
    if undefined:
        warnings.append(f"{undefined} byte(s) undefined in cp1252 replaced with \ufffd")
    return text, warnings


#: Binary, not text: more NULs than this share of the bytes, or more control bytes.
MAX_NUL_SHARE = 0.01
MAX_CONTROL_SHARE = 0.05
#: cp1252 text with more undefined bytes than this share of its non-ASCII bytes is refused.
MAX_UNDEFINED_SHARE = 0.01
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _utf16(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(name, f"not valid UTF-16 text ({err.reason})") from None


def _bomless_utf16(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the bytes look like mostly-ASCII UTF-16 with no byte-order
    mark (Windows exports): a NUL in nearly every other byte, and only there."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) == 0:
            return codec
    return None


def decode_html(data: bytes, name: str) -> str:
    """The text of an HTML page's bytes (see :func:`decode_page`), without its warnings."""
    return decode_page(data, name)[0]


def decode_page(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode HTML bytes: BOM, then the declared ``<meta charset>``, then as text
    (:func:`decode_text`), then a guess (charset_normalizer, which trafilatura already
    installs) for undeclared pages in other encodings (Shift-JIS, GBK, KOI8-R...).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return decode_text(data, name)
    m = _CHARSET.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        if enc not in ("utf-8", "utf8"):
            try:
                return data.decode(enc), []
            except LookupError:
                pass
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")  # declared, mostly right
                return text, [f"bytes not valid in the declared {enc} replaced with \ufffd"]
    try:
        return decode_text(data, name)
    except InputError as err:
        if "binary" in err.problem or "empty" in err.problem:
            raise
        guess = _guess(data)
        if guess is None:
            raise
        return guess, []


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        return None
