"""Which of two documents that share passages is the original, with the evidence for it.

Reuse is symmetric on the page; its history is not. Four kinds of evidence point one way:

* **publication dates** from the page itself (``Document.date``: HTML meta or JSON-LD; a crawl's
  fetch date is not a publication date and is never put there): the earlier one is the original;
* **containment**: a copy covers part of an article that has more around it (captions,
  paragraphs the copier left out), so the side mostly inside the shared passages is the copy;
* **rewrite direction**: a spinner swaps common words for rarer synonyms ("use" -> "utilize"),
  so the side with the rarer word in a swap is the copy; but it turns names into dictionary
  words ("Ingenuity" -> "Creativity"), so for capitalised words inside a sentence the side with
  the rarer word is the original. Rarity is the word's rank in the packaged WordPiece
  vocabulary (built by frequency), no model is run;
* **credits and links**: a page that links to the other's address or names its site credits it.

Each kind votes with a weight; when the votes do not reach ``DECIDE`` the answer is
``"undecided"``: the evidence is listed either way, and nothing is guessed silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlsplit

from unspin.caches import once_per_process

#: Votes needed to name an original (a date decides alone; the weaker kinds need to agree).
DECIDE = 1.5
_WEIGHTS = {"date": 3.0, "containment": 1.0, "rewrite": 2.0, "names": 1.5, "credit": 2.0}
#: Containment votes only when the shared text is at least this share of the longer page.
MIN_SHARE = 0.3
#: A name is a rare word (frequency rank past this) turned into a commoner one.
NAME_RANK = 5000
#: Share of a pair's edits that are one-word swaps, above which it reads as spun.
SPUN_SHARE = 0.6
_WORD = re.compile(r"^[^\W\d_]+$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Origin:
    """The verdict for one pair: ``original`` is "source", "suspicious" or "undecided"."""

    original: str
    score: float
    evidence: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"original": self.original, "score": round(self.score, 3), "evidence": self.evidence}


def _vocab() -> dict[str, int]:
    path = resources.files("unspin") / "models" / "minilm" / "tokenizer.json"
    return json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]


def rarity(word: str) -> int:
    """The word's frequency rank (WordPiece vocabulary id; unknown words rank past the end)."""
    vocab = once_per_process("origin.vocab", "minilm", _vocab)
    w = word.lower()
    for form in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w):
        if form in vocab and vocab[form] >= 1996:  # below: special tokens and characters
            return vocab[form]
    return len(vocab) + 1000 * max(1, len(w) // 4)


def likely_original(comparison, *, links: tuple[list[str], list[str]] | None = None) -> Origin:
    """The verdict for a :class:`~unspin.align.result.Comparison` (source vs suspicious).

    ``links``: the link targets found on each page (source's, suspicious's), when known.
    A positive vote favours the source.
    """
    src, susp = comparison.source, comparison.suspicious
    votes: list[dict] = []
    _date_vote(src.date, susp.date, votes)
    cov = comparison.coverage
    _containment_vote(cov["source"], cov["suspicious"], votes)
    _rewrite_votes(comparison, votes)
    _credit_vote(src, susp, links, votes)
    score = sum(v["weight"] for v in votes)
    original = "undecided"
    if score >= DECIDE:
        original = "source"
    elif score <= -DECIDE:
        original = "suspicious"
    return Origin(original, score, votes)


def _vote(votes: list[dict], kind: str, sign: int, detail: str, strength: float = 1.0) -> None:
    weight = _WEIGHTS[kind] * strength * sign
    favours = "source" if sign > 0 else "suspicious"
    votes.append({"kind": kind, "favours": favours, "weight": round(weight, 3), "detail": detail})


def _date_vote(a: str | None, b: str | None, votes: list[dict]) -> None:
    da = _DATE.search(a or "")
    db = _DATE.search(b or "")
    if not (da and db) or da.group() == db.group():
        return
    sign = 1 if da.group() < db.group() else -1
    _vote(votes, "date", sign, f"published {da.group()} vs {db.group()}")


def _containment_vote(cov_src: float, cov_susp: float, votes: list[dict]) -> None:
    # The copy lies mostly inside the shared passages; the original has more around them.
    # ... but a long compilation may hold a short article whole: then the article is the
    # original, and the compilation's own coverage is tiny. Only a copy that takes a good share
    # of a longer page (``lo`` at least MIN_SHARE) says which is which.
    hi, lo = max(cov_src, cov_susp), min(cov_src, cov_susp)
    if hi < 0.6 or hi - lo < 0.2 or lo < MIN_SHARE:
        return
    sign = 1 if cov_susp > cov_src else -1
    detail = f"shared text covers {cov_src:.0%} of the source and {cov_susp:.0%} of the suspicious"
    _vote(votes, "containment", sign, detail, min(1.0, (hi - lo) / 0.4))


def _rewrite_votes(comparison, votes: list[dict]) -> None:
    src_text, susp_text = comparison.source.text, comparison.suspicious.text
    plain = [0, 0]  # swaps whose rarer word is in the suspicious / in the source
    names = [0, 0]  # a name on the source side became a word / the other way round
    examples: dict[str, list[str]] = {"plain": [], "names": []}
    edits = [e for p in comparison.passages for e in p.edits]
    swaps = 0
    for e in edits:
        a, b = e.source_text.strip(), e.suspicious_text.strip()
        if e.op != "replace" or not (_WORD.match(a) and _WORD.match(b)):
            continue
        swaps += 1
        name_a, name_b = _is_name(src_text, a), _is_name(susp_text, b)
        ra, rb = rarity(a), rarity(b)
        named, other = (ra, rb) if name_a else (rb, ra)
        renamed = named >= NAME_RANK and named > other + 500  # "Ingenuity" -> "Creativity"
        if name_a != name_b and renamed and min(len(a), len(b)) >= 4 and not _abbreviates(a, b):
            names[0 if name_a else 1] += 1
            examples["names"].append(f"{a} -> {b}")
            continue
        if a.lower() == b.lower() or abs(ra - rb) < 500:
            continue
        plain[0 if rb > ra else 1] += 1
        examples["plain"].append(f"{a} -> {b}")
    # Word-for-word swaps are a spinner's signature; translation reorders and rephrases (and
    # tends to the commoner word), so its swaps say nothing about direction.
    if edits and swaps / len(edits) < SPUN_SHARE:
        plain = [0, 0]
    for kind, (pos, neg), key in (("rewrite", plain, "plain"), ("names", names, "names")):
        total = pos + neg
        if not total or (kind == "rewrite" and total < 3) or max(pos, neg) < 0.75 * total:
            continue
        sign = 1 if pos > neg else -1
        shown = ", ".join(examples[key][:3])
        what = "rarer synonyms" if kind == "rewrite" else "a name turned into a common word"
        detail = f"{max(pos, neg)} of {total} swaps give {what} ({shown})"
        full = 8 if kind == "rewrite" else 1  # swaps for full weight (one renamed name is telling)
        strength = min(1.0, total / full) * (abs(pos - neg) / total)
        _vote(votes, kind, sign, detail, strength)


def _is_name(text: str, word: str) -> bool:
    """``word`` is used as a name in ``text``: capitalised somewhere inside a sentence."""
    if not word[:1].isupper():
        return False
    pattern = re.compile(r"[\w,;]\s+" + re.escape(word) + r"\b")
    return bool(pattern.search(text))


def _abbreviates(a: str, b: str) -> bool:
    x, y = a.lower().rstrip("."), b.lower().rstrip(".")
    return x.startswith(y) or y.startswith(x)


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _credit_vote(src, susp, links, votes: list[dict]) -> None:
    hs, hp = _host(src.url), _host(susp.url)
    if not hs or not hp or hs == hp:
        return
    src_links, susp_links = links or ([], [])
    credits_src = any(_host(u) == hs for u in susp_links) or _names_site(susp.text, hs)
    credits_susp = any(_host(u) == hp for u in src_links) or _names_site(src.text, hp)
    if credits_src != credits_susp:
        sign = 1 if credits_src else -1
        who, whom = (hp, hs) if credits_src else (hs, hp)
        _vote(votes, "credit", sign, f"{who} links to or names {whom}")


def _names_site(text: str, host: str) -> bool:
    return host.lower() in text.lower()
