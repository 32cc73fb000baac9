"""Benchmark `unspin extract` on the Zyte article-extraction pages kept in ../shared.

Measure: the Zyte benchmark's own (4-token shingles of ``\\w+`` tokens, per-page TP/FP/FN
normalised to sum 1, macro precision and recall over pages, F1 of the two).

    .venv/bin/python benchmarks/extract.py            # html + flat + founding case + PAN
    (refit the flat scorer on every dev set: benchmarks/extract_sets.py --train --save)

html/: unspin (trafilatura with our settings and guards) beside trafilatura's defaults, on the
same pages, with pages/s for both. Speeds are pages per second of CPU time of this process
(time.process_time): shared machines make wall-clock rates swing with other people's jobs.
flat/: the same pages flattened to one line of text, each page alone and as one batch
(cross-page repeats). Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DEV = SHARED / "data" / "extract-dev"
CASE = SHARED / "cases" / "ingenuity"
PAN = SHARED / "data" / "pan13-train"

sys.path.insert(0, str(ROOT / "src"))

_TOKEN = re.compile(r"\w+")


# ----------------------------------------------------------------------------- measure


def shingles(text: str, n: int = 4) -> Counter:
    toks = _TOKEN.findall(text or "")
    grams = (tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))
    return Counter(g for g in grams if g)


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Shingle counts of one page, normalised so that every page weighs the same."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Macro precision, recall over pages (as the Zyte evaluate.py), and their F1."""
    p = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    r = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ----------------------------------------------------------------------------- runs


def _truth() -> dict:
    return json.loads((DEV / "ground-truth.json").read_text(encoding="utf-8"))


def bench_html(truth: dict) -> list[tuple[str, float, float, float, float]]:
    import logging

    import trafilatura

    from unspin.extractors.html import extract_html

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    pages = {k: (DEV / "html" / f"{k}.html").read_bytes() for k in truth}
    trafilatura.extract(next(iter(pages.values())))  # warm-up (imports, caches)
    runs = (
        ("trafilatura 2.3.1 defaults", lambda b: trafilatura.extract(b) or ""),
        ("unspin extract (html)", lambda b: extract_html(b).text),
    )
    # Interleaved page by page, so load from other processes hits both extractors alike.
    preds: dict[str, dict[str, str]] = {label: {} for label, _ in runs}
    seconds = dict.fromkeys(preds, 0.0)
    for k, b in pages.items():
        for label, fn in runs:
            t0 = time.process_time()
            preds[label][k] = fn(b)
            seconds[label] += time.process_time() - t0
    rows = []
    for label, _ in runs:
        p, r, f = prf([tp_fp_fn(truth[k]["articleBody"], preds[label][k]) for k in truth])
        rows.append((label, p, r, f, len(pages) / seconds[label]))
    return rows


def bench_flat(truth: dict) -> list[tuple[str, float, float, float, float]]:
    from unspin import caches
    from unspin.document import Document
    from unspin.extractors import extract_documents, main_text
    from unspin.extractors.flat import extract_flat

    texts = {k: (DEV / "flat" / f"{k}.txt").read_text(encoding="utf-8") for k in truth}
    rows = []
    p, r, f = prf([tp_fp_fn(truth[k]["articleBody"], texts[k]) for k in truth])
    rows.append(("whole flattened page", p, r, f, float("nan")))
    caches.clear()
    t0 = time.process_time()
    preds = {k: " ".join(t[a:b] for a, b in extract_flat(t)) for k, t in texts.items()}
    dt = time.process_time() - t0
    preds_alone = preds
    p, r, f = prf([tp_fp_fn(truth[k]["articleBody"], preds[k]) for k in truth])
    rows.append(("unspin extract (flat, each page alone)", p, r, f, len(texts) / dt))
    docs = [Document(text=t, id=k, path=f"flat/{k}.txt") for k, t in texts.items()]
    caches.clear()  # no head start from the run above
    t0 = time.process_time()
    out = extract_documents(docs)
    dt = time.process_time() - t0
    preds = {d.id: main_text(d) for d in out}
    p, r, f = prf([tp_fp_fn(truth[k]["articleBody"], preds[k]) for k in truth])
    rows.append(("unspin extract (flat, one batch)", p, r, f, len(texts) / dt))
    # Sites with two pages in the set: each page alone, then each site's pages together
    # (with their URLs, as a crawler would give them), on those pages only.
    sites: dict[str, list[str]] = {}
    for k in truth:
        host = re.sub(r"^https?://(www\.)?([^/]+).*$", r"\2", truth[k]["url"])
        sites.setdefault(host, []).append(k)
    pairs = [ks for ks in sites.values() if len(ks) > 1]
    alone, together = [], []
    for ks in pairs:
        docs = [Document(text=texts[k], id=k, url=truth[k]["url"]) for k in ks]
        for d in extract_documents(docs):
            body = truth[d.id]["articleBody"]
            together.append(tp_fp_fn(body, main_text(d)))
            alone.append(tp_fp_fn(body, preds_alone[d.id]))
    n = sum(len(ks) for ks in pairs)
    p, r, f = prf(alone)
    rows.append((f"{n} pages of {len(pairs)} sites, each alone", p, r, f, float("nan")))
    p, r, f = prf(together)
    rows.append((f"{n} pages of {len(pairs)} sites, grouped by site", p, r, f, float("nan")))
    return rows


