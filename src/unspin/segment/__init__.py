"""Segmentation: texts into sentences (spans into the original text)."""

from unspin.segment.sentences import split_sentences, trim_span

__all__ = ["split_sentences", "trim_span"]
