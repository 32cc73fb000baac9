"""Main text on every dev set, flattened and HTML, unspin beside trafilatura; leave-one-set-out.

    .venv/bin/python benchmarks/extract_sets.py                 # flat + html, every set
    .venv/bin/python benchmarks/extract_sets.py --only flat
    .venv/bin/python benchmarks/extract_sets.py --loso          # flat scorer: leave one set out
    .venv/bin/python benchmarks/extract_sets.py --train --save  # refit on every set, write weights

Sets: ``extract-dev`` (Zyte news), and ``extract-more-dev``'s ``dragnet`` (news and blogs),
``msv-chaos`` (messy small sites), ``cleaneval-dev`` (gold keeps all running text),
``newspaper4k-fixtures`` (8 languages). Each page's text goes through the public API the command
uses (``unspin.extract(Path)``), F1 over 4-gram shingles, macro over pages (as Zyte's evaluate.py).
Speeds are CPU seconds (process time): shared machines make wall clocks swing.

``--loso`` fits the flat scorer's weights on every set but one and scores the held-out set with
``extract_flat(..., weights=...)``, the extractor users run with other weights: the held-out
figure is the one that counts. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402
from extract import prf, tp_fp_fn  # noqa: E402

SETS = {
    "zyte": "extract-dev",
    "dragnet": "extract-more-dev/dragnet",
    "msv-chaos": "extract-more-dev/msv-chaos",
    "cleaneval": "extract-more-dev/cleaneval-dev",
    "newspaper4k": "extract-more-dev/newspaper4k-fixtures",
}


def load_set(name: str) -> tuple[Path, dict[str, str]]:
    """The set's folder and its gold article text per page key."""
    folder = shared_dir() / "data" / SETS[name]
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return folder, {k: v.get("articleBody") or "" for k, v in truth.items()}


def flat_scores(name: str, weights=None) -> tuple[float, float, float, float]:
    """P, R, F1 and pages/s of the flat extractor on one set (each page alone)."""
    import unspin
    from unspin.errors import InputError
    from unspin.extractors import main_text
    from unspin.extractors.flat import extract_flat

    folder, truth = load_set(name)
    counts, seconds = [], 0.0
    for k, body in truth.items():
        path = folder / "flat" / f"{k}.txt"
        if not path.exists():
            continue
        t0 = time.process_time()
        if weights is None:
            try:
                pred = main_text(unspin.extract(path))
            except InputError:  # an empty page: nothing extracted
                pred = ""
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
            # as extraction does: no article found -> the whole text is the content
            spans = extract_flat(text, weights=weights) or [(0, len(text))]
            pred = " ".join(text[a:b] for a, b in spans)
        seconds += time.process_time() - t0
        counts.append(tp_fp_fn(body, pred))
    p, r, f = prf(counts)
    return p, r, f, len(counts) / max(seconds, 1e-9)


def html_scores(name: str) -> list[tuple[str, float, float, float, float]]:
    """unspin and trafilatura (its defaults) on the set's HTML, interleaved page by page."""
    import logging

    import trafilatura

    import unspin

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    folder, truth = load_set(name)
    runs = {
        "trafilatura 2.3.1": lambda p: trafilatura.extract(p.read_bytes()) or "",
        "unspin": lambda p: _unspin_html(unspin, p),
    }
    counts: dict[str, list] = {k: [] for k in runs}
    seconds = dict.fromkeys(runs, 0.0)
    for k, body in truth.items():
        path = folder / "html" / f"{k}.html"
        if not path.exists():
            continue
        for label, fn in runs.items():
            t0 = time.process_time()
            pred = fn(path)
            seconds[label] += time.process_time() - t0
            counts[label].append(tp_fp_fn(body, pred))
    return [(label, *prf(c), len(c) / max(seconds[label], 1e-9)) for label, c in counts.items()]


def _unspin_html(unspin, path: Path) -> str:
    from unspin.errors import InputError
    from unspin.extractors import main_text

    try:
        return main_text(unspin.extract(path))
    except InputError:
        return ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("flat", "html"))
    ap.add_argument("--sets", nargs="+", choices=tuple(SETS), default=list(SETS))
    ap.add_argument("--loso", action="store_true", help="flat scorer: leave one set out")
    ap.add_argument("--train", action="store_true", help="refit the flat scorer on the sets")
    ap.add_argument("--save", action="store_true", help="with --train: write the weights file")
    args = ap.parse_args(argv)
    if not (shared_dir() / "data" / SETS["zyte"]).is_dir():
        print(f"skipped: {shared_dir() / 'data'} not found (the benchmark needs ../shared)")
        return 0
    sets = [s for s in args.sets if (shared_dir() / "data" / SETS[s]).is_dir()]
    if args.train or args.loso:
        from train_flat import leave_one_set_out, train_and_save

        if args.loso:
            leave_one_set_out(sets, load_set, flat_scores)
        if args.train:
            train_and_save(sets, load_set, save=args.save)
        return 0
    print("| set | pages | extractor | precision | recall | F1 | pages/s (CPU) |")
    print("|---|---|---|---|---|---|---|")
    for s in sets:
        n = len(load_set(s)[1])
        if args.only in (None, "flat"):
            p, r, f, speed = flat_scores(s)
            print(f"| {s} | {n} | unspin flat | {p:.3f} | {r:.3f} | {f:.3f} | {speed:.0f} |")
        if args.only in (None, "html"):
            for label, p, r, f, speed in html_scores(s):
                print(f"| {s} | {n} | {label} html | {p:.3f} | {r:.3f} | {f:.3f} | {speed:.0f} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
