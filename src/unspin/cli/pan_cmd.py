"""`unspin pan PAIRS SRC_DIR SUSP_DIR OUT_DIR`: the PAN text-alignment batch convention."""

from __future__ import annotations

import argparse
import sys

from unspin.cli.compare_cmd import add_engine_options

EXAMPLE = """example:
  unspin pan ../shared/data/pan13-noobf-dev/pairs ../shared/data/pan13-noobf-dev/src \\
      ../shared/data/pan13-noobf-dev/susp out/

Writes suspicious-documentX-source-documentY.xml per pair. Exit status 2 if any pair failed
(the others are still written; failures are listed on standard error).
"""


def register(sub) -> None:
    p = sub.add_parser(
        "pan",
        help="align every pair of a PAN pairs file, one XML per pair",
        description=__doc__,
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("pairs")
    p.add_argument("src_dir")
    p.add_argument("susp_dir")
    p.add_argument("out_dir")
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: cores)")
    p.add_argument(
        "--extract",
        action="store_true",
        help="extract main text first (PAN documents are plain text: off by default)",
    )
    add_engine_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from unspin.pan import read_pairs, run_pan

    total = len(read_pairs(args.pairs))
    with tqdm(total=total, unit="pair", disable=None, file=sys.stderr) as bar:
        result = run_pan(
            args.pairs,
            args.src_dir,
            args.susp_dir,
            args.out_dir,
            jobs=args.jobs,
            lexical_only=args.lexical_only,
            model=args.model,
            thorough=args.thorough,
            extract=args.extract,
            max_chars=args.max_chars,
            progress=bar.update,
        )
    from unspin.report.sanitize import one_line

    for warning in result.warnings:
        print(f"unspin: warning: {one_line(warning)}", file=sys.stderr)
    print(f"unspin pan: wrote {result.written} of {total} pairs to {args.out_dir}", file=sys.stderr)
    if result.failures:
        print(f"unspin pan: {len(result.failures)} failed:", file=sys.stderr)
        for line in result.failures:
            print(f"  {one_line(line)}", file=sys.stderr)
        return 2
    return 0
