"""Spun copies of real news pages: does `unspin compare` trace them, and never the furniture?

The founding case is one page. This checks the same kind of input on the 91 extract-dev pages:
each page's article body (``ground-truth.json``) is *spun* by a small synonym-and-syntax spinner
(below: a thesaurus of common words, clause moves, dropped fillers, contractions), then compared
with the page as a crawler flattened it (``flat/``, menus and comments included), the way
``unspin compare PAGE COPY`` does it.

* *units traced*: spun sentences that a reported passage covers and traces to the right place
  of the page (the source span overlaps the sentence's place in the page);
* *coverage*: share of the spun text's characters inside reported passages;
* *furniture passages*: reported passages whose source span lies mostly outside the stretch of
  the page from the article's first sentence to its last (menus, related links, comments):
  must be 0;
* *false pairs*: a spun article compared with another page must yield no passage.

    .venv/bin/python benchmarks/spun_pages.py                 # light and heavy spinning
    .venv/bin/python benchmarks/spun_pages.py --lexical-only --limit 30
    .venv/bin/python benchmarks/spun_pages.py --check [--index DIR]   # via an index instead

``--check`` indexes the 91 flattened pages and looks each spun copy up with ``unspin check``:
recall@1 (the page it was made from ranked first), the coverage of the copy that page
explains, and check latency.

The spinner is generic (its thesaurus lists everyday English, not words of these pages) and
seeded, so runs are repeatable. Real spinning tools and round-trip translation change more
than this; the founding case covers translation.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402

_PAIRS = """
said stated|says states|told informed|asked questioned|big large|small little|begin start
began started|buy purchase|bought purchased|help assist|helped assisted|show demonstrate
shows demonstrates|need require|needs requires|use utilise|used utilised|uses utilises
about approximately|also additionally|often frequently|quickly rapidly|now currently
many numerous|important significant|problem issue|problems issues|company firm
companies firms|people individuals|get obtain|got obtained|make create|made created
try attempt|tried attempted|end finish|ended finished|chance opportunity|choose select
chose selected|hard difficult|easy simple|fast quick|job work|jobs positions|kids children
house home|houses homes|car vehicle|cars vehicles|city town|country nation|countries nations
idea notion|ideas notions|answer reply|area region|areas regions|enough sufficient
build construct|built constructed|keep retain|kept retained|leave depart|left departed
look appear|looks appears|looked appeared|maybe perhaps|mostly largely|near close
old former|new novel|part portion|pay compensate|paid compensated|place location|plan scheme
plans schemes|point moment|put placed|rather instead|really truly|report account
reports accounts|rise increase|rose increased|risk danger|risks dangers|role function
rule regulation|rules regulations|run operate|runs operates|same identical|seem appear
seems appears|seemed appeared|shift change|shop store|shops stores|size dimension
so therefore|soon shortly|start commence|started commenced|still nevertheless|story tale
strong powerful|study research|sure certain|talk speak|talked spoke|think believe
thought believed|though although|together jointly|top highest|total overall|try seek
understand comprehend|until till|very extremely|want wish|wanted wished|way manner
whole entire|win triumph|won triumphed|world globe|worry concern|year twelvemonth
young youthful|fight battle|fought battled|find discover|found discovered|give provide
gave provided|goal aim|goals aims|grow expand|grew expanded|growth expansion
include comprise|includes comprises|including comprising|increase boost|job occupation
large huge|latest newest|lead guide|led guided|main principal|major key|meet encounter
method technique|money funds|move shift|moved shifted|next following|offer provide
offered provided|official officer|officials officers|price cost|prices costs
recent new|recently lately|reason cause|receive get|received got|remain stay
remained stayed|result outcome|results outcomes|return come back|says claims|search seek
team group|teams groups|week seven days|weeks seven-day periods|worked laboured
"""


def _thesaurus() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for pair in re.split(r"[|\n]", _PAIRS):
        words = pair.split()
        if len(words) < 2:
            continue
        a, b = words[0], " ".join(words[1:])
        out.setdefault(a, []).append(b)
        if " " not in b:
            out.setdefault(b, []).append(a)
    return out


THESAURUS = _thesaurus()
FILLERS = {"very", "really", "just", "also", "actually", "quite", "simply", "even"}
CONTRACTIONS = {
    "do not": "don't",
    "does not": "doesn't",
    "is not": "isn't",
    "it is": "it's",
    "can not": "can't",
    "cannot": "can't",
    "will not": "won't",
    "they are": "they're",
    "we are": "we're",
}
_WORD = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


def _swap(word: str, rnd: random.Random) -> str:
    options = THESAURUS.get(word.lower())
    if not options:
        return word
    new = rnd.choice(options)
    return new.capitalize() if word[0].isupper() else new


def spin_sentence(sentence: str, level: str, rnd: random.Random) -> str:
    """One sentence reworded: synonyms, fillers dropped, contractions, (heavy) a clause moved."""
    p_swap = 0.5 if level == "light" else 0.9
    out = []
    for piece in _WORD.findall(sentence):
        if piece.isalpha():
            if piece.lower() in FILLERS and rnd.random() < p_swap:
                if out and out[-1].endswith(" "):
                    out[-1] = out[-1][:-1]
                continue
            if rnd.random() < p_swap:
                piece = _swap(piece, rnd)
        out.append(piece)
    text = "".join(out)
    for long, short in CONTRACTIONS.items():
        if rnd.random() < p_swap:
            text = text.replace(long, short)
    if level == "heavy":
        # "When X happened, Y did Z." -> "Y did Z when X happened."
        m = re.match(r"^([A-Z][^,]{12,80}), ([a-z][^.?!]{12,})([.?!])$", text)
        if m and rnd.random() < 0.7:
            first, rest, stop = m.groups()
            lead = first[0].lower() + first[1:] if not first.split()[0].isupper() else first
            text = f"{rest[0].upper()}{rest[1:]}, {lead}{stop}"
    return text


_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")


def body_sentences(body: str) -> list[str]:
    """The article body's sentences (long enough to be units)."""
    sents = [m.group().strip() for m in _SENT.finditer(body)]
    return [s for s in sents if len(s.split()) >= 6]