def founding_case() -> str:
    from unspin.pipeline import load_document

    doc = load_document(str(CASE / "source.txt"))
    gold = json.loads((CASE / "gold.json").read_text(encoding="utf-8"))
    spans = doc.content_spans()

    def inside(a: int, b: int) -> bool:
        return any(x <= a and b <= y for x, y in spans)

    def overlaps(a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in spans)

    held = sum(
        inside(u["source_offset"], u["source_offset"] + u["source_length"]) for u in gold["reused"]
    )
    leaked = [
        u["text_start"][:40]
        for u in gold["boilerplate"]
        if overlaps(u["source_offset"], u["source_offset"] + u["source_length"])
    ]
    return (
        f"founding case: {held}/{len(gold['reused'])} reused units inside main text; "
        f"{len(leaked)}/{len(gold['boilerplate'])} boilerplate spans touched {leaked}"
    )


def pan_prose() -> str:
    """Share of PAN prose (books, articles) kept: each file alone, then the folders as a batch."""
    from unspin.extractors.flat import extract_flat
    from unspin.pipeline import iter_documents

    files = sorted((PAN / "src").glob("*.txt")) + sorted((PAN / "susp").glob("*.txt"))
    total = kept = whole = 0
    t0 = time.process_time()
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        k = sum(b - a for a, b in extract_flat(text))
        stripped = len(text.strip())
        total, kept = total + stripped, kept + k
        whole += k >= stripped
    dt = time.process_time() - t0
    b_total = b_kept = 0
    for doc in iter_documents([str(PAN / "src"), str(PAN / "susp")]):
        if hasattr(doc, "text"):
            b_total += len(doc.text.strip())
            b_kept += sum(b - a for a, b in doc.content_spans())
    return (
        f"PAN prose ({len(files)} src+susp files): {kept / total:.4f} of characters kept, "
        f"{whole}/{len(files)} documents whole, {len(files) / dt:.0f} docs/s; "
        f"as one batch (folders): {b_kept / b_total:.4f} kept"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=("html", "flat", "case", "pan"), help="run one part")
    args = ap.parse_args(argv)
    if not (DEV / "ground-truth.json").is_file():
        print(f"skipped: {DEV} not found (the benchmark needs ../shared)")
        return 0
        return 0
    truth = _truth()
    rows = []
    if args.only in (None, "html"):
        rows += [("html", *r) for r in bench_html(truth)]
    if args.only in (None, "flat"):
        rows += [("flat", *r) for r in bench_flat(truth)]
    if rows:
        print(f"extract-dev: {len(truth)} pages")
        print("| set | extractor | precision | recall | F1 | pages/s |")
        print("|---|---|---|---|---|---|")
        for s, name, p, r, f, speed in rows:
            sp = "–" if speed != speed else f"{speed:.0f}"
            print(f"| {s} | {name} | {p:.3f} | {r:.3f} | {f:.3f} | {sp} |")
    if args.only in (None, "case") and (CASE / "gold.json").is_file():
        print(founding_case())
    if args.only in (None, "pan") and (PAN / "src").is_dir():
        print(pan_prose())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
