"""One row of named features per unit: its own shape (length, punctuation, function words,
capitals), its vocabulary (furniture, URLs, credits, dates) and its place on the page."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from unspin.document import Span
from unspin.extractors.flat.units import _lower_case, _norm
from unspin.extractors.flat.vocabulary import (
    _ALPHA_START,
    _COMMENT,
    _CREDIT,
    _DENSE,
    _FULL_DATE,
    _FURNITURE,
    _STRONG,
    _SYMBOL,
    _TERMINAL,
    _URLISH,
    _WORD,
    STOP_WORDS,
)

FEATURES = (
    "bias",
    "log_words",
    "terminal",
    "stop_ratio",
    "cap_ratio",
    "lower_start",
    "digit_ratio",
    "symbol_ratio",
    "furniture",
    "urlish",
    "position",
    "repeat_in_page",
    "repeat_in_site",
    "comma_rate",
    "short",
    "very_long_words",
    "bracket",
    "title_case",
    "avg_word_len",
    "comment_header",
    "after_comments",
    "paren_start",
    "credit",
    "w0",
    "w1_2",
    "w3_5",
    "w6_10",
    "w11_20",
    "w21_40",
    "term_long",
    "stop_low",
    "stop_high",
    "strong_furniture",
    "starts_digit",
    "has_quote",
    "strong_many",
    "full_date",
    "common_ratio",
    "common_low",
    "dense_script",
)

#: A page's most frequent short words are its language's function words, whatever the language
#: (no list needed): prose is full of them, menus and link lists are not.
COMMON_WORDS = 40

#: Column of each feature in a row: rows are read by name, never by position.
F = {name: i for i, name in enumerate(FEATURES)}


def unit_features(
    text: str, spans: Sequence[Span], site_repeats: frozenset[str] | set[str] = frozenset()
) -> list[list[float]]:
    """One feature row per unit, in the order of ``FEATURES``.

    Vocabulary patterns run once over the whole text and are counted per unit by bisection:
    one regex pass per page instead of one per sentence keeps this at >100 pages/s.
    """
    keys = [_norm(text[a:b]) for a, b in spans]
    counts = Counter(keys)
    n_chars = max(1, len(text))
    low = text.lower()
    lowered = len(low) == len(text)  # rare letters lower-case to two: keep offsets exact
    if not lowered:
        low = text
    hits = {
        name: [m.start() for m in (_lower_case(pat) if lowered else pat).finditer(low)]
        for name, pat in (
            ("furniture", _FURNITURE),
            ("strong", _STRONG),
            ("comment", _COMMENT),
            ("url", _URLISH),
            ("credit", _CREDIT),
            ("symbol", _SYMBOL),
            ("date", _FULL_DATE),
        )
    }

    def count(name: str, a: int, b: int) -> int:
        starts = hits[name]
        return bisect_left(starts, b) - bisect_left(starts, a)

    common = page_common_words(low if lowered else text.lower())
    rows = []
    comments_seen = 0
    for (a, b), key in zip(spans, keys, strict=True):
        s = text[a:b]
        header = 1.0 if count("comment", a, b) else 0.0
        dense = _DENSE.findall(s)
        words = _WORD.findall(s)
        if dense:  # a run of Chinese is one regex "word": count its characters instead
            words = [w for w in words if not _DENSE.search(w)]
        alpha = [w for w in words if w[0].isalpha()]
        nw = len(words) + len(dense) // 2
        na = max(1, len(alpha))
        stop = sum(1 for w in alpha if w.lower() in STOP_WORDS) / na
        caps = sum(1 for w in alpha if w[0].isupper()) / na
        digits = (len(words) - len(alpha)) / max(1, len(words) + len(dense) // 2)
        tokens = [w.lower() for w in alpha] + dense
        share = sum(1 for t in tokens if t in common) / max(1, len(tokens))
        non_space = max(1, len(s) - s.count(" "))
        symbols = count("symbol", a, b) / non_space
        m = _ALPHA_START.match(s)
        lower_start = 1.0 if (m and m.group(1).islower()) else 0.0
        terminal = 1.0 if _TERMINAL.search(s) else 0.0
        rows.append(
            [
                1.0,
                math.log1p(nw),
                terminal,
                stop,
                caps,
                lower_start,
                digits,
                min(1.0, symbols * 4),
                min(3, count("furniture", a, b)) / (1.0 + math.log1p(nw)),
                1.0 if count("url", a, b) else 0.0,
                (a + b) / 2 / n_chars,
                1.0 if counts[key] > 1 else 0.0,
                1.0 if key in site_repeats else 0.0,
                s.count(",") / max(1, nw),
                1.0 if nw < 5 else 0.0,
                1.0 if nw > 12 else 0.0,
                1.0 if ("[" in s or "|" in s) else 0.0,
                1.0 if (na >= 3 and caps > 0.7) else 0.0,
                min(12.0, sum(len(w) for w in alpha) / na) / 6.0,
                header,
                math.log1p(comments_seen) / 2.0,
                1.0 if s.startswith("(") else 0.0,
                1.0 if count("credit", a, b) else 0.0,
                1.0 if nw == 0 else 0.0,
                1.0 if 1 <= nw <= 2 else 0.0,
                1.0 if 3 <= nw <= 5 else 0.0,
                1.0 if 6 <= nw <= 10 else 0.0,
                1.0 if 11 <= nw <= 20 else 0.0,
                1.0 if 21 <= nw <= 40 else 0.0,
                1.0 if (nw >= 8 and terminal) else 0.0,
                1.0 if stop < 0.15 else 0.0,
                1.0 if stop > 0.35 else 0.0,
                1.0 if count("strong", a, b) else 0.0,
                1.0 if s[:1].isdigit() else 0.0,
                1.0 if any(q in s for q in '"“”«»') else 0.0,
                1.0 if count("strong", a, b) >= 2 else 0.0,
                1.0 if count("date", a, b) else 0.0,
                share,
                1.0 if share < 0.1 else 0.0,
                1.0 if len(dense) > len(alpha) else 0.0,
            ]
        )
        comments_seen += int(header)
    return rows


def page_common_words(low: str, n: int = COMMON_WORDS) -> frozenset[str]:
    """The page's ``n`` most frequent short words (and single characters of dense scripts)."""
    counts: Counter[str] = Counter(_DENSE.findall(low))
    counts.update(w for w in _WORD.findall(low) if len(w) <= 4 and w[0].isalpha())
    return frozenset(w for w, _ in counts.most_common(n))