def locate(flat: str, sentence: str) -> list[tuple[int, int]]:
    """Every place ``sentence`` sits in the flattened page (whitespace-insensitive)."""
    pattern = r"\s+".join(re.escape(w) for w in sentence.split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, flat)]


def make_case(flat: str, body: str, level: str, seed: int) -> dict | None:
    """A spun copy of ``body``: its text and units (spun span, places in the page: a sentence
    the page repeats may be traced to any of its copies)."""
    rnd = random.Random(seed)
    units, parts, at = [], [], 0
    for sent in body_sentences(body):
        where = locate(flat, sent)
        if not where:
            continue
        spun = spin_sentence(sent, level, rnd)
        parts.append(spun)
        units.append({"susp": (at, at + len(spun)), "src": where})
        at += len(spun) + 1
    if len(units) < 3:
        return None
    return {"text": " ".join(parts), "units": units}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(case: dict, passages: list[dict]) -> dict:
    """Units traced, coverage of the spun text, and furniture passages of one comparison."""
    spans = [
        (
            (p["suspicious_offset"], p["suspicious_offset"] + p["suspicious_length"]),
            (p["source_offset"], p["source_offset"] + p["source_length"]),
        )
        for p in passages
    ]
    traced = sum(
        any(_overlap(q, u["susp"]) and any(_overlap(s, w) for w in u["src"]) for q, s in spans)
        for u in case["units"]
    )
    covered = set()
    for q, _ in spans:
        covered.update(range(*q))
    # The article's stretch of the page, from the first place of its sentences to the last
    # (the page's article may hold sentences the ground truth leaves out, and captions).
    places = [w for u in case["units"] for w in u["src"]]
    article = (min(a for a, _ in places), max(b for _, b in places))
    furniture = sum(_overlap(s, article) < 0.5 * (s[1] - s[0]) for _, s in spans)
    return {
        "units": len(case["units"]),
        "traced": traced,
        "coverage": len(covered) / max(1, len(case["text"])),
        "furniture": furniture,
    }


