"""Readers turn files, standard input and archives into :class:`~unspin.document.Document`."""

from unspin.readers.text import MAX_BYTES, decode_bytes, read_document

__all__ = ["MAX_BYTES", "decode_bytes", "read_document"]
