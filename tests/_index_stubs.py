"""Stand-ins for contracts other modules provide, used only while those are absent.

``install()`` adds ``unspin.align.compare.compare`` and ``unspin.readers.load_document`` /
``iter_documents`` when the real ones are not importable, so the index tests run on their own.
The real implementations always win.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path


def _stub_compare(source, suspicious, *, embedder=None, lexical_only=False):
    from rapidfuzz import fuzz

    from unspin.align.result import Comparison, Passage
    from unspin.segment.sentences import split_sentences

    ss = split_sentences(source.text, source.content_spans())
    qs = split_sentences(suspicious.text, suspicious.content_spans())
    stext = [source.text[a:b] for a, b in ss]
    qtext = [suspicious.text[a:b] for a, b in qs]
    sims = None
    if embedder is not None and not lexical_only and ss and qs:
        sims = embedder.encode(qtext) @ embedder.encode(stext).T
    passages = []
    for i, (qa, qb) in enumerate(qs):
        best, bj = 0.0, -1
        for j, st in enumerate(stext):
            s = fuzz.token_set_ratio(qtext[i], st) / 100
            if sims is not None:
                s = max(s, float(sims[i, j]))
            if s > best:
                best, bj = s, j
        if best >= 0.8 and len(qtext[i].split()) >= 4:
            sa, sb = ss[bj]
            passages.append(Passage(qa, qb - qa, sa, sb - sa, round(best, 4), "paraphrase"))
    return Comparison(source, suspicious, passages)


def _stub_load_document(path, *, extract=True):
    from unspin.readers.text import read_document

    return read_document(path)


def _stub_iter_documents(paths, *, extract=True):
    from unspin.errors import InputError

    for p in paths:
        p = Path(p)
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            try:
                yield _stub_load_document(f, extract=extract)
            except InputError as err:
                yield err


def install() -> None:
    try:
        from unspin.align.compare import compare  # noqa: F401
    except ImportError:
        mod = types.ModuleType("unspin.align.compare")
        mod.compare = _stub_compare
        sys.modules["unspin.align.compare"] = mod
    import unspin.readers as readers

    if not hasattr(readers, "load_document"):
        readers.load_document = _stub_load_document
    if not hasattr(readers, "iter_documents"):
        readers.iter_documents = _stub_iter_documents


def cli(argv: list[str]) -> int:
    """``unspin.cli.main``; restricted to the index/check verbs while the others are missing."""
    import argparse

    try:
        from unspin.cli import build_parser, main

        build_parser()
        return main(argv)
    except ImportError:
        pass

    from unspin.cli import check_cmd, index_cmd
    from unspin.errors import UnspinError

    parser = argparse.ArgumentParser(prog="unspin")
    sub = parser.add_subparsers(dest="verb")
    index_cmd.register(sub)
    check_cmd.register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UnspinError as err:
        print(f"unspin: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # used by the subprocess tests: python tests/_index_stubs.py ARGS
    install()
    sys.exit(cli(sys.argv[1:]))
