"""Every error the API answers is one JSON object: ``{"error": {"code", "message"}}``.

Known failures keep their meaning (bad input 422, busy 429, too slow 503); anything else is a
500 whose message names no internals (the traceback goes to the server's log only).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspin.errors import IndexFolderError, InputError, UnspinError
from unspin.serve.engine import Busy, TooSlow

log = logging.getLogger("unspin.serve")

#: Codes for the HTTP statuses the framework itself raises.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "bad_input",
    429: "busy",
}


class ApiError(Exception):
    """An error a route raises on purpose."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers=None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def describe(err: BaseException) -> tuple[int, str, str]:
    """(HTTP status, code, one-line message) for an exception raised by the work."""
    if isinstance(err, ApiError):
        return err.status, err.code, err.message
    if isinstance(err, InputError):
        return 422, "bad_input", err.problem
    if isinstance(err, Busy):
        return 429, "busy", str(err)
    if isinstance(err, TooSlow):
        return 503, "time_limit", str(err)
    if isinstance(err, IndexFolderError):
        return 503, "index_unavailable", str(err)
    if isinstance(err, UnspinError):
        return 422, "bad_input", str(err)
    log.error("unexpected error", exc_info=err)
    return 500, "internal", "internal error (see the server log)"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the JSON error object."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body")
        message = f"{where}: {first.get('msg', 'invalid')}" if where else first.get("msg", "")
        return error_response(422, "bad_input", message or "invalid request")

    async def _known(_request: Request, exc: Exception):
        status, code, message = describe(exc)
        return error_response(status, code, message)

    for kind in (ApiError, UnspinError, Busy, TooSlow, Exception):
        app.add_exception_handler(kind, _known)
