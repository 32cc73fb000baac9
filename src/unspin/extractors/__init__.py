"""Keep the article, drop the page furniture: HTML via trafilatura, flattened text by scoring.

``extract_document`` is the single entry point: an ``html`` Document (``Document.source``, set
by the readers) becomes a new Document holding the article text; a ``text`` document keeps its
``text`` and gets ``main``, the article spans. ``extract_documents`` does the same for a batch
and ``extract_stream`` for a reader's stream; both use text repeated across pages of one site
as a boilerplate signal.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import replace
from pathlib import Path

from unspin.document import Document
from unspin.errors import InputError
from unspin.extractors.flat import extract_flat, has_lines, site_repeated_units
from unspin.extractors.html import extract_html

__all__ = [
    "extract_document",
    "extract_documents",
    "extract_flat",
    "extract_html",
    "extract_stream",
    "group_site_repeats",
    "main_text",
]

#: The warning of a text in which extraction found no article (its whole text is used).
NO_ARTICLE = "no article text found: the whole text is used"

_LEADING_URL = re.compile(r"\s*https?://([^/\s]+)")


def extract_document(doc: Document, *, site_repeats: Set[str] = frozenset()) -> Document:
    """The document with its article found (see module doc); never rewrites a text's ``text``.

    What happens depends on ``doc.source``: ``html`` is extracted by trafilatura into a new
    ``article`` Document; ``text`` keeps its ``text`` and gets ``main``; an ``article`` or a
    ``record`` is returned as it is. ``site_repeats``: normalised units seen on other pages of
    the same site (boilerplate); ``extract_documents`` computes them for a batch.
    """
    if doc.source in ("article", "record"):
        return doc
    if doc.source == "html":
        return _extract_page(doc)
    _check_size(doc)
    main = extract_flat(doc.text, site_repeats=site_repeats)
    meta = dict(doc.metadata)
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
    return replace(doc, url=url, main=main, metadata=meta, warnings=warnings)


def _extract_page(doc: Document) -> Document:
    """An ``html`` Document's article, keeping what the reader knew (id, path, URL, record).

    When the extractor keeps nothing, the page's whole text (tags removed) is the article, with
    a warning saying why; a page with no text at all is an InputError.
    """
    name = doc.id or doc.name
    out = extract_html(doc.text, name=name, url=doc.url)
    warnings = [*doc.warnings, *out.warnings]
    meta = {**doc.metadata, **out.metadata}
    if not out.text.strip():
        from unspin.extractors.page_text import page_text, why_nothing

        text = page_text(doc.text)
        if not text:
            raise InputError(name, "no text in the page")
        out = replace(out, text=text)
        meta["warning"] = why_nothing(doc.text)
        warnings.append(meta["warning"])
    return replace(
        out,
        id=doc.id or out.id,
        path=doc.path,
        url=doc.url or out.url,
        title=doc.title or out.title,
        date=out.date or doc.date,
        metadata=meta,
        warnings=warnings,
    )


#: One-line texts above this size are scored only if they are prose (then kept whole): a
#: "page" of many megabytes without a line break is a dump, and scoring it would take minutes.
MAX_FLAT_CHARS = 8_000_000


def _check_size(doc: Document) -> None:
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


def group_site_repeats(docs: Sequence[Document]) -> list[frozenset[str]]:
    """For each document (by its position in ``docs``) the units repeated on other pages of its
    site; empty for pages that are not flattened text."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        if doc.source != "text" or has_lines(doc.text):
            continue  # markup, a record, or an article laid out in lines: not a page dump
        groups[site_key(doc)].append(i)
    repeats: list[frozenset[str]] = [frozenset()] * len(docs)
    for members in groups.values():
        if len(members) < 2:
            continue
        shared = frozenset(site_repeated_units([docs[i].text for i in members]))
        for i in members:
            repeats[i] = shared
    return repeats


def extract_documents(docs: Sequence[Document]) -> list[Document]:
    """Extract a batch; text pages of one site share their repeated units as boilerplate."""
    repeats = group_site_repeats(docs)
    return [extract_document(d, site_repeats=r) for d, r in zip(docs, repeats, strict=True)]


#: Documents extracted together, so repeats across pages of one site can be seen.
BATCH = 200


def extract_stream(
    items: Iterable[Document | InputError], *, batch: int = BATCH
) -> Iterator[Document | InputError]:
    """Extract a reader's stream in order, ``batch`` documents at a time (pages of one site
    given together share their repeats); errors pass through, a page that cannot be extracted
    becomes an InputError, and the stream goes on."""
    pending: list[Document | InputError] = []
    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            yield from _finish(pending)
            pending = []
    if pending:
        yield from _finish(pending)


def _finish(items: list[Document | InputError]) -> Iterator[Document | InputError]:
    docs = [x for x in items if isinstance(x, Document)]
    repeats = iter(group_site_repeats(docs))
    for x in items:
        if isinstance(x, InputError):
            yield x
            continue
        shared = next(repeats)
        try:
            yield extract_document(x, site_repeats=shared)
        except InputError as err:
            yield err


def main_text(doc: Document, sep: str = " ") -> str:
    """The article as one string: the ``main`` spans joined, or the whole text when extraction
    did not run or found no article (``main is None``)."""
    spans = [(0, len(doc.text))] if doc.main is None else doc.main
    return sep.join(doc.text[a:b] for a, b in spans)
