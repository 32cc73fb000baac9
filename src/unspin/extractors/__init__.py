"""Keep the article, drop the page furniture: HTML via trafilatura, flattened text by scoring.

``extract_document`` is the single entry point: HTML (recognised by content) becomes a new
Document holding the article text; a text document keeps its ``text`` and gets ``main``, the
article spans. ``extract_documents`` does the same for a batch and uses text repeated across
pages of one site as a boilerplate signal.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from unspin.document import Document
from unspin.extractors.flat import extract_flat, has_lines, site_repeated_units
from unspin.extractors.html import extract_html, looks_like_html

__all__ = [
    "extract",
    "extract_document",
    "extract_documents",
    "extract_flat",
    "extract_html",
    "group_site_repeats",
    "looks_like_html",
    "main_text",
]

#: The warning of a text in which extraction found no article (its whole text is used).
NO_ARTICLE = "no article text found: the whole text is used"

_LEADING_URL = re.compile(r"\s*https?://([^/\s]+)")


def extract_document(
    doc: Document, *, site_repeats: set[str] | frozenset[str] = frozenset()
) -> Document:
    """The document with its article found (see module doc); never rewrites a text's ``text``.

    ``site_repeats``: normalised units seen on other pages of the same site (boilerplate);
    ``extract_documents`` computes them for a batch.
    """
    if doc.metadata.get("source_format") == "html":
        return doc  # already extracted
    if looks_like_html(doc.text):
        out = extract_html(doc.text, name=doc.name, url=doc.url)
        out.id = doc.id or out.id
        out.path = doc.path
        out.metadata = {**doc.metadata, **out.metadata}
        return out
    _check_size(doc)
    main = extract_flat(doc.text, site_repeats=site_repeats)
    meta = dict(doc.metadata)
    meta.setdefault("source_format", "text")
    warnings = list(doc.warnings)
    if not main:
        # One meaning for "no article": the whole text is the content (``main is None``), and
        # the user is told. Analysing nothing would silently lose a text the extractor
        # misjudged (prose in a language it does not know, a short text).
        meta["warning"] = NO_ARTICLE
        warnings.append(NO_ARTICLE)
        main = None
    url = doc.url
    if url is None:
        m = re.match(r"\s*(https?://\S+)", doc.text)
        url = m.group(1) if m else None
    return Document(
        text=doc.text,
        id=doc.id,
        path=doc.path,
        url=url,
        title=doc.title,
        date=doc.date,
        main=main,
        metadata=meta,
        warnings=warnings,
    )


def extract(
    source: str | bytes | Document,
    *,
    url: str | None = None,
    name: str | None = None,
) -> Document:
    """One call: the article of a page or text, however it is given.

    ``source`` is a Document, raw bytes (HTML or text, any encoding), a path to a file (a
    one-line string naming an existing file, or ``-``), or else the text or HTML itself.
    Text keeps its ``text`` and gets ``main`` spans; HTML gives a new Document of the article.
    Raises InputError on unreadable input.
    """
    from unspin.readers import _decode, load_document

    if isinstance(source, Document):
        doc = source
    elif isinstance(source, bytes):
        label = name or "<bytes>"
        doc = Document(text=_decode(source, label), id=label, url=url)
    elif _names_file(source):
        doc = load_document(source, extract=False)
        doc.url = url or doc.url
    else:
        if not source.strip():
            from unspin.errors import InputError

            raise InputError(name or "<text>", "empty input")
        doc = Document(text=source, id=name or "", url=url)
    return extract_document(doc)


def _names_file(s: str) -> bool:
    if s == "-":
        return True
    if "\n" in s or len(s) > 4096 or not s.strip():
        return False
    try:
        return Path(s).is_file()
    except (OSError, ValueError):
        return False


#: One-line texts above this size are scored only if they are prose (then kept whole): a
#: "page" of many megabytes without a line break is a dump, and scoring it would take minutes.
MAX_FLAT_CHARS = 8_000_000


def _check_size(doc: Document) -> None:
    from unspin.errors import InputError
    from unspin.extractors.flat import has_lines, looks_like_clean_prose

    n = len(doc.text)
    if n > MAX_FLAT_CHARS and not has_lines(doc.text) and not looks_like_clean_prose(doc.text):
        raise InputError(
            doc.name,
            f"flattened page too large to extract ({n / 1e6:.0f} M characters; limit "
            f"{MAX_FLAT_CHARS // 1_000_000} M)",
        )


def site_key(doc: Document) -> str:
    """Which site a page comes from: its URL's host, else its folder."""
    for candidate in (doc.url, doc.text[:300]):
        if candidate:
            m = _LEADING_URL.match(candidate)
            if m:
                return m.group(1).lower().removeprefix("www.")
    if doc.path and doc.path != "-":
        return str(Path(doc.path).parent)
    return ""


def group_site_repeats(docs: Sequence[Document]) -> dict[int, set[str]]:
    """For each text page (keyed by ``id(doc)``) the units repeated on other pages of its site."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        if doc.metadata.get("source_format") in ("html", "warc-html") or looks_like_html(doc.text):
            continue
        if has_lines(doc.text):
            continue  # an article or book laid out in lines: kept whole, not a page dump
        groups[site_key(doc)].append(doc)
    repeats: dict[int, set[str]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        shared = site_repeated_units([d.text for d in members])
        for d in members:
            repeats[id(d)] = shared
    return repeats


def extract_documents(docs: Sequence[Document]) -> list[Document]:
    """Extract a batch; text pages of one site share their repeated units as boilerplate."""
    repeats = group_site_repeats(docs)
    return [extract_document(d, site_repeats=repeats.get(id(d), frozenset())) for d in docs]


def main_text(doc: Document, sep: str = " ") -> str:
    """The article as one string: the ``main`` spans joined, or the whole text when extraction
    did not run or found no article (``main is None``)."""
    spans = [(0, len(doc.text))] if doc.main is None else doc.main
    return sep.join(doc.text[a:b] for a, b in spans)
