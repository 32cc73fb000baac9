"""The one document type that flows through every stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Span = tuple[int, int]  # [start, end) in code points of ``Document.text``

#: What ``text`` holds, which decides what extraction does with it:
#: ``text`` plain text or a flattened page (extraction sets ``main``), ``html`` markup not yet
#: extracted (extraction gives a new ``article`` Document), ``article`` the main text found in
#: a page, ``record`` a corpus record's text, used as given.
Source = Literal["text", "html", "article", "record"]


@dataclass
class Document:
    """A text as decoded from its input, plus what stages learned about it.

    ``text`` is never rewritten: every offset any stage reports points into it.
    ``main`` holds the spans of ``text`` that are the article (set by extraction, never empty);
    ``None`` means the whole text is content. ``source`` says what kind of input ``text`` is
    (see :data:`Source`): readers set it, extraction reads it. Which part a *comparison* reads
    is not a property of the document: ``check`` passes its retrieval focus to the engine.
    """

    text: str
    id: str = ""
    path: str | None = None
    url: str | None = None
    title: str | None = None
    date: str | None = None
    main: list[Span] | None = None
    source: Source = "text"
    metadata: dict = field(default_factory=dict)
    #: What a reader or extractor wants the user to know ("no article text found; ...").
    warnings: list[str] = field(default_factory=list)

    def content_spans(self) -> list[Span]:
        """Spans to analyse: the extracted article, or the whole text (``main is None``: not
        extracted, or extraction found no article, which it says in ``warnings``)."""
        return list(self.main) if self.main else [(0, len(self.text))]

    @property
    def name(self) -> str:
        return self.path or self.url or self.id or "<text>"
