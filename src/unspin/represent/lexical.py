"""Words with offsets, light stemming and stop words: the cheap evidence every stage shares.

Stems are deliberately crude (suffix stripping): spinners swap words for synonyms, so what must
survive is the shared *content* words ("Perseverance", "72nd", "helicopter"), not morphology.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from unspin.caches import memo
from unspin.stopwords import ENGLISH

WORD = re.compile(r"\w+(?:['’]\w+)*")

STOPWORDS = ENGLISH  # see unspin.stopwords

_SUFFIXES = (
    "ational",
    "ization",
    "fulness",
    "ousness",
    "iveness",
    "ations",
    "ation",
    "ments",
    "ement",
    "ness",
    "ing",
    "ies",
    "ied",
    "ers",
    "est",
    "ful",
    "ous",
    "ive",
    "ize",
    "ise",
    "ed",
    "ly",
    "es",
    "er",
    "s",
)


class Token(NamedTuple):
    """A word: offsets into the original text, its folded form and stem."""

    start: int
    end: int
    lower: str  # lower-cased, accents kept, possessive stripped
    stem: str  # "" for stop words


def fold(word: str) -> str:
    """Lower-case, strip accents and a possessive: the form compared verbatim."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    return w


def stem(word: str) -> str:
    """A crude English stem; numbers and short words unchanged."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


#: word -> (folded, stem); bounded, cleared with the other memos (unspin.caches).
_FORMS = memo("lexical.forms", 500_000)


def forms(word: str) -> tuple[str, str]:
    """(folded, stem) of a word; memoised, since text repeats its words."""
    f = _FORMS.get(word)
    if f is None:
        low = fold(word)
        f = (low, "" if low in STOPWORDS else stem(low))
        _FORMS.put(word, f)
    return f


_new_token = tuple.__new__


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of ``text[start:end]`` with absolute offsets (the hot loop of alignment)."""
    get = _FORMS.get
    out = []
    append = out.append
    for m in WORD.finditer(text, start, len(text) if end is None else end):
        w = m.group()
        f = get(w) or forms(w)
        a, b = m.span()
        append(_new_token(Token, (a, b, f[0], f[1])))
    return out
