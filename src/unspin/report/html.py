"""A self-contained HTML page: the two texts side by side, each passage in one colour in both.

Passage *n* is ``#pn`` in the suspicious text and ``#sn`` in the source; clicking a highlighted
passage jumps to its counterpart and hovering lights up both. Changed words are ``<del>``
(source side) and ``<ins>`` (suspicious side). Text outside the analysed main text (page
furniture) is greyed. Every byte of document text goes through ``escape_html`` (markup
escaped, bidi overrides shown as U+FFFD: report/sanitize.py): pages are hostile input, and the
report must be safe to open.
"""

from __future__ import annotations

from unspin.align.result import Comparison, Passage
from unspin.document import Document
from unspin.report.across import html_header, html_matches, match_anchors
from unspin.report.marks import kind_counts, passage_span, side_edits
from unspin.report.sanitize import escape_html

#: Passage colours, cycled.
PALETTE = 8

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;
background:#fafafa}
header,section.summary{padding:12px 20px}
h1{font-size:20px;margin:0 0 6px}
.meta{color:#555;margin:2px 0}
table{border-collapse:collapse;font-size:13px;margin-top:8px}
th,td{border-bottom:1px solid #ddd;padding:3px 10px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.panes{display:grid;grid-template-columns:1fr 1fr;gap:12px;padding:0 20px 20px}
.pane h2{font-size:14px;margin:8px 0;color:#444;overflow-wrap:anywhere}
.doc{white-space:pre-wrap;overflow-wrap:anywhere;overflow-y:auto;height:75vh;background:#fff;
border:1px solid #ddd;border-radius:6px;padding:12px 14px;font-family:Georgia,serif}
.furn{color:#aaa}
a.m{color:inherit;text-decoration:none;border-radius:2px;cursor:pointer}
a.m.hl{outline:2px solid #333}
a.m.sel{outline:2px solid #d40000}
del{color:#b00020;text-decoration:line-through}
ins{color:#006d2c;text-decoration:underline;font-weight:600}
.mv{font-style:italic;text-decoration:underline dotted}
.c0{background:#ffe08a}.c1{background:#b8e1ff}.c2{background:#c7f0c1}.c3{background:#ffc9de}
.c4{background:#e0d0ff}.c5{background:#ffd7b0}.c6{background:#bfeee8}.c7{background:#e6e6a8}
.k-verbatim{color:#b00020}.k-edited{color:#a15c00}.k-paraphrase{color:#00618a}
.k-translation{color:#7a1fa2}
"""

_JS = """
function same(a){return document.querySelectorAll('a.m[data-n="'+a.dataset.n+'"]')}
function light(a,c){document.querySelectorAll("a.m."+c).forEach(function(x){
x.classList.remove(c)});if(a)same(a).forEach(function(x){x.classList.add(c)})}
document.addEventListener("mouseover",function(e){light(e.target.closest("a.m"),"hl")});
document.addEventListener("click",function(e){var a=e.target.closest("a[href^='#']");if(!a)return;
var t=document.getElementById(a.getAttribute("href").slice(1));if(!t)return;e.preventDefault();
t.scrollIntoView({behavior:"smooth",block:"center"});var m=t.nextElementSibling;
while(m&&!m.matches("a.m"))m=m.nextElementSibling;light(m,"sel");
history.replaceState(null,"",a.getAttribute("href"))});
"""


def render_html(comparison: Comparison) -> str:
    """The whole page as one string."""
    esc = escape_html
    passages = sorted(comparison.passages, key=lambda p: (p.suspicious_offset, p.source_offset))
    src, susp = comparison.source, comparison.suspicious
    cov = comparison.coverage
    title = f"unspin: {susp.name} vs {src.name}"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n',
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<header>\n",
        f"<h1>{len(passages)} reused passage{'' if len(passages) == 1 else 's'} found</h1>\n",
        f'<p class="meta">{esc(kind_counts(comparison))}</p>\n' if passages else "",
        f'<p class="meta">suspicious: <b>{esc(susp.name)}</b> ({len(susp.text):,} chars, '
        f"{cov['suspicious']:.1%} traced to the source)</p>\n",
        f'<p class="meta">source: <b>{esc(src.name)}</b> ({len(src.text):,} chars, '
        f"{cov['source']:.1%} reused)</p>\n",
    ]
    if comparison.model:
        parts.append(f'<p class="meta">model: {esc(comparison.model)}</p>\n')
    parts.append(html_header(comparison))
    parts.append("</header>\n")
    parts.append(_summary(comparison, passages))
    parts.append(html_matches(comparison, passages, PALETTE))
    parts.append('<div class="panes">\n')
    parts.append(_pane("source", src, passages, "s", "p"))
    parts.append(_pane("suspicious", susp, passages, "p", "s"))
    parts.append(f"</div>\n<script>{_JS}</script>\n</body>\n</html>\n")
    return "".join(parts)


def render_panes(comparison: Comparison) -> str:
    """The summary table and the side-by-side panes as an HTML fragment, without page, style
    or script: for a page that brings its own (``unspin serve``'s review page, whose
    Content-Security-Policy forbids inline script). Passage numbers match :func:`render_html`.
    """
    passages = sorted(comparison.passages, key=lambda p: (p.suspicious_offset, p.source_offset))
    src, susp = comparison.source, comparison.suspicious
    return "".join(
        [
            _summary(comparison, passages),
            '<div class="panes">\n',
            _pane("source", src, passages, "s", "p"),
            _pane("suspicious", susp, passages, "p", "s"),
            "</div>\n",
        ]
    )


def report_css() -> str:
    """The report's style sheet (the review page serves it as a file)."""
    return _CSS


def _summary(c: Comparison, passages: list[Passage]) -> str:
    esc = escape_html
    if not passages:
        return '<section class="summary"><p>No reused passage found.</p></section>\n'
    rows = [
        '<section class="summary"><table>\n<thead><tr><th>#</th><th>kind</th>'
        "<th>similarity</th><th>suspicious</th><th>source</th><th>edits</th><th>excerpt</th>"
        "</tr></thead>\n<tbody>\n"
    ]
    for n, p in enumerate(passages, 1):
        excerpt = " ".join(c.suspicious.text[p.suspicious_offset : p.suspicious_end].split())
        if len(excerpt) > 90:
            excerpt = excerpt[:89] + "…"
        rows.append(
            f'<tr><td class="num"><a class="m c{(n - 1) % PALETTE}" href="#p{n}" '
            f'data-n="{n}">{n}</a></td>'
            f'<td class="k-{esc(p.kind)}">{esc(p.kind)}</td>'
            f'<td class="num">{p.similarity:.2f}</td>'
            f'<td class="num"><a href="#p{n}">{p.suspicious_offset}–{p.suspicious_end}</a></td>'
            f'<td class="num"><a href="#s{n}">{p.source_offset}–{p.source_end}</a></td>'
            f'<td class="num">{len(p.edits)}</td><td>{esc(excerpt)}</td></tr>\n'
        )
    rows.append("</tbody></table></section>\n")
    return "".join(rows)


def _pane(side: str, doc: Document, passages: list[Passage], own: str, other: str) -> str:
    """One document with its passages highlighted; ``own``/``other`` are the id prefixes.

    A sweep over the cut points keeps this linear in the text, passages and edits.
    """
    esc = escape_html
    text = doc.text
    size = len(text)
    # (point, order, kind, key, value): ends sort before starts at the same point
    events: list[tuple[int, int, str, int, str]] = []
    for a, b in doc.content_spans():
        a, b = max(0, a), min(size, b)
        if b > a:
            events += [(a, 1, "content", 0, ""), (b, 0, "content", 0, "")]
    for n, p in enumerate(passages, 1):
        a, b = passage_span(p, side)
        a, b = max(0, a), min(size, b)
        if b <= a:
            continue
        events += [(a, 1, "passage", n, ""), (b, 0, "passage", n, "")]
        # Matched sentences of a translation passage: anchors the sentence table links to.
        events += [(at, 2, "anchor", n, key) for at, key in match_anchors(p, n, side, own)]
        for ea, eb, op in side_edits(p.edits, side, a, b):
            events += [(ea, 1, "edit", n, op), (eb, 0, "edit", n, op)]
    events.sort()
    labels = {
        n: f"passage {n}: {esc(p.kind)}, similarity {p.similarity:.2f}"
        for n, p in enumerate(passages, 1)
    }
    points = sorted({0, size, *(e[0] for e in events)})
    out = [f'<div class="pane"><h2>{side}: {esc(doc.name)}</h2><div class="doc" id="{side}">']
    content_depth = 0
    active: dict[int, None] = {}  # passage numbers, insertion-ordered
    active_edits: dict[int, str] = {}  # passage number -> op of the edit open in it
    k = 0
    for a, b in zip(points, points[1:], strict=False):
        while k < len(events) and events[k][0] == a:
            _, starting, kind, n, op = events[k]
            k += 1
            if kind == "content":
                content_depth += 1 if starting else -1
            elif kind == "anchor":
                out.append(f'<span id="{op}"></span>')
            elif kind == "passage":
                if starting:
                    active[n] = None
                    out.append(f'<span id="{own}{n}"></span>')
                else:
                    active.pop(n, None)
            elif starting:
                active_edits[n] = op
            else:
                active_edits.pop(n, None)
        chunk = esc(text[a:b])
        furn = content_depth <= 0
        if not active:
            out.append(f'<span class="furn">{chunk}</span>' if furn else chunk)
            continue
        covering = sorted(active)
        n = covering[0]
        op = next((active_edits[m] for m in covering if m in active_edits), None)
        if op is not None:
            chunk = _mark_edit(chunk, side, op)
        cls = f"m c{(n - 1) % PALETTE}" + (" furn" if furn else "")
        label = "; ".join(labels[m] for m in covering)
        out.append(f'<a class="{cls}" href="#{other}{n}" data-n="{n}" title="{label}">{chunk}</a>')
    out.append("</div></div>\n")
    return "".join(out)


def _mark_edit(chunk: str, side: str, op: str) -> str:
    if op == "move":
        return f'<span class="mv" title="moved">{chunk}</span>'
    if side == "source":
        return f"<del>{chunk}</del>"
    return f"<ins>{chunk}</ins>"
