"""Boilerplate removal for pages already flattened to plain text (no tags, no line breaks).

No HTML tool applies here (trafilatura returns nothing for a one-line dump), so this module
segments the text into units (sentences, cut further at bullets, "Related:" markers, headline
runs, datelines and glued-on image alt text), scores each unit from its own shape (length,
final punctuation, stop words, capitalisation, menu-like runs, boilerplate vocabulary,
position) and from its neighbours (two logistic passes, weights in ``_W1``/``_W2``), then keeps
the densest article region: sign-up/legal boxes are walls it cannot cross, and its edges are
trimmed of disclosures, bylines and calls to action. Units that repeat across several pages
of one site are boilerplate (``site_repeats``).

Clean prose (books, plain articles: text laid out in lines, or one-line text made almost only
of sentences) is recognised first and returned whole.
Every result is a list of spans into the original text: the text itself is never rewritten.
"""

from __future__ import annotations

import math
import operator
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

from unspin.caches import memo
from unspin.document import Span
from unspin.segment.sentences import ABBREVIATIONS, split_sentences, trim_span

# --------------------------------------------------------------------------- units

#: Markers that open a run of links to other stories; the run is cut off from what follows.
_MARKER = re.compile(
    r"(?:(?<=\s)|^)(?:related(?: stories| articles| content| posts| coverage| links| reading)?"
    r"|read more|read also|also read|see also|more from [\w .]{1,30}|more on this|recommended"
    r"|you may also like|watch|listen|trending|most popular|most read|advertisement"
    r"|sponsored)\s*:|(?:^|(?<=\s))comments?\s*\(\d+\)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,:/-]*")
_LOWER_AFTER_END = re.compile(r"""[.!?]["'”’)]*\s+(?=[a-z][a-z]+ )""")
_PUNCT_RUN = re.compile(r"[.!?…]{8,}")
_CJK_END = re.compile(r"[。！？]+[」』）]*")
_HEADLINE_GAP = re.compile(r"(?<=[a-z0-9)'’])\s+(?=[A-Z][a-z])")

#: Function words of the languages most often met on the web; a prose sentence is full of them.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours said says one two new like after
    el la los las de del y en que un una por con para es al lo se su sus como más pero fue
    le les des et à un une du est dans pour pas qui sur au avec ce il elle sont
    der die das und ist nicht mit von den zu im ein eine sich auf für dem des auch es
    o os as da do dos das em um uma para com não por mais foi ao pelo pela
    il lo gli di che è per non una sono della nel
    yang dan di ini itu dengan untuk dari dalam tidak akan pada adalah
    и в не на что с как а то все она так его но да к у же вы за бы по только от еще нет о из
    когда уже или до для мы чем без будет кто этот при это можно они он их был была""".split()
)

#: Vocabulary of page furniture: consent banners, subscriptions, sharing, navigation, legal.
_FURNITURE = re.compile(
    r"©|\(c\)|\b(?:"
    r"cookie|subscri|newsletter|sign (?:in|up|me up)|log ?in|log out|register|privacy"
    r"|terms (?:of|&|and)"
    r"|copyright|all rights reserved|advertis|sponsored|share (?:this|on)|follow us"
    r"|click here|download (?:the|our) app|read more|related|trending|most popular|comments?\b"
    r"|skip to|menu|search|forums?\b|news tip|let us know|affiliate commission"
    r"|terms and conditions|contact us"
    r"|about us|javascript|your browser|recommended|see more|see all|view all|load more"
    r"|facebook\b|twitter\b|instagram\b|linkedin\b|whatsapp\b|email\b|pinterest\b)",
    re.IGNORECASE,
)
#: Phrases that only page furniture uses.
_STRONG = re.compile(
    r"©|\(c\) \d{4}|\b(?:all rights reserved|privacy policy|terms of (?:use|service)"
    r"|cookie policy|sign up for|subscribe to|newsletter|follow us|share this"
    r"|leave a (?:reply|comment)|skip to (?:main )?content|you may also like|more stories"
    r"|recommended for you|by submitting|already a subscriber|log in to|sign in to|click here"
    r"|read more|see more|affiliate commission|purchase through links|earn (?:a|an affiliate)"
    r" commission|join (?:our|the) (?:\w+ )?(?:community|forums?|discussion|conversation))",
    re.IGNORECASE,
)
#: "published 20 January 2024", "Updated: Nov. 19, 2019 9:02 AM": a dateline ends the
#: headline and byline before it; the article starts after it.
_DATELINE = re.compile(
    r"\b(?:published|updated|posted)(?: on)?:?\s+(?:\w+\.?\s+){0,2}\d{1,4}(?:,\s*\d{4})?"
    r"(?:[\sT,]+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?-i:[A-Z]{2,4})\b)?)?"
    r"(?=\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
#: "Tuesday November 19, 2019", "19 November 2019", "2019-11-19": teasers and bylines carry one.
_FULL_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:^|\s)[Bb]y\s+[A-Z][\w'’-]+\s+[A-Z]")
_SYMBOL = re.compile(r"[^\w\s]")
#: (the e-mail part starts only at a token's start and never backtracks: linear on long runs)
_URLISH = re.compile(r"https?://|www\.|(?<!\S)[^\s@]++@[^\s@.]++\.\w|\.com\b")
_COMMENT = re.compile(
    r"\b(?:says|said|wrote)\s*:|\b\d{1,2}:\d{2}\s*[ap]\.?m\b|\breply\b"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"\((?=[^()]{0,80}\))[^()]*?(?:photo|image|getty|file|via|credit|©|/)[^()]*\)", re.IGNORECASE
)
_TERMINAL = re.compile(r"""[.!?…:]["'”’)\]]*$""")
_ALPHA_START = re.compile(r"""^["'“‘(\[]*([^\W\d_])""")