def check_run(data: Path, truth: dict, names: list[str], args) -> None:
    """Index the flattened pages, then check every spun copy against the index."""
    from unspin.document import Document
    from unspin.index import Index

    tmp = None if args.index else tempfile.TemporaryDirectory(prefix="unspin-spun-idx-")
    index_dir = Path(args.index or Path(tmp.name) / "idx")
    if not (index_dir / "index.sqlite").exists():
        t0 = time.perf_counter()
        with Index(index_dir, write=True, lexical_only=args.lexical_only) as idx:
            rep = idx.add([str(data / "flat")], progress=sys.stderr.isatty())
        print(f"indexed {rep.added} pages in {time.perf_counter() - t0:.1f} s")
    with Index(index_dir) as idx:
        for level in args.levels.split(","):
            found, cov, lat = 0, [], []
            for i, name in enumerate(names):
                flat = (data / "flat" / f"{name}.txt").read_text(encoding="utf-8")
                case = make_case(flat, truth[name].get("articleBody") or "", level, seed=i)
                if case is None:
                    continue
                t0 = time.perf_counter()
                res = idx.check(
                    Document(text=case["text"], id=name), top=5, lexical_only=args.lexical_only
                )
                lat.append(time.perf_counter() - t0)
                top = res.sources[0] if res.sources else None
                hit = top is not None and Path(top.document.path or "").stem == name
                found += hit
                cov.append(top.comparison.coverage["suspicious"] if hit else 0.0)
            lat.sort()
            print(
                f"check, {level}: {len(lat)} copies, recall@1 {found / max(1, len(lat)):.3f}, "
                f"mean coverage of the copy by its page {sum(cov) / max(1, len(cov)):.3f}, "
                f"latency p50 {lat[len(lat) // 2]:.3f} s, p95 {lat[int(0.95 * (len(lat) - 1))]:.3f} s"
            )
    if tmp:
        tmp.cleanup()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lexical-only", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--levels", default="light,heavy")
    ap.add_argument("--details", action="store_true", help="one line per page")
    ap.add_argument("--check", action="store_true", help="look the copies up in an index")
    ap.add_argument("--index", help="with --check: index folder to build or reuse")
    args = ap.parse_args(argv)

    data = shared_dir() / "data" / "extract-dev"
    if not (data / "ground-truth.json").is_file():
        print(f"spun_pages: no data at {data}; skipping (set UNSPIN_SHARED)")
        return 0
    from unspin.align.compare import compare
    from unspin.pipeline import load_document

    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    names = sorted(truth)[: args.limit or None]
    if args.check:
        check_run(data, truth, names, args)
        return 0
    embedder = None
    if not args.lexical_only:
        from unspin.represent.embed import load_embedder

        embedder = load_embedder()
    with tempfile.TemporaryDirectory(prefix="unspin-spun-") as tmp:
        for level in args.levels.split(","):
            totals = {"units": 0, "traced": 0, "furniture": 0, "pages": 0, "false": 0}
            cov, elapsed, n_cmp = [], 0.0, 0
            for i, name in enumerate(names):
                page = data / "flat" / f"{name}.txt"
                flat = page.read_text(encoding="utf-8")
                case = make_case(flat, truth[name].get("articleBody") or "", level, seed=i)
                if case is None:
                    continue
                copy = Path(tmp) / f"{name}.{level}.txt"
                copy.write_text(case["text"], encoding="utf-8")
                other = data / "flat" / f"{names[(i + 1) % len(names)]}.txt"
                t0 = time.perf_counter()
                src, susp = load_document(page), load_document(copy)
                res = compare(src, susp, embedder=embedder, lexical_only=args.lexical_only)
                neg = compare(
                    load_document(other), susp, embedder=embedder, lexical_only=args.lexical_only
                )
                elapsed += time.perf_counter() - t0
                n_cmp += 2
                s = score(case, [p.to_dict() for p in res.passages])
                totals["pages"] += 1
                totals["false"] += bool(neg.passages)
                for k in ("units", "traced", "furniture"):
                    totals[k] += s[k]
                cov.append(s["coverage"])
                if args.details:
                    print(
                        f"  {level} {name[:12]} traced {s['traced']}/{s['units']} "
                        f"coverage {s['coverage']:.2f} furniture {s['furniture']} "
                        f"false {len(neg.passages)}"
                    )
            pages = totals["pages"]
            print(
                f"{level}: {pages} pages, units traced {totals['traced']}/{totals['units']} "
                f"({totals['traced'] / max(1, totals['units']):.3f}), mean coverage "
                f"{sum(cov) / max(1, len(cov)):.3f}, furniture passages {totals['furniture']}, "
                f"pages falsely matched to another page {totals['false']}/{pages}, "
                f"{n_cmp / max(elapsed, 1e-9):.1f} comparisons/s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
