"""What ``Index.check`` answers: the sources found for one query, each with its alignment."""

from __future__ import annotations

from dataclasses import dataclass, field

from unspin.align.result import Comparison
from unspin.document import Document


@dataclass
class SourceHit:
    """One indexed document and what its alignment with the query explains."""

    doc_id: int
    document: Document
    comparison: Comparison
    retrieval: float
    score: float
    #: Share of the query this source explains that no source ranked before it explains.
    unique: float = 0.0
    #: Sources explaining the same stretches of the query equally well (the same text in
    #: other files), grouped under this one instead of taking places of their own.
    same: list[SourceHit] = field(default_factory=list)

    def to_dict(self) -> dict:
        cmp = self.comparison
        return {
            "path": self.document.path or self.document.url or self.document.id,
            "id": self.doc_id,
            "url": self.document.url,
            "score": round(self.score, 4),
            "retrieval": round(self.retrieval, 4),
            "explains_alone": round(self.unique, 4),
            "same_text_in": [
                {"path": s.document.path or s.document.url or s.document.id, "id": s.doc_id}
                for s in self.same
            ],
            "coverage": {k: round(v, 4) for k, v in cmp.coverage.items()},
            "passages": [p.to_dict() for p in cmp.passages],
            "origin": cmp.origin,
        }


@dataclass
class CheckResult:
    query: Document
    sources: list[SourceHit] = field(default_factory=list)
    candidates: int = 0
    seconds: float = 0.0
    retrieved: list[int] = field(default_factory=list)  # candidate ids, best first

    def to_dict(self) -> dict:
        return {
            "path": self.query.name,
            "sources": [s.to_dict() for s in self.sources],
            "candidates": self.candidates,
            "seconds": round(self.seconds, 3),
        }