def units(text: str, spans: Sequence[Span] | None = None) -> list[Span]:
    """Sentence spans cut further at "Related:"-style markers and at headline runs after them.

    Pages are segmented once per batch: the cross-page repeat pass and the scorer share the
    result (memoised for pages under 200 KB, at most 64 of them: see unspin.caches).
    """
    if spans is not None or len(text) >= 200_000:
        return _units(text, spans)
    cache = memo("flat.units", 64)
    got = cache.get(text)
    if got is None:
        got = cache.put(text, tuple(_units(text, None)))
    return list(got)


def _units(text: str, spans: Sequence[Span] | None) -> list[Span]:
    cuts = _cut_points(text)
    out: list[Span] = []
    # Runs of sentence-end marks ("........") make sentence splitting quadratic: blank them
    # (same length, so every offset still points into the original text).
    seg_text = _PUNCT_RUN.sub(lambda m: " " * len(m.group()), text)
    for a, b in split_sentences(seg_text, list(spans) if spans is not None else None):
        inner = cuts[bisect_right(cuts, a) : bisect_left(cuts, b)]
        bounds = [a, *inner, b]
        for x, y in zip(bounds, bounds[1:], strict=False):
            piece = trim_span(text, x, y)
            if piece:
                out.extend(_cut_headline(text, *piece))
    return out


def _cut_points(text: str) -> list[int]:
    """Where units are cut inside sentences, found in one pass over the whole text each.

    At "Related:"-style markers; after a sentence end followed by a lower-case word (an
    image's alt text glued to the sentence before: "...on Friday. aerial view of..."); after
    CJK sentence ends; after datelines ("published 20 January 2024").
    """
    low = text.lower()
    marker = _lower_case(_MARKER)
    if len(low) != len(text):
        low, marker = text, _MARKER
    cuts = {m.start() for m in marker.finditer(low)}
    for m in _LOWER_AFTER_END.finditer(text):
        if not _abbreviation_before(text, m.start()):
            cuts.add(m.end())
    cuts.update(m.end() for m in _CJK_END.finditer(text))
    cuts.update(m.end() for m in _DATELINE.finditer(text))
    return sorted(cuts)


