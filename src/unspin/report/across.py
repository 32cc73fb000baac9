"""Reports of passages across languages: matched sentences side by side, no word edits.

A ``translation`` passage pairs sentences of two languages; marking "changed words" between
them would mark every word, so the reports show each suspicious sentence beside the source
sentence it was matched to (linked both ways in HTML) and say that no word edits are given.
Every report of a comparison says which language each side was read as.
"""

from __future__ import annotations

import html
import textwrap

from unspin.align.result import Comparison, Passage

NO_EDITS = "no word edits across languages: matched sentences are shown side by side"


def languages_line(c: Comparison) -> str:
    """``source read as en, suspicious read as de`` ("" when the languages were not read)."""
    if not c.languages:
        return ""
    src, susp = c.languages.get("source", "und"), c.languages.get("suspicious", "und")
    return f"source read as {src}, suspicious read as {susp}"


def text_passage(c: Comparison, p: Passage, number: int, width: int, clean, style) -> list[str]:
    """A translation passage for the terminal: its matched sentences, two columns when wide.

    ``clean`` makes document text safe to print and ``style(text, code)`` colours it (both from
    report/text.py, so the rules for hostile text live in one place).
    """
    head = (
        f"{style(f'#{number}', chr(27) + '[1m')}  {style('translation', chr(27) + '[35m')}  "
        f"similarity {p.similarity:.2f}  {clean(p.source_language)} → "
        f"{clean(p.suspicious_language)}, {len(p.matches)} matched sentence"
        f"{'s' if len(p.matches) != 1 else ''}"
    )
    lines = [
        head,
        f"    source {p.source_offset}–{p.source_end} │ suspicious "
        f"{p.suspicious_offset}–{p.suspicious_end}  ({NO_EDITS})",
    ]
    wide = width >= 100
    col = (width - 7) // 2 if wide else width - 6
    for k, m in enumerate(p.matches, 1):
        src = " ".join(
            clean(c.source.text[m.source_offset : m.source_offset + m.source_length]).split()
        )
        susp = " ".join(
            clean(
                c.suspicious.text[m.suspicious_offset : m.suspicious_offset + m.suspicious_length]
            ).split()
        )
        left = textwrap.wrap(src, col) or [""]
        right = textwrap.wrap(susp, col) or [""]
        lines.append(f"  {number}.{k}  cosine {m.similarity:.2f}")
        if wide:
            for i in range(max(len(left), len(right))):
                ltxt = left[i] if i < len(left) else ""
                rtxt = right[i] if i < len(right) else ""
                lines.append(("    " + ltxt.ljust(col) + " │ " + rtxt).rstrip())
        else:
            lines += (
                ["    " + t for t in left]
                + ["    → " + right[0]]
                + ["      " + t for t in right[1:]]
            )
    return lines


def html_header(c: Comparison) -> str:
    """The header lines: languages read, and the note when any passage crosses languages."""
    esc = html.escape
    out = ""
    if c.languages:
        out += f'<p class="meta">languages: {esc(languages_line(c))}</p>\n'
    if any(p.kind == "translation" for p in c.passages):
        out += f'<p class="meta">translation passages: {esc(NO_EDITS)}</p>\n'
    return out


def match_anchors(p: Passage, n: int, side: str, prefix: str) -> list[tuple[int, str]]:
    """(offset, id) of each matched sentence of passage ``n`` on ``side`` of the panes."""
    if side == "source":
        return [(m.source_offset, f"{prefix}{n}-{k}") for k, m in enumerate(p.matches, 1)]
    return [(m.suspicious_offset, f"{prefix}{n}-{k}") for k, m in enumerate(p.matches, 1)]


def html_matches(c: Comparison, passages: list[Passage], palette: int) -> str:
    """A table per translation passage: source sentence | suspicious sentence, each a link to
    its place in the panes below (``#sn-k`` / ``#pn-k``)."""
    esc = html.escape
    parts = []
    for n, p in enumerate(passages, 1):
        if p.kind != "translation" or not p.matches:
            continue
        parts.append(
            f'<section class="summary"><h2 id="x{n}">passage {n}: translation '
            f"{esc(p.source_language)} → {esc(p.suspicious_language)}, similarity "
            f"{p.similarity:.2f} ({esc(NO_EDITS)})</h2>\n<table>\n<thead><tr><th>#</th>"
            f"<th>cosine</th><th>source ({esc(p.source_language)})</th>"
            f"<th>suspicious ({esc(p.suspicious_language)})</th></tr></thead>\n<tbody>\n"
        )
        for k, m in enumerate(p.matches, 1):
            src = c.source.text[m.source_offset : m.source_offset + m.source_length]
            susp = c.suspicious.text[
                m.suspicious_offset : m.suspicious_offset + m.suspicious_length
            ]
            parts.append(
                f'<tr><td class="num">{n}.{k}</td><td class="num">{m.similarity:.2f}</td>'
                f'<td><a class="m c{(n - 1) % palette}" data-n="{n}" href="#s{n}-{k}">{esc(src)}</a></td>'
                f'<td><a class="m c{(n - 1) % palette}" data-n="{n}" href="#p{n}-{k}">{esc(susp)}</a></td>'
                "</tr>\n"
            )
        parts.append("</tbody></table></section>\n")
    return "".join(parts)
