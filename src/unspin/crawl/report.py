"""report.html for a crawl, and one pair side by side (``unspin crawl show OUT PAIR_ID``).

The report lists the largest clusters of reuse and the sites most made of copies; each pair
links to its own page, rendered by the project's HTML report from the stored passages (offsets
into each document's text as decoded). Every piece of document text is escaped.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

#: Pairs given their own page in the report (the largest clusters' first).
REPORT_PAIRS = 200


def read_table(spark, outdir: Path, name: str, fmt: str | None = None):
    path = outdir / name
    if fmt is None:
        fmt = "parquet" if any(path.glob("*.parquet")) else "jsonl"
    return spark.read.parquet(str(path)) if fmt == "parquet" else spark.read.json(str(path))


def comparisons(spark, outdir: Path, pair_ids: list[str], fmt: str | None = None) -> dict:
    """{pair_id: (Comparison, pair row)} for the stored pairs named (one query per table)."""
    from pyspark.sql import functions as F

    from unspin.align.result import Comparison, Edit, Passage
    from unspin.crawl.read import to_document

    ids = list(pair_ids)
    # (as dicts: JSON Lines tables leave out empty fields, and a column nobody filled)
    table = read_table(spark, outdir, "pairs", fmt).filter(F.col("pair_id").isin(ids))
    pairs = [r.asDict() for r in table.collect()]
    wanted = {d for p in pairs for d in (p["doc_a"], p["doc_b"])}
    docs = read_table(spark, outdir, "documents", fmt).filter(F.col("doc_id").isin(list(wanted)))
    rows = {r["doc_id"]: r.asDict() for r in docs.collect()}
    passages: dict[str, list] = {}
    table = read_table(spark, outdir, "passages", fmt).filter(F.col("pair_id").isin(ids))
    for p in table.orderBy("pair_id", "n").collect():
        passages.setdefault(p["pair_id"], []).append(
            Passage(
                suspicious_offset=p["b_offset"],
                suspicious_length=p["b_length"],
                source_offset=p["a_offset"],
                source_length=p["a_length"],
                similarity=p["similarity"],
                kind=p["kind"],
                edits=[Edit(**e) for e in json.loads(p["edits"] or "[]")],
            )
        )
    out = {}
    for pair in pairs:
        a, b = to_document(rows[pair["doc_a"]]), to_document(rows[pair["doc_b"]])
        comp = Comparison(a, b, passages.get(pair["pair_id"], []), model=pair.get("model"))
        out[pair["pair_id"]] = (comp, pair)
    return out


def origin_lines(pair: dict, names: dict[str, str]) -> list[str]:
    """The verdict and its evidence, one line each."""
    verdict = pair["original"]
    head = (
        "original: undecided"
        if verdict == "undecided"
        else f"original: {names.get(verdict, verdict)}"
    )
    lines = [f"{head} (score {pair['origin_score']:+.1f})"]
    for ev in json.loads(pair["evidence"] or "[]"):
        lines.append(f"  {ev['kind']}: favours the {ev['favours']} ({ev['detail']})")
    return lines


def write_report(spark, outdir: Path, fmt: str, counts: dict) -> None:
    from pyspark.sql import functions as F

    from unspin.report.html import render_html

    clusters = (
        read_table(spark, outdir, "clusters", fmt).orderBy(F.desc("size")).limit(20).collect()
    )
    sites = (
        read_table(spark, outdir, "sites", fmt)
        .filter(F.col("pages_that_copy") > 0)
        .orderBy(F.desc("share_copied"), F.desc("pages"))
        .limit(20)
        .collect()
    )
    sites = [r.asDict() for r in sites]
    docs = read_table(spark, outdir, "documents", fmt)
    members = {m for c in clusters for m in c["members"]}
    names = {
        r["doc_id"]: r.asDict().get("url") or r["name"]
        for r in docs.filter(F.col("doc_id").isin(list(members))).collect()
    }
    pairs = (
        read_table(spark, outdir, "pairs", fmt)
        .filter(F.col("doc_a").isin(list(members)))
        .orderBy(F.desc("coverage_b"))
        .limit(REPORT_PAIRS)
        .collect()
    )
    pairs = [r.asDict() for r in pairs]
    pages = outdir / "pair"
    pages.mkdir(exist_ok=True)
    by_cluster: dict[str, list] = {}
    found = comparisons(spark, outdir, [p["pair_id"] for p in pairs], fmt)
    for p in pairs:
        comp, _ = found.get(p["pair_id"], (None, None))
        if comp is not None:
            body = render_html(comp)
            note = "<br>".join(escape(x) for x in origin_lines(p, names))
            body = body.replace("<body>", f"<body><p class='origin'>{note}</p>", 1)
            (pages / f"{p['pair_id']}.html").write_text(body, encoding="utf-8")
        for c in clusters:
            if p["doc_a"] in c["members"]:
                by_cluster.setdefault(c["cluster_id"], []).append(p)
    html = [
        "<!doctype html><html><head><meta charset='utf-8'><title>unspin crawl</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:auto}td,th{padding:2px 8px;"
        "text-align:left;vertical-align:top}</style></head><body><h1>unspin crawl</h1><p>",
        escape(", ".join(f"{k}: {v}" for k, v in counts.items())),
        "</p><h2>Largest clusters of reuse</h2>",
    ]
    for c in clusters:
        orig = names.get(c["original"], c["original"])
        html.append(
            f"<h3>{c['size']} documents, {c['pairs']} pairs; original: {escape(str(orig))}</h3><ul>"
        )
        for p in by_cluster.get(c["cluster_id"], []):
            label = f"{names.get(p['doc_a'], p['doc_a'])} ↔ {names.get(p['doc_b'], p['doc_b'])}"
            stats = f"coverage {p['coverage_a']:.0%} / {p['coverage_b']:.0%}, original: "
            stats += str(names.get(p["original"], p["original"]))
            html.append(
                f"<li><a href='pair/{escape(p['pair_id'])}.html'>{escape(label)}</a> "
                f"({escape(stats)})</li>"
            )
        html.append("</ul>")
    html.append("<h2>Sites most made of copies</h2><table><tr><th>site</th><th>pages</th>"
                "<th>pages that copy</th><th>share copied</th><th>reworded</th><th>copied from</th></tr>")  # fmt: skip
    for s in sites:
        reworded = "" if s.get("share_reworded") is None else f"{s['share_reworded']:.0%}"
        cells = [s["site"], s["pages"], s["pages_that_copy"], f"{s['share_copied']:.0%}", reworded,
                 ", ".join(s.get("copied_from") or [])]  # fmt: skip
        html.append("<tr>" + "".join(f"<td>{escape(str(x))}</td>" for x in cells) + "</tr>")
    html.append("</table></body></html>")
    (outdir / "report.html").write_text("\n".join(html), encoding="utf-8")
