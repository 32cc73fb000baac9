"""Sentences of a document prepared once for alignment: spans, tokens, char grams, blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from unspin.align.judge import char_grams
from unspin.document import Document
from unspin.represent.lexical import Token, tokenize
from unspin.segment import split_sentences


@dataclass
class Sentences:
    """Aligned arrays, one entry per sentence of the analysed (main) text.

    ``block`` numbers the main-text spans: a passage never crosses from one block to another, so
    page furniture cut out between two article paragraphs is never reported as reused.
    """

    doc: Document
    spans: list[tuple[int, int]]
    tokens: list[list[Token]]
    block: list[int]
    _grams: dict[int, frozenset[str]] = field(default_factory=dict)
    vectors: np.ndarray | None = None  # (n, dim) unit rows, filled lazily
    token_vectors: list[np.ndarray | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.spans)

    def text(self, i: int) -> str:
        a, b = self.spans[i]
        return self.doc.text[a:b]

    def reuse(self) -> Sentences:
        """The same segmentation with no vectors yet: a query aligned with many candidates
        is split and tokenised once (its char grams, a pure function of the text, are shared)."""
        return Sentences(
            self.doc, self.spans, self.tokens, self.block, self._grams, None, [None] * len(self)
        )

    def grams(self, i: int) -> frozenset[str]:
        if i not in self._grams:
            self._grams[i] = char_grams(self.text(i))
        return self._grams[i]


def prepare(doc: Document, focus: list[tuple[int, int]] | None = None) -> Sentences:
    """The sentences of ``doc``'s content spans, or of ``focus`` (spans of its text) when given."""
    spans, tokens, blocks = [], [], []
    regions = doc.content_spans() if focus is None else sorted(focus)
    for b, (start, end) in enumerate(regions):
        for a, z in split_sentences(doc.text, [(start, end)]):
            toks = tokenize(doc.text, a, z)
            if not toks:
                continue
            spans.append((a, z))
            tokens.append(toks)
            blocks.append(b)
    return Sentences(doc, spans, tokens, blocks, token_vectors=[None] * len(spans))


def ensure_vectors(sents: Sentences, idx, embedder) -> None:
    """Embed the sentences in ``idx`` that have no vectors yet (one batched model call)."""
    if sents.vectors is None:
        sents.vectors = np.zeros((len(sents), embedder.dim), dtype=np.float32)
    todo = sorted({int(i) for i in idx if sents.token_vectors[int(i)] is None})
    if not todo:
        return
    vecs, toks = embedder.encode_with_tokens([sents.text(i) for i in todo])
    for k, i in enumerate(todo):
        sents.vectors[i] = vecs[k]
        sents.token_vectors[i] = toks[k]
