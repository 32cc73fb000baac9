"""Read, then extract: the composition every caller of files uses (command, API, index, PAN).

Readers (``unspin.readers``) turn bytes into Documents and say what kind of input each is;
extractors (``unspin.extractors``) find the article. Data flows one way, reader to extractor,
and only this composer knows both.
"""

from __future__ import annotations

from collections.abc import Iterator

from unspin.document import Document
from unspin.errors import InputError
from unspin.extractors import extract_document, extract_stream
from unspin.readers import read_file, read_files

__all__ = ["iter_documents", "load_document"]


def load_document(path: str, *, extract: bool = True, input_format: str = "auto") -> Document:
    """One file (or ``-``) as a Document; with ``extract`` its article is found.
    ``input_format`` (``auto``, ``text``, ``html``): see :func:`unspin.readers.kind_of`.

    Raises InputError for anything that is not one readable page or text: missing, empty,
    binary, too large, truncated gzip, or a WARC archive (many pages: use ``iter_documents``).
    """
    doc = read_file(str(path), input_format)
    return extract_document(doc) if extract else doc


def iter_documents(
    paths: list[str], *, extract: bool = True, input_format: str = "auto"
) -> Iterator[Document | InputError]:
    """Documents of every file, folder (recursively), WARC record and JSON Lines record named,
    in order; bad files come out as InputError objects (not raised) so a batch goes on.

    With ``extract``, flattened pages of one site given together share their repeated text as
    a boilerplate signal.
    """
    docs = read_files(paths, input_format)
    return extract_stream(docs) if extract else docs
