"""What the alignment finds: passages, the word edits inside them, and the comparison as a whole.

These dataclasses are the documented JSON schema (see docs/json-schema.md): ``to_dict`` is the
stable machine form. All offsets count code points of each input's text as decoded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from unspin.document import Document

#: Passage kinds, from closest to loosest; ``translation``: across languages (align/crosslingual).
KINDS = ("verbatim", "edited", "paraphrase", "translation")


@dataclass
class Edit:
    """One word-level change inside a passage: source words that became suspicious words.

    ``op`` is ``replace`` ("handlers" -> "operators"), ``insert`` (only in the suspicious text),
    ``delete`` (only in the source) or ``move`` (same words, another place).
    Offsets are absolute into each document; an empty side has length 0.
    """

    op: str
    source_offset: int
    source_length: int
    suspicious_offset: int
    suspicious_length: int
    source_text: str = ""
    suspicious_text: str = ""


@dataclass
class SentenceMatch:
    """A suspicious sentence matched to the source sentence it translates (absolute offsets)."""

    source_offset: int
    source_length: int
    suspicious_offset: int
    suspicious_length: int
    similarity: float


@dataclass
class Passage:
    """A span of the suspicious text traced to a span of the source.

    A ``translation`` passage (the two sides in different languages) has no ``edits``; it has
    the matched sentence pairs in ``matches`` and both sides' languages (ISO 639-1).
    """

    suspicious_offset: int
    suspicious_length: int
    source_offset: int
    source_length: int
    similarity: float
    kind: str
    edits: list[Edit] = field(default_factory=list)
    matches: list[SentenceMatch] = field(default_factory=list)
    source_language: str = ""
    suspicious_language: str = ""

    @property
    def suspicious_end(self) -> int:
        return self.suspicious_offset + self.suspicious_length

    @property
    def source_end(self) -> int:
        return self.source_offset + self.source_length

    def to_dict(self) -> dict:
        out = asdict(self)
        if not self.matches and not self.source_language:  # same-language: the schema as before
            for key in ("matches", "source_language", "suspicious_language"):
                out.pop(key)
        return out


@dataclass
class Comparison:
    """The result of comparing one suspicious document with one source."""

    source: Document
    suspicious: Document
    passages: list[Passage]
    model: str | None = None
    #: Things the user should know about how the documents were read ("no article found...").
    warnings: list[str] = field(default_factory=list)
    #: The language each side was read as ({"source": "en", "suspicious": "de"}; "und": unknown).
    languages: dict[str, str] = field(default_factory=dict)

    @property
    def coverage(self) -> dict[str, float]:
        """Share of each document's analysed text that lies inside reported passages."""
        return {
            "source": _covered(
                self.source, [(p.source_offset, p.source_end) for p in self.passages]
            ),
            "suspicious": _covered(
                self.suspicious, [(p.suspicious_offset, p.suspicious_end) for p in self.passages]
            ),
        }

    @property
    def origin(self) -> dict:
        """Which side is likely the original, with its evidence (see unspin.align.origin)."""
        from unspin.align.origin import likely_original

        return likely_original(self).to_dict()

    def to_dict(self) -> dict:
        return {
            "source": {"name": self.source.name, "length": len(self.source.text)},
            "suspicious": {"name": self.suspicious.name, "length": len(self.suspicious.text)},
            "model": self.model,
            "coverage": {k: round(v, 4) for k, v in self.coverage.items()},
            "passages": [p.to_dict() for p in self.passages],
            "origin": self.origin,
            "warnings": list(self.warnings),
            **({"languages": dict(self.languages)} if self.languages else {}),
        }


def _merged(spans: list[tuple[int, int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def _covered(doc: Document, spans: list[tuple[int, int]]) -> float:
    # The analysed text is the extracted main text plus whatever passages were found outside
    # it (``compare`` reads what extraction left out, for strong reuse).
    content = _merged(doc.content_spans() + spans)
    total = sum(len(doc.text[a:b].strip()) and (b - a) for a, b in content)
    if not total:
        return 0.0
    inside = 0
    for a, b in _merged(spans):
        for ca, cb in content:
            inside += max(0, min(b, cb) - max(a, ca))
    return min(1.0, inside / total)