def _marker_at(s: str) -> re.Match | None:
    """The "Related:"-style marker a unit starts with, if any."""
    return _MARKER.match(s)


def _abbreviation_before(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    w = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    if not w:
        return False
    word = w.group(1).lower().strip(".")
    return word in ABBREVIATIONS or len(word) <= 1 or "." in word


def _cut_headline(text: str, a: int, b: int) -> list[Span]:
    """Split "Related: Some headline here Next real sentence ... ." at the headline's end.

    A headline has no full stop; the article sentence after it starts with a capital right
    after a lower-case word that is not a function word ("silence Ingenuity and ...").
    Only units that start with a marker or follow a list bullet are cut.
    """
    seg = text[a:b]
    if not (_marker_at(seg) or _is_listish_start(text, a)):
        return [(a, b)]
    if not _TERMINAL.search(seg):
        return [(a, b)]
    start = a
    m0 = _marker_at(seg)
    if m0:
        start = a + m0.end()
    for m in _HEADLINE_GAP.finditer(text, start, b):
        head = text[start : m.start()]
        words = head.split()
        if len(words) < 4:
            continue
        prev = words[-1].lower().strip("'’")
        if prev in STOP_WORDS or not prev[-1:].isalnum() and prev[-1:] not in ")'’":
            continue
        rest_words = text[m.end() : b].split()
        if len(rest_words) < 6:
            break
        first = trim_span(text, a, m.start())
        second = trim_span(text, m.end(), b)
        return [s for s in (first, second) if s]
    return [(a, b)]


def _is_listish_start(text: str, a: int) -> bool:
    before = text[max(0, a - 4) : a]
    return before.rstrip().endswith(("--", "*", "•", "|", "»"))


# ------------------------------------------------------------------------ features

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
)


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

    rows = []
    comments_seen = 0
    for (a, b), key in zip(spans, keys, strict=True):
        s = text[a:b]
        header = 1.0 if count("comment", a, b) else 0.0
        words = _WORD.findall(s)
        nw = len(words)
        alpha = [w for w in words if w[0].isalpha()]
        na = max(1, len(alpha))
        stop = sum(1 for w in alpha if w.lower() in STOP_WORDS) / na
        caps = sum(1 for w in alpha if w[0].isupper()) / na
        digits = (nw - len(alpha)) / max(1, nw)
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
            ]
        )
        comments_seen += int(header)
    return rows


_LC_CACHE: dict[re.Pattern, re.Pattern] = {}


def _lower_case(pat: re.Pattern) -> re.Pattern:
    """The pattern without IGNORECASE, for text already lower-cased (several times faster)."""
    if pat not in _LC_CACHE:
        _LC_CACHE[pat] = re.compile(pat.pattern, pat.flags & ~re.IGNORECASE)
    return _LC_CACHE[pat]


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


# ------------------------------------------------------------------------ scoring

#: First pass (own features), learned by logistic regression on flattened news pages; see
#: benchmarks/extract.py --train. Order follows ``FEATURES``.
_W1: tuple[float, ...] = (
    2.3102,
    -0.7238,
    1.0264,
    1.2524,
    -2.5998,
    -1.7575,
    5.4257,
    -0.2780,
    -3.7274,
    -0.9969,
    -2.0148,
    0.2627,
    0.0000,
    5.9953,
    0.0251,
    0.0206,
    0.7952,
    -0.6921,
    0.3939,
    -1.3111,
    -1.9530,
    -1.3490,
    0.0854,
    0.0000,
    -0.0562,
    -0.2036,
    0.1267,
    0.1033,
    0.6199,
    0.5991,
    0.2854,
    0.8083,
    -0.9872,
    -1.1684,
    0.7253,
    -0.1615,
    -1.8465,
)
#: Second pass: own first-pass logit, neighbours' logits (length-weighted, ±1, ±2..3, ±4..8),
#: and whether the unit lies in the densest block.
_W2: tuple[float, ...] = (
    1.5571,
    0.4156,
    0.2273,
    0.2337,
    -0.0690,
    1.6661,
    -1.3059,
    -2.5532,
)
#: Second-pass logit above which a unit inside the block is kept.
THRESHOLD = -0.5
#: A unit seen on other pages of the same site is furniture; the dev pages (one per site)
#: cannot teach this weight, so it is set by hand, strong enough to outvote sentence shape.
SITE_REPEAT_WEIGHT = -5.0


