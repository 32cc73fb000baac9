"""Main text of an HTML page, by trafilatura, with the guards its API lacks (size, time, depth).

trafilatura is the best measured HTML extractor we can install; with ``favor_precision`` and
without comments it scores higher on the Zyte article benchmark than its defaults (see
docs/extract.md), so those are our settings. When that finds nothing we retry with
``favor_recall`` before giving up: a short page is better than no page.
"""

from __future__ import annotations

import re

from unspin.document import Document
from unspin.errors import InputError
from unspin.readers.decode import decode_html

#: Pages larger than this are refused: parsing them costs seconds and they are rarely articles.
MAX_HTML_CHARS = 20_000_000
#: Seconds one page may take (enforced in any thread: see unspin.limits).
TIMEOUT_S = 30.0

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TITLE_XPATHS = (
    '//meta[@property="og:title"]/@content',
    '//meta[@name="twitter:title"]/@content',
    "//title/text()",
    "//h1//text()",
)
_DATE_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="date" or @name="pubdate" or @name="publishdate" or @name="dc.date"'
    ' or @name="DC.date.issued" or @name="sailthru.date" or @name="parsely-pub-date"]/@content',
    "//time/@datetime",
)
_URL_XPATHS = ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')


def page_metadata(tree) -> dict[str, str]:
    """Title, publication date (YYYY-MM-DD) and canonical URL from the page's head.

    A few XPath look-ups: trafilatura's full metadata pass (htmldate) costs a third of the
    extraction time, which the speed target of the issue does not allow.
    """
    out: dict[str, str] = {}
    for key, paths in (("title", _TITLE_XPATHS), ("url", _URL_XPATHS)):
        for xp in paths:
            values = [" ".join(str(v).split()) for v in tree.xpath(xp)]
            values = [v for v in values if v]
            if values:
                out[key] = values[0][:500]
                break
    candidates = [str(v) for xp in _DATE_XPATHS for v in tree.xpath(xp)]
    candidates += _JSONLD_DATE.findall(
        " ".join(tree.xpath('//script[@type="application/ld+json"]/text()'))[:200_000]
    )
    for c in candidates:
        m = _DATE.search(c)
        if m:
            out["date"] = m.group(0)
            break
    if "url" in out and not out["url"].startswith(("http://", "https://")):
        del out["url"]
    return out


def extract_html(
    html: str | bytes,
    *,
    name: str = "<html>",
    url: str | None = None,
    timeout: float = TIMEOUT_S,
) -> Document:
    """A Document whose ``text`` is the article of the page (empty, with a warning, if none).

    Raises InputError for pages too large, too slow or impossible to parse.
    """
    if isinstance(html, bytes):
        html = decode_html(html, name)
    if len(html) > MAX_HTML_CHARS:
        raise InputError(
            name,
            f"page too large to extract ({len(html) / 1e6:.0f} MB; limit "
            f"{MAX_HTML_CHARS // 1_000_000} MB)",
        )
    import trafilatura
    from trafilatura.utils import load_html

    from unspin.limits import TimeLimitExceeded, time_limit

    result = None
    meta: dict[str, str] = {}
    try:
        with time_limit(timeout):
            for options in ({"favor_precision": True}, {"favor_recall": True}):
                tree = load_html(html)  # parsed again for the retry: extraction prunes it
                if tree is None:
                    break
                if not meta:
                    meta = page_metadata(tree)
                result = trafilatura.bare_extraction(
                    tree, url=url, include_comments=False, with_metadata=False, **options
                )
                if result is not None and (result.text or "").strip():
                    break
    except InputError:
        raise
    except TimeLimitExceeded:
        raise InputError(name, f"extraction timed out after {timeout:g} s") from None
    except RecursionError:
        raise InputError(name, "markup nested too deeply to parse") from None
    except MemoryError:
        raise InputError(name, "page too large to parse in memory") from None
    except Exception as err:  # trafilatura/lxml raise many kinds on broken markup
        raise InputError(name, f"cannot parse HTML ({type(err).__name__}: {err})") from None
    text = (result.text or "").strip() if result is not None else ""
    doc = Document(
        text=text,
        id=name,
        path=None if name.startswith("<") or name == "-" else name,
        url=url or meta.get("url"),
        title=meta.get("title"),
        date=meta.get("date"),
        source="article",
    )
    if not text:
        doc.metadata["warning"] = "no article text found"
    return doc
