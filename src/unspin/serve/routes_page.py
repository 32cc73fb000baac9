"""The review page and its files, all served from the package (no CDN, no file path from a
request: the files are read once at start into a fixed table)."""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from unspin.report.html import report_css

router = APIRouter(include_in_schema=False)


def _files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("unspin.serve") / "static"
    out = {
        "review.js": ((folder / "review.js").read_bytes(), "text/javascript; charset=utf-8"),
        "review.css": ((folder / "review.css").read_bytes(), "text/css; charset=utf-8"),
        "report.css": (report_css().encode("utf-8"), "text/css; charset=utf-8"),
    }
    return out


FILES = _files()
PAGE = (resources.files("unspin.serve") / "static" / "review.html").read_text(encoding="utf-8")
_NO_STORE = {"Cache-Control": "no-store"}


@router.get("/", response_class=HTMLResponse)
async def page():
    return HTMLResponse(PAGE, headers=_NO_STORE)


@router.get("/r/{rid}", response_class=HTMLResponse)
async def report_page(rid: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]):
    """A permanent report URL: the page loads the report by its id."""
    return HTMLResponse(PAGE, headers=_NO_STORE)


@router.get("/static/{name}")
async def static(name: str):
    found = FILES.get(name)
    if found is None:
        return Response(
            b'{"error":{"code":"not_found","message":"no such file"}}',
            404,
            media_type="application/json",
        )
    body, media = found
    return Response(body, media_type=media, headers={"Cache-Control": "max-age=300"})