def _dot(w: Sequence[float], x: Sequence[float]) -> float:
    return sum(map(operator.mul, w, x))


def context_rows(
    logits: Sequence[float], lengths: Sequence[int], walls: Sequence[bool] | None = None
) -> list[list[float]]:
    """Second-pass features: a unit's own logit, its neighbours', and its block membership."""
    n = len(logits)
    block = _best_block(logits, lengths, GAP_WEIGHT, walls)
    rows = []
    for i in range(n):
        rows.append(
            [
                1.0,
                logits[i],
                _window(logits, lengths, i, 1, 1),
                _window(logits, lengths, i, 2, 3),
                _window(logits, lengths, i, 4, 8),
                1.0 if block[0] <= i < block[1] else 0.0,
                min(1.0, _distance(i, block) / 10.0),
                math.log1p(lengths[i]) / 6.0,
            ]
        )
    return rows


def _window(logits: Sequence[float], lengths: Sequence[int], i: int, lo: int, hi: int) -> float:
    tot = wsum = 0.0
    for j in (*range(i - hi, i - lo + 1), *range(i + lo, i + hi + 1)):
        if 0 <= j < len(logits):
            w = math.log1p(lengths[j])
            tot += w * logits[j]
            wsum += w
    return tot / wsum if wsum else -3.0


def _distance(i: int, block: tuple[int, int]) -> int:
    if block[0] <= i < block[1]:
        return 0
    return block[0] - i if i < block[0] else i - block[1] + 1


#: Weight of a furniture unit against an article unit when the block is drawn (tuned by
#: 5-fold cross-validation: above 1 the block ends too early, below it runs on into teasers).
GAP_WEIGHT = 0.8
#: Units shorter than this many words are trimmed from the edges of the article block...
TRIM_WORDS = 5
#: ...and so are edge units whose own score is below this.
EDGE_MIN = 0.0
#: Units of at least this many letters and digits are kept once only (teasers repeat the
#: article's sentences).
DEDUP_CHARS = 25


def _best_block(
    logits: Sequence[float],
    lengths: Sequence[int],
    gap: float = 1.0,
    walls: Sequence[bool] | None = None,
) -> tuple[int, int]:
    """Maximum-sum run of units, each weighted by its length: the article's dense core.

    A wall (a newsletter box, a comment header, a copyright line) cannot lie inside the run.
    """
    best, best_span = 0.0, (0, 0)
    cur, start = 0.0, 0
    for i, (z, n) in enumerate(zip(logits, lengths, strict=True)):
        if walls is not None and walls[i]:
            cur, start = 0.0, i + 1
            continue
        v = max(-4.0, min(4.0, z)) * math.sqrt(n)
        if v < 0:
            v *= gap
        if cur <= 0:
            cur, start = v, i
        else:
            cur += v
        if cur > best:
            best, best_span = cur, (start, i + 1)
    return best_span


#: A unit with furniture-only vocabulary whose own score is below this is a wall.
WALL_BELOW = 0.0


def walls(rows: Sequence[Sequence[float]], z1: Sequence[float]) -> list[bool]:
    """Units the article cannot run across: sign-up boxes and legal blocks, scored low.

    One furniture phrase is not enough (articles carry inline "Sign up for our newsletter"
    promos); two or more in one unit (newsletter + "by submitting" + privacy policy) is.
    """
    many = FEATURES.index("strong_many")
    return [r[many] > 0 and z < WALL_BELOW for r, z in zip(rows, z1, strict=True)]


