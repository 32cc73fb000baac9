"""Segmentation: texts into sentences (spans into the original text)."""

from unspin.segment.sentences import split_sentences

__all__ = ["split_sentences"]
