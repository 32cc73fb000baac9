"""Which language a document is written in: py3langid's built-in model (97 languages), loaded once.

The alignment engine chooses by it: two documents in one language keep the word-level engine,
two in different languages are aligned sentence by sentence with a multilingual model. Reading
is bounded (a few windows of the content, never the whole of a long page), memoised per text,
and never fails: text with no letters, too little text or a mix of languages gives its best
guess with a note that the caller turns into a warning.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from unspin.document import Document

#: Characters read per window, and windows per document (spread over the content): enough
#: text per window for a sure guess, enough windows to see a mix of languages.
WINDOW = 500
WINDOWS = 8
#: Below this probability (py3langid's normalised one) a window's guess is not trusted.
MIN_CONFIDENCE = 0.6
#: Fewer letters than this: too little text to say.
MIN_LETTERS = 12
#: "und": undetermined (ISO 639-2), the code for no letters or no confident guess.
UNDETERMINED = "und"
#: The languages a guess may name: national and widely written ones. py3langid's others
#: (Nigerian Pidgin, Latin, Ancient Greek, Volapük...) catch old or plain English prose:
#: PAN's Gutenberg sources read as "pcm" before this list.
WRITTEN = frozenset(
    """af am ar az be bg bn bs ca cs cy da de el en es et eu fa fi fr ga gl gu ha he hi hr hu
    hy id ig is it ja ka kk km kn ko ky lo lt lv mk ml mn mr ms mt my ne nl nn no pa pl ps pt
    ro ru si sk sl so sq sr sv sw ta te tg th tk tl tr uk ur uz vi xh yo zh zu""".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset(
    "the and of to is was that with for are be this which have has from by it were they their "
    "an as at not but".split()
)
# Languages py3langid tells apart that a reader (and the multilingual model) does not: one code.
_SAME = {"nb": "no", "nn": "no", "bs": "hr", "sr": "hr", "ms": "id"}


@dataclass(frozen=True)
class Language:
    """A document's language: ISO 639-1 ``code`` (``und`` when unknown), the model's
    ``confidence``, and ``note`` (empty, or why the guess is weak: no letters, mixed languages)."""

    code: str
    confidence: float
    note: str = ""
    others: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.code != UNDETERMINED


def _identifier():
    from unspin.caches import once_per_process

    def load():
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(sorted(WRITTEN))
        return ident

    return once_per_process("language_models", "py3langid", load)


def _windows(text: str) -> list[str]:
    if len(text) <= WINDOW * WINDOWS:
        # Short texts: one window per WINDOW characters (at least one).
        return [text[i : i + WINDOW] for i in range(0, max(1, len(text)), WINDOW)]
    step = (len(text) - WINDOW) // (WINDOWS - 1)
    return [text[i * step : i * step + WINDOW] for i in range(WINDOWS)]


def identify(text: str) -> Language:
    """The language of ``text`` (bounded: at most ``WINDOWS`` windows of ``WINDOW`` chars)."""
    from unspin.caches import memo

    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    cache = memo("languages", 4096)
    hit = cache.get(key)
    if hit is not None:
        return hit
    return cache.put(key, _identify(text))


def _plainly_english(windows: list[str]) -> bool:
    """Every window has 20+ words and 15 %+ of them common English function words.

    English prose runs at ~26 % (median window of PAN, VroniPlag and news pages; 5th
    percentile 14 %), other languages at 0 % (99th percentile 8 %); the one non-English
    window seen above 15 % was English that py3langid read as Italian. This spares an
    English run the model's load (~2 s per process).
    """
    for window in windows:
        words = _WORD.findall(window.lower())
        if len(words) < 20 or sum(w in _ENGLISH for w in words) < 0.15 * len(words):
            return False
    return bool(windows)


def _identify(text: str) -> Language:
    if sum(ch.isalpha() for ch in text[: WINDOW * WINDOWS * 4]) < MIN_LETTERS:
        note = "no letters" if not any(ch.isalpha() for ch in text) else "too little text"
        return Language(UNDETERMINED, 0.0, f"{note}: language not identified")
    if _plainly_english(_windows(text)):
        return Language("en", 1.0)
    ident = _identifier()
    votes: dict[str, float] = {}
    for window in _windows(text):
        letters = sum(ch.isalpha() for ch in window)
        if letters < MIN_LETTERS:
            continue
        if sum(ch.isupper() for ch in window) > letters // 2:  # titles in capitals read as
            window = window.lower()  # nothing sure; lowered, they read as their language
        code, prob = ident.classify(window)
        code = _SAME.get(code, code)
        if prob >= MIN_CONFIDENCE:
            votes[code] = votes.get(code, 0.0) + letters * float(prob)
    if not votes:
        code, prob = ident.classify(text[: WINDOW * 2])
        return Language(
            UNDETERMINED, float(prob), f"language unclear (perhaps {_SAME.get(code, code)})"
        )
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    total = sum(votes.values())
    best, weight = ranked[0]
    others = tuple(code for code, w in ranked[1:] if w >= 0.2 * total)
    note = f"mixed languages ({', '.join((best, *others))})" if others else ""
    return Language(best, weight / total, note, others)


def document_language(doc: Document) -> Language:
    """The language of ``doc``'s content (its main text when extraction found one)."""
    spans = doc.content_spans()
    text = "\n".join(doc.text[a:b] for a, b in spans) if spans else doc.text
    return identify(text)
