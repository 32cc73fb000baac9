"""What a cross-language pair costs against an English pair of the same length (unspin.compare).

    .venv/bin/python benchmarks/cross_speed.py              # 40 pairs of each, 3 rounds
    .venv/bin/python benchmarks/cross_speed.py --pairs 20 --rounds 1

Cross-language pairs: the true pairs of ``vroniplag-dev`` (German fragments and their English
sources, and the reverse). English pairs: PAN 2013 ``translation`` cases (round-trip translated
English), each side cut at a sentence end to the length of one VroniPlag pair's side, so both
sets hold the same number of characters. Both go through the public API with the models loaded
and warmed first (``unspin.compare(..., whole=True)``, the default model for English); the
figure is the ratio of the medians over ``--rounds`` of the total time per set. Exits 0 with a
message when the data are absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402
from vroniplag import read_labels  # noqa: E402

import unspin  # noqa: E402
from unspin.eval.plagdet import load_cases, normalise_reference  # noqa: E402


def cut(text: str, length: int) -> str:
    """``text`` cut near ``length`` characters, at a sentence end when there is one."""
    if len(text) <= length:
        return text
    end = text.rfind(". ", 0, length + 1)
    return text[: end + 1] if end > length // 2 else text[:length]


def english_pairs(pan: Path, lengths: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """One English (source, suspicious) pair per length pair, cut from PAN translation cases."""
    lines = (pan / "pairs-translation").read_text().splitlines()
    wanted = {tuple(normalise_reference(n) for n in line.split()) for line in lines}
    cases = [c for c in load_cases(pan / "truth") if (c.suspicious, c.source) in wanted]
    cases.sort(key=lambda c: (c.suspicious, c.source, c.suspicious_offset))
    out: list[tuple[str, str]] = []
    k = 0
    for n_src, n_susp in lengths:
        # From the start of the next case whose documents are long enough from there on (the
        # case, then what follows it: a case shorter than the VroniPlag side is a part of it).
        while k < len(cases):
            c = cases[k]
            k += 1
            src = (pan / "src" / f"{c.source}.txt").read_text(encoding="utf-8")[c.source_offset :]
            susp = (pan / "susp" / f"{c.suspicious}.txt").read_text(encoding="utf-8")
            susp = susp[c.suspicious_offset :]
            if len(src) >= n_src and len(susp) >= n_susp:
                out.append((cut(src, n_src), cut(susp, n_susp)))
                break
    return out


def timed(pairs: list[tuple[str, str]]) -> float:
    t0 = time.perf_counter()
    for src, susp in pairs:
        unspin.compare(src, susp, whole=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    vp, pan = shared_dir() / "data" / "vroniplag-dev", shared_dir() / "data" / "pan13-train"
    if not (vp / "labels.tsv").is_file() or not (pan / "truth").is_dir():
        print("cross_speed: no vroniplag-dev or pan13-train data; skipping (set UNSPIN_SHARED)")
        return 0
    cross = []
    for susp, src, label in read_labels(vp):
        if label and len(cross) < args.pairs:
            cross.append(
                (
                    (vp / "src" / src).read_text(encoding="utf-8"),
                    (vp / "susp" / susp).read_text(encoding="utf-8"),
                )
            )
    english = english_pairs(pan, [(len(s), len(q)) for s, q in cross])
    cross = cross[: len(english)]
    chars = (sum(len(s) + len(q) for s, q in cross), sum(len(s) + len(q) for s, q in english))
    timed(cross[:2] + english[:2])  # load and warm both models
    t_cross, t_en = [], []
    for _ in range(args.rounds):
        t_cross.append(timed(cross))
        t_en.append(timed(english))
    mc, me = statistics.median(t_cross), statistics.median(t_en)
    print(f"pairs: {len(cross)} of each; characters: cross {chars[0]:,}, English {chars[1]:,}")
    print(f"cross-language: {mc:.2f} s ({1000 * mc / len(cross):.1f} ms/pair)")
    print(f"English:        {me:.2f} s ({1000 * me / len(english):.1f} ms/pair)")
    print(f"ratio cross/English: {mc / me:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
