"""Which engine compares two documents: decided by the language each is written in.

Same language (or one side unknown): the word-level engine, with its word edits. Different
languages: sentence matching in a multilingual vector space (``crosslingual``). Either way the
comparison says which language each side was read as, and warns when the reading was weak.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unspin.document import Document
from unspin.represent.language import Language, document_language


@dataclass
class Choice:
    """The languages read and the engine chosen, with what the user should be told."""

    source: Language
    suspicious: Language
    across: bool
    warnings: list[str] = field(default_factory=list)
    #: Across languages, but a side in mixed languages has the other's language too: both
    #: engines run (word level where the languages meet).
    shared: bool = False

    @property
    def codes(self) -> dict[str, str]:
        return {"source": self.source.code, "suspicious": self.suspicious.code}


def choose(source: Document, suspicious: Document, *, lexical_only: bool = False) -> Choice:
    """Read both languages and choose: across languages only when both are known and differ."""
    from unspin.represent.multilingual import LANGUAGES

    src, susp = document_language(source), document_language(suspicious)
    across = src.known and susp.known and src.code != susp.code
    warnings = []
    for lang, doc in ((src, source), (susp, suspicious)):
        if lang.note:
            warnings.append(f"{doc.name}: {lang.note}")
        if across and lang.code not in LANGUAGES:
            warnings.append(
                f"{doc.name}: read as '{lang.code}', a language the multilingual model was not "
                "trained on: matches across languages are a best effort"
            )
    if across and lexical_only:
        warnings.append(
            f"the documents are in different languages ({src.code}, {susp.code}): lexical-only "
            "alignment finds shared names and numbers at most; drop --lexical-only to trace "
            "the translation"
        )
        across = False
    shared = across and (
        src.code in (susp.code, *susp.others) or susp.code in (src.code, *src.others)
    )
    return Choice(src, susp, across, warnings, shared)
