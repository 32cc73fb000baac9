"""The one document type that flows through every stage."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]  # [start, end) in code points of ``Document.text``


@dataclass
class Document:
    """A text as decoded from its input, plus what stages learned about it.

    ``text`` is never rewritten: every offset any stage reports points into it.
    ``main`` holds the spans of ``text`` that are the article (set by extraction, never empty);
    ``None`` means the whole text is content. Which part a *comparison* reads is not a property
    of the document: ``check`` passes its retrieval focus to the engine as its own argument.
    """

    text: str
    id: str = ""
    path: str | None = None
    url: str | None = None
    title: str | None = None
    date: str | None = None
    main: list[Span] | None = None
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