def select_units(
    text: str,
    spans: Sequence[Span],
    z: Sequence[float],
    walls: Sequence[bool] | None = None,
    own: Sequence[float] | None = None,
) -> list[Span]:
    """Units of the article: above threshold, inside the densest block, each text only once.

    Pages often repeat the article's sentences in teasers and "previously in this series"
    lists; a sentence kept once is enough (and the copy is furniture).
    """
    lengths = [b - a for a, b in spans]
    b0, b1 = _best_block(z, lengths, GAP_WEIGHT, walls)
    # The block's edges: menu items, disclosures and bylines just before the article, link
    # stubs and calls to action just after it (short, or poor on their own).
    own = own if own is not None else z

    def weak(i: int) -> bool:
        a, b = spans[i]
        return (
            own[i] < EDGE_MIN
            or len(text[a:b].split()) < TRIM_WORDS
            or _STRONG.search(text, a, b) is not None
            or _DATELINE.search(text, a, b) is not None
            or (_BYLINE.search(text, a, b) is not None and not _TERMINAL.search(text[a:b]))
        )

    while b0 < b1 and weak(b0):
        b0 += 1
    while b1 > b0 and weak(b1 - 1):
        b1 -= 1
    seen: set[str] = set()
    keep = []
    in_list = False
    for i in range(b0, b1):
        a, b = spans[i]
        s = text[a:b]
        if _marker_at(s):
            in_list = True  # "Related: ..." and the link list it opens
            continue
        if in_list:
            if _TERMINAL.search(s) and len(s.split()) >= 6 and not _is_listish_start(text, a):
                in_list = False
            else:
                continue
        if z[i] <= THRESHOLD or not _has_letters(s) or _alt_text(text, a):
            continue
        key = _ALNUM_ONLY.sub("", s.lower())  # "layoffs ." and "layoffs." are one sentence
        if len(key) >= DEDUP_CHARS:
            if key in seen:
                continue
            seen.add(key)
        keep.append((a, b))
    return keep


_ALNUM_ONLY = re.compile(r"\W+")
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.DOTALL)


def _has_letters(s: str) -> bool:
    return _TWO_LETTERS.search(s) is not None


def _alt_text(text: str, a: int) -> bool:
    """A unit starting lower-case right after a sentence end: an image description."""
    m = _ALPHA_START.match(text[a : a + 8])
    if not m or not m.group(1).islower():
        return False
    before = text[max(0, a - 40) : a].rstrip()
    if not before.endswith((".", "!", "?", '"', "”", ")")):
        return False
    # "1 tsp. olive oil", "8 oz. water": a short word before the dot is an abbreviation
    last = re.search(r"([^\W\d_]+)\W*$", before)
    return bool(last) and len(last.group(1)) >= 4 and last.group(1).lower() not in ABBREVIATIONS


def score_units(
    text: str, spans: Sequence[Span], site_repeats: frozenset[str] | set[str] = frozenset()
) -> list[float]:
    """Second-pass logit per unit: above ``THRESHOLD`` means article."""
    return score_rows(unit_features(text, spans, site_repeats), [b - a for a, b in spans])


def first_pass(rows: Sequence[Sequence[float]]) -> list[float]:
    """Each unit's own logit, from its feature row alone."""
    rep = FEATURES.index("repeat_in_site")
    return [_dot(_W1, r) + SITE_REPEAT_WEIGHT * r[rep] for r in rows]


def score_rows(
    rows: list[list[float]], lengths: Sequence[int], wall: Sequence[bool] | None = None
) -> list[float]:
    """Second-pass logits from first-pass feature rows (see ``unit_features``)."""
    z1 = first_pass(rows)
    if wall is None:
        wall = walls(rows, z1)
    return [_dot(_W2, r) for r in context_rows(z1, lengths, wall)]


# ------------------------------------------------------------------------- prose test


