"""Reports as the service stores and serves them: built from the API's results, read back into
a ``Comparison`` for the side-by-side view, exported as JSON or CSV with their verdicts.

A record keeps the texts it was made from (``texts``), so a report stays readable after its
sources leave the index; the API never sends them (the view is rendered on the server).
Passages are numbered 1, 2, ... in the order of the HTML report (by suspicious offset): a
review's ``passage`` is that number.
"""

from __future__ import annotations

import csv
import io
import time

from unspin.align.result import Comparison, Edit, Passage
from unspin.document import Document


def _ordered(passages: list[Passage]) -> list[Passage]:
    return sorted(passages, key=lambda p: (p.suspicious_offset, p.source_offset))


def _text_of(doc: Document) -> dict:
    return {"name": doc.name, "text": doc.text, "main": doc.main, "url": doc.url}


def _source_entry(rank: int, cmp: Comparison, **extra) -> dict:
    d = cmp.to_dict()
    return {
        "rank": rank,
        "name": cmp.source.name,
        "url": cmp.source.url,
        **extra,
        "coverage": d["coverage"],
        "model": d["model"],
        "passages": [p.to_dict() for p in _ordered(cmp.passages)],
        "warnings": d["warnings"],
    }


def check_record(result, options: dict) -> dict:
    """A record for an :class:`~unspin.index.CheckResult`."""
    sources = [
        _source_entry(
            n,
            hit.comparison,
            id=hit.doc_id,
            score=round(hit.score, 4),
            retrieval=round(hit.retrieval, 4),
        )
        for n, hit in enumerate(result.sources, 1)
    ]
    return {
        "kind": "check",
        "created": round(time.time(), 3),
        "options": options,
        "query": {"name": result.query.name, "length": len(result.query.text)},
        "candidates": result.candidates,
        "seconds": round(result.seconds, 3),
        "warnings": list(result.query.warnings),
        "sources": sources,
        "texts": {
            "query": _text_of(result.query),
            "sources": [_text_of(h.comparison.source) for h in result.sources],
        },
    }


def compare_record(cmp: Comparison, options: dict, seconds: float) -> dict:
    """A record for one comparison: a report with one source."""
    score = round(cmp.coverage["suspicious"], 4)
    return {
        "kind": "compare",
        "created": round(time.time(), 3),
        "options": options,
        "query": {"name": cmp.suspicious.name, "length": len(cmp.suspicious.text)},
        "candidates": 1,
        "seconds": round(seconds, 3),
        "warnings": list(cmp.warnings),
        "sources": [_source_entry(1, cmp, id=None, score=score, retrieval=None)],
        "texts": {"query": _text_of(cmp.suspicious), "sources": [_text_of(cmp.source)]},
    }


def _doc(d: dict) -> Document:
    main = [tuple(s) for s in d["main"]] if d.get("main") else None
    return Document(text=d["text"], id=d["name"], main=main)  # named as in the report


def comparison(record: dict, rank: int) -> Comparison | None:
    """The comparison of source ``rank`` (1-based) read back from a record; None if absent."""
    if not 1 <= rank <= len(record["sources"]):
        return None
    entry = record["sources"][rank - 1]
    passages = []
    for p in entry["passages"]:
        fields = {k: v for k, v in p.items() if k != "edits"}
        passages.append(Passage(**fields, edits=[Edit(**e) for e in p.get("edits", [])]))
    return Comparison(
        source=_doc(record["texts"]["sources"][rank - 1]),
        suspicious=_doc(record["texts"]["query"]),
        passages=passages,
        model=entry.get("model"),
        warnings=list(entry.get("warnings", [])),
    )


def public(record: dict, reviews: list[dict]) -> dict:
    """What ``GET /v1/reports/{id}`` answers: the record without its texts, each source and
    passage with its current verdict (the latest review), and every review in order."""
    latest: dict[tuple[int, int | None], dict] = {}
    for r in reviews:
        latest[(r["source"], r["passage"])] = r
    out = {k: v for k, v in record.items() if k != "texts"}
    out["url"] = f"/r/{record['id']}"
    sources = []
    for s in record["sources"]:
        s = dict(s)
        s["verdict"] = _verdict(latest.get((s["rank"], None)))
        s["passages"] = [
            {**p, "number": n, "verdict": _verdict(latest.get((s["rank"], n)))}
            for n, p in enumerate(s["passages"], 1)
        ]
        sources.append(s)
    out["sources"] = sources
    out["reviews"] = reviews
    return out


def _verdict(review: dict | None) -> dict | None:
    if review is None:
        return None
    return {k: review[k] for k in ("verdict", "note", "who", "created")}


CSV_FIELDS = (
    "source_rank",
    "source",
    "source_url",
    "score",
    "passage",
    "kind",
    "similarity",
    "suspicious_offset",
    "suspicious_length",
    "source_offset",
    "source_length",
    "verdict",
    "note",
    "who",
)


def to_csv(report: dict) -> str:
    """One row per source (passage empty: the source's own verdict) and per passage."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_FIELDS)
    for s in report["sources"]:
        base = [s["rank"], s["name"], s["url"] or "", s["score"]]
        v = s["verdict"] or {}
        w.writerow(
            _cells(base + [""] + [""] * 6 + [v.get(k, "") for k in ("verdict", "note", "who")])
        )
        for p in s["passages"]:
            v = p["verdict"] or {}
            w.writerow(
                _cells(
                    base
                    + [p["number"], p["kind"], p["similarity"]]
                    + [p[k] for k in CSV_FIELDS[7:11]]
                    + [v.get(k, "") for k in ("verdict", "note", "who")]
                )
            )
    return buf.getvalue()


def _cells(row: list) -> list:
    """Spreadsheets run cells that start with = + - @ as formulas: quote such text."""
    return [
        "'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c
        for c in row
    ]
