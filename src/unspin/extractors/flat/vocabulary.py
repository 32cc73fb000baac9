"""What page furniture and prose look like: the patterns and word lists the flat extractor
reads units with (one pass over a page each, counted per unit by bisection)."""

from __future__ import annotations

import re

from unspin.stopwords import WEB_FUNCTION_WORDS

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
STOP_WORDS = WEB_FUNCTION_WORDS  # see unspin.stopwords

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
_TERMINAL = re.compile(r"""[.!?…:。！？।။؟]["'”’)\]」』）]*$""")
#: Letters of scripts written without spaces between words (Chinese, Japanese, Thai, Burmese):
#: there a "word" is about two of them.
_DENSE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u1000-\u109f]"
)
_ALPHA_START = re.compile(r"""^["'“‘(\[]*([^\W\d_])""")
