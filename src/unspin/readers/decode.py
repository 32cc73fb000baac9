"""Bytes to text: every charset decision of unspin lives here (readers own all decoding).

Plain text: UTF-8 (with or without BOM), UTF-16 by BOM or by its NUL pattern, else cp1252.
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
    """Decode bytes as text; UTF-8 first (with BOM), then UTF-16 by BOM, then cp1252.

    Raises InputError for empty or binary data, so every caller gets the same one-line message.
    """
    if not data.strip():
        raise InputError(name, "empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(name, f"not valid UTF-16 text ({err.reason})") from None
    head = data[:65536]
    utf16 = _bomless_utf16(head)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as err:
            raise InputError(name, f"not valid UTF-16 text ({err.reason})") from None
    if b"\x00" in head or _control_ratio(head) > 0.05:
        raise InputError(name, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise InputError(
            name, f"mis-encoded text: neither UTF-8 nor cp1252 ({err.reason})"
        ) from None
    return text


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


def _control_ratio(data: bytes) -> float:
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(1, len(data))


def decode_html(data: bytes, name: str) -> str:
    """Decode HTML bytes: BOM, then the declared ``<meta charset>``, then UTF-8 or cp1252, then
    a guess (charset_normalizer, which trafilatura already installs) for undeclared pages in
    other encodings (Shift-JIS, GBK, KOI8-R...).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return decode_bytes(data, name)
    m = _CHARSET.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        if enc not in ("utf-8", "utf8"):
            try:
                return data.decode(enc)
            except LookupError:
                pass
            except UnicodeDecodeError:
                return data.decode(enc, errors="replace")  # declared, mostly right
    try:
        return decode_bytes(data, name)
    except InputError as err:
        if "binary" in err.problem or "empty" in err.problem:
            raise
        guess = _guess(data)
        if guess is None:
            raise
        return guess


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
