"""The one-call API: the verbs of the command, with its switches as keyword arguments.

``unspin compare a b --whole --lexical-only`` and ``unspin.compare(a, b, whole=True,
lexical_only=True)`` run the same code and give the same result: the command reads its files
and calls these functions. Arguments mean one thing everywhere:

* ``str`` is text (never a file name), ``bytes`` is a file's content (decoded by the readers),
  ``pathlib.Path`` is a file, a ``Document`` is used as given.
* Main-text extraction runs unless ``whole=True`` (or the Document was extracted already).
* ``input_format`` (``--input-format``): ``auto`` reads a ``.txt`` as text and a ``.html`` as
  HTML and decides other files (and ``str``/``bytes``) by content; ``text`` or ``html`` force it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from unspin.document import Document

if TYPE_CHECKING:
    from unspin.align.result import Comparison

Input = str | bytes | Path | Document

__all__ = ["compare", "document", "extract", "check", "run_pan"]


def document(
    source: Input,
    *,
    name: str | None = None,
    url: str | None = None,
    input_format: str = "auto",
) -> Document:
    """``source`` as a Document, not yet extracted (see the module doc for what each type means).

    Raises InputError for a file that cannot be read (missing, empty, binary...). Empty text is
    allowed: it has no passages.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, Path):
        from unspin.readers import read_file

        doc = read_file(str(source), input_format)
    elif isinstance(source, bytes | bytearray):
        from unspin.readers import decode_document

        doc = decode_document(bytes(source), name or "<bytes>", input_format)
    elif isinstance(source, str):
        from unspin.readers import text_document

        doc = text_document(source, name or "", input_format)
    else:
        raise TypeError(f"expected str (text), bytes, pathlib.Path or Document, not {type(source)}")
    if name:
        doc.id = name
    if url:
        doc.url = url
    return doc


def extract(
    source: Input,
    *,
    url: str | None = None,
    name: str | None = None,
    input_format: str = "auto",
) -> Document:
    """The article of a page or text: ``unspin extract``.

    A text keeps its ``text`` and gets ``main``, the article spans; HTML gives a Document whose
    ``text`` is the article. When no article is found the warning is in ``doc.warnings`` and the
    whole text is the content.
    """
    from unspin.extractors import extract_document

    doc = document(source, name=name, url=url, input_format=input_format)
    if not doc.text.strip():
        from unspin.errors import InputError

        raise InputError(doc.name, "empty input: no text to extract")
    if is_extracted(doc):
        return doc
    out = extract_document(doc)
    warning = out.metadata.get("warning")
    if warning and warning not in out.warnings:
        out.warnings.append(warning)
    return out


def is_extracted(doc: Document) -> bool:
    """True when extraction already ran on ``doc`` (its ``main`` is set, or it is an article
    or a record, which are used as given)."""
    return doc.main is not None or doc.source in ("article", "record")


def compare(
    source: Input,
    suspicious: Input,
    *,
    whole: bool = False,
    lexical_only: bool = False,
    model: str | None = None,
    thorough: bool = False,
    embedder=None,
    max_chars: int | None = None,
    input_format: str = "auto",
) -> Comparison:
    """Every passage of ``suspicious`` taken from ``source``: ``unspin compare``.

    ``whole`` compares whole documents (no main-text extraction); ``lexical_only`` runs with no
    model; ``model`` names any sentence-transformers model (default: the packaged MiniLM);
    ``thorough`` lets the model see every sentence pair; ``embedder`` passes a loaded
    :class:`~unspin.represent.embed.SentenceEncoder` instead of ``model``; ``max_chars`` raises
    the text each side may hold (default ``unspin.align.compare.MAX_CHARS``).
    """
    from unspin.align.compare import compare as align

    fmt = input_format
    docs = [document(source, name=_default_name(source, "source"), input_format=fmt)]
    docs.append(
        document(suspicious, name=_default_name(suspicious, "suspicious"), input_format=fmt)
    )
    if not whole:
        docs = [extract(d) if d.text.strip() else d for d in docs]
    warnings = [f"{d.name}: {w}" for d in docs for w in d.warnings]
    if not lexical_only and embedder is None:
        from unspin.represent.embed import load_embedder

        embedder = load_embedder(model)
    limit = {} if max_chars is None else {"max_chars": max_chars}
    result = align(
        docs[0], docs[1], embedder=embedder, lexical_only=lexical_only, thorough=thorough, **limit
    )
    result.warnings = warnings + result.warnings
    return result


def _default_name(source: Input, role: str) -> str | None:
    return role if isinstance(source, str | bytes | bytearray) else None


def check(
    query: Input,
    index: str | Path,
    *,
    top: int = 5,
    whole: bool = False,
    lexical_only: bool = False,
    align: int | None = None,
    model_align: int | None = None,
    input_format: str = "auto",
):
    """The sources of ``query`` in the index folder ``index``: ``unspin check``.

    Returns a :class:`~unspin.index.CheckResult` (``to_dict()`` is the JSON of the command).
    For many queries, open the index once: ``with unspin.Index(folder) as idx: idx.check(q)``.
    """
    from unspin.index import Index

    with Index(index) as idx:
        return check_in(
            idx,
            query,
            top=top,
            whole=whole,
            lexical_only=lexical_only,
            align=align,
            model_align=model_align,
            input_format=input_format,
        )


def check_in(
    idx,
    query: Input,
    *,
    top: int = 5,
    whole: bool = False,
    lexical_only: bool = False,
    align: int | None = None,
    model_align: int | None = None,
    input_format: str = "auto",
):
    """``check`` against an opened :class:`~unspin.index.Index` (the command's loop); the
    query's warnings (reading, extraction) are in ``result.query.warnings``."""
    doc = document(query, name=_default_name(query, "query"), input_format=input_format)
    if not whole:
        doc = extract(doc)
    extra = {} if model_align is None else {"model_align": model_align}
    return idx.check(doc, top=top, align=align, lexical_only=lexical_only, **extra)


def run_pan(
    pairs_file: str | Path,
    src_dir: str | Path,
    susp_dir: str | Path,
    out_dir: str | Path,
    **options,
):
    """One PAN XML per pair: ``unspin pan`` (see :func:`unspin.pan.run_pan` for the options)."""
    from unspin.pan import run_pan as run

    return run(pairs_file, src_dir, susp_dir, out_dir, **options)