def has_lines(text: str) -> bool:
    """True for text laid out in lines or paragraphs, i.e. not a page flattened to one line.

    A flattened page has no line breaks (at most a handful); an article or book saved as text
    has one every few hundred characters. Such text is the document itself: kept whole.
    """
    n = text.count("\n", 0, len(text.rstrip()))
    return n >= 3 and n * 1000 >= len(text)


#: Texts longer than this are tested for clean prose on samples of this size.
PROSE_SAMPLE = 200_000


def looks_like_clean_prose(text: str) -> bool:
    """True for a text that is already an article or a book: nearly all of it is sentences.

    Prose is made of sentences that end in punctuation and are full of function words; a
    flattened page mixes those with long menu and link runs. Long texts are judged on samples
    from the start, middle and end, so a book costs no more than a page.
    """
    if len(text) > 3 * PROSE_SAMPLE:
        mid = len(text) // 2 - PROSE_SAMPLE // 2
        cuts = [(0, PROSE_SAMPLE), (mid, mid + PROSE_SAMPLE), (len(text) - PROSE_SAMPLE, len(text))]
        samples = (text[a:b] for a, b in cuts)
        return all(_is_prose(sample, units(sample)) for sample in samples)
    return _is_prose(text, units(text))


def _is_prose(text: str, spans: Sequence[Span], rows: list[list[float]] | None = None) -> bool:
    """At most 12% of the characters outside function-word-rich, punctuated sentences."""
    if not spans:
        return True
    if rows is None:
        rows = unit_features(text, spans)
    total = sum(b - a for a, b in spans)
    bad = 0
    for (a, b), row in zip(spans, rows, strict=True):
        prose = row[2] == 1.0 and row[3] >= 0.2 and row[1] >= math.log1p(4) and row[8] == 0
        if not prose:
            bad += b - a
    return bad / max(1, total) < 0.12


# ------------------------------------------------------------------------- public


def extract_flat(
    text: str,
    *,
    site_repeats: frozenset[str] | set[str] = frozenset(),
    keep_prose: bool = True,
) -> list[Span]:
    """Article spans of a flattened page (or the whole text when it is clean prose)."""
    whole = trim_span(text, 0, len(text))
    if whole is None:
        return []
    if keep_prose and has_lines(text):
        return [whole]
    big = len(text) > 3 * PROSE_SAMPLE
    if keep_prose and big and not site_repeats and looks_like_clean_prose(text):
        return [whole]  # judged on samples: a long text costs no more than a page
    us = units(text)
    if not us:
        return []
    repeated = bool(site_repeats) and any(_norm(text[a:b]) in site_repeats for a, b in us)
    if keep_prose and big and not repeated and site_repeats and looks_like_clean_prose(text):
        return [whole]
    rows = unit_features(text, us, site_repeats)
    if keep_prose and not repeated and len(text) <= 3 * PROSE_SAMPLE and _is_prose(text, us, rows):
        return [whole]
    z1 = first_pass(rows)
    wall = walls(rows, z1)
    z = score_rows(rows, [b - a for a, b in us], wall)
    return merge_spans(text, select_units(text, us, z, wall, z1))


def merge_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """Join spans separated only by whitespace, so kept neighbours form one span."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def site_repeated_units(texts: Sequence[str], min_pages: int = 2) -> set[str]:
    """Normalised units found in at least ``min_pages`` different pages of the same site.

    Pages that are copies of each other (more than half their units shared) do not count
    against each other: an article repeated verbatim is not boilerplate.
    """
    per_page = [{_norm(text[a:b]) for a, b in units(text)} for text in texts]
    per_page = [{k for k in keys if len(k) >= 12} for keys in per_page]
    seen: Counter[str] = Counter()
    for i, keys in enumerate(per_page):
        twins = [
            j
            for j, other in enumerate(per_page)
            if j != i and len(keys & other) > 0.5 * min(len(keys), len(other))
        ]
        if twins and all(j < i for j in twins):
            continue  # count a set of near-copies once
        seen.update(keys)
    return {k for k, c in seen.items() if c >= min_pages}
