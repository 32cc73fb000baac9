"""``/v1``: checks, comparisons, jobs, reports and their reviews, the index's documents.

Each route validates its input, hands the work to the engine (pool or writer thread) and
answers JSON; errors are the one JSON object of errors.py. The JSON of a report is the
command's (docs/json-schema.md for passages), plus ids, verdicts and reviews.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from unspin import api
from unspin.serve import records
from unspin.serve.errors import ApiError
from unspin.serve.models import CheckRequest, CompareRequest, DocumentRequest, ReviewRequest
from unspin.serve.security import read_access, require_token

router = APIRouter(prefix="/v1")
Writer = Annotated[str, Depends(require_token)]
ReportId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", max_length=64)]
ERRORS = {
    401: {"description": "missing or unknown API token"},
    422: {"description": "bad input"},
}


def _engine(request: Request):
    return request.app.state.engine


async def _report(request: Request, rid: str) -> dict:
    """The public report, read and shaped off the event loop (records hold whole texts)."""
    return await asyncio.to_thread(_load_report, request, rid)


def _load_report(request: Request, rid: str) -> dict:
    store = request.app.state.store
    record = store.report(rid)
    if record is None:
        raise ApiError(404, "not_found", f"no report {rid}")
    return records.public(record, store.reviews(rid))


@router.post("/check", responses={202: {"description": "a job"}, **ERRORS}, tags=["check"])
async def check(body: CheckRequest, request: Request, _who: Writer):
    """A text or a file against the index: its sources, ranked, each with its passages.

    Long texts (over the server's job size) or ``job: true`` become a job: ``202`` with the
    job's URL to poll (progress, then the report's id).
    """
    value = body.value()
    options = {
        "top": body.top,
        "whole": body.whole,
        "lexical_only": body.lexical_only,
        "name": body.name,
    }
    engine = _engine(request)
    if body.job or len(value) > request.app.state.job_chars:
        job = engine.start_job(value, options)
        return JSONResponse(
            job.to_dict(), status_code=202, headers={"Location": job.to_dict()["url"]}
        )
    rid = await engine.run(engine.check, value, options)
    return await _report(request, rid)


@router.get("/jobs/{job_id}", dependencies=[Depends(read_access)], tags=["check"])
async def job(job_id: ReportId, request: Request):
    """A check running as a job: ``status`` (queued, running, done, failed), ``progress``
    (0-1), then ``report`` (its id) or ``error``."""
    found = _engine(request).job(job_id)
    if found is None:
        raise ApiError(404, "not_found", f"no job {job_id}")
    return found.to_dict()


@router.post("/compare", responses=ERRORS, tags=["check"])
async def compare(body: CompareRequest, request: Request, _who: Writer):
    """Two texts or files: every passage of ``suspicious`` taken from ``source``."""
    source, suspicious = body.source.value(), body.suspicious.value()
    options = {"whole": body.whole, "lexical_only": body.lexical_only}
    engine = _engine(request)
    named = (
        (source, body.source.name or "source"),
        (suspicious, body.suspicious.name or "suspicious"),
    )
    rid = await engine.run(engine.compare, *named, options)
    return await _report(request, rid)


@router.get("/reports/{rid}", dependencies=[Depends(read_access)], tags=["reports"])
async def report(rid: ReportId, request: Request):
    """A report with its verdicts (the latest review of each source and passage) and reviews."""
    return await _report(request, rid)


@router.get(
    "/reports/{rid}/csv",
    dependencies=[Depends(read_access)],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    tags=["reports"],
)
async def report_csv(rid: ReportId, request: Request):
    """The report as CSV: a row per source and per passage, with its verdict."""
    body = records.to_csv(await _report(request, rid))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="unspin-{rid}.csv"'},
    )


@router.get(
    "/reports/{rid}/sources/{rank}/view",
    dependencies=[Depends(read_access)],
    response_class=HTMLResponse,
    tags=["reports"],
)
async def view(rid: ReportId, rank: Annotated[int, Path(ge=1, le=1000)], request: Request):
    """The side-by-side view of one source (an HTML fragment for the review page)."""
    from unspin.report.html import render_panes

    def render() -> str | None:
        record = request.app.state.store.report(rid)
        cmp = records.comparison(record, rank) if record else None
        return render_panes(cmp) if cmp is not None else None

    page = await asyncio.to_thread(render)  # long texts: off the event loop
    if page is None:
        raise ApiError(404, "not_found", f"no source {rank} in report {rid}")
    return HTMLResponse(page)


@router.post("/reports/{rid}/reviews", status_code=201, responses=ERRORS, tags=["reports"])
async def review(rid: ReportId, body: ReviewRequest, request: Request, who: Writer):
    """A verdict on a source (no ``passage``) or on one passage: confirmed or dismissed."""
    store = request.app.state.store
    record = await asyncio.to_thread(store.report, rid)
    if record is None:
        raise ApiError(404, "not_found", f"no report {rid}")
    if body.source > len(record["sources"]):
        raise ApiError(422, "bad_input", f"report {rid} has {len(record['sources'])} sources")
    n = len(record["sources"][body.source - 1]["passages"])
    if body.passage is not None and body.passage > n:
        raise ApiError(422, "bad_input", f"source {body.source} has {n} passages")
    return store.add_review(
        rid, body.source, body.passage, body.verdict, body.note, body.who or who
    )


@router.post("/documents", status_code=201, responses=ERRORS, tags=["index"])
async def add_document(body: DocumentRequest, request: Request, _who: Writer):
    """Add a source to the index (a text or a file; its main text is extracted unless
    ``whole``). The same text is stored once: ``duplicates`` counts it then."""
    value = body.value()

    def add(idx):
        doc = api.document(value, name=body.name or "document", url=body.url)
        # The index reads a document's name back from its path (or URL), not from its id.
        doc.path = body.name or doc.path
        return idx.add([doc if body.whole else api.extract(doc)], extract=False)

    rep = await _engine(request).write(add)
    if rep.errors:
        raise ApiError(422, "bad_input", str(rep.errors[0]))
    return {**rep.to_dict(), "ids": rep.ids}


@router.delete("/documents/{doc_id}", responses=ERRORS, tags=["index"])
async def remove_document(
    doc_id: Annotated[int, Path(ge=1, le=2**62)], request: Request, _who: Writer
):
    """Remove a source from the index by its id."""
    removed, _missing = await _engine(request).write(lambda idx: idx.remove([doc_id]))
    if not removed:
        raise ApiError(404, "not_found", f"no document {doc_id}")
    return {"removed": removed}


@router.get("/index", dependencies=[Depends(read_access)], tags=["index"])
async def index_stats(request: Request):
    """What the index holds (the numbers of ``unspin index stats``)."""
    engine = _engine(request)
    stats = await engine.run(lambda: engine.reader().stats())
    stats.pop("index", None)  # the server's file system is nobody's business
    return stats
