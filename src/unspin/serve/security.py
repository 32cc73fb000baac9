"""What stands between the network and the index: tokens, size limits, browser headers.

* Write endpoints (checks, comparisons, documents, reviews) need ``Authorization: Bearer
  TOKEN`` from ``unspin serve token create``; reads too when the server is ``--private``.
* Request bodies over the limit are refused (413) before they are read whole, whether or not
  the client sent a Content-Length.
* Every response carries a strict Content-Security-Policy (scripts and styles from this server
  only, no inline script, no frames), ``nosniff`` and no referrer: document text shown by the
  page is escaped, and the policy stops a script even if one ever slipped through.
"""

from __future__ import annotations

import json

from fastapi import Request

from unspin.serve.errors import ApiError, error_body

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Guard:
    """ASGI middleware: security headers on every response, a cap on request bodies."""

    def __init__(self, app, *, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0 or size > self.max_body:
                return await self._refuse(send, size)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def secured_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _TooLarge:
            if not started:
                await self._refuse(send, seen)

    async def _refuse(self, send, size: int) -> None:
        what = "a bad Content-Length" if size < 0 else f"{size:,} bytes"
        body = json.dumps(
            error_body("too_large", f"request body too large ({what}; limit {self.max_body:,})")
        ).encode()
        headers = [(b"content-type", b"application/json"), *HEADERS]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(BaseException):  # noqa: N818
    """A BaseException: the framework's body parser turns any Exception into a 400."""


def bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def require_token(request: Request) -> str:
    """Dependency of write endpoints: the name of the caller's token, or 401."""
    token = bearer(request)
    if token is None:
        raise ApiError(401, "unauthorized", "this endpoint needs an API token (Bearer)")
    name = request.app.state.store.token_name(token)
    if name is None:
        raise ApiError(401, "unauthorized", "unknown API token")
    return name


def read_access(request: Request) -> None:
    """Dependency of read endpoints: open, unless the server runs ``--private``."""
    if request.app.state.private:
        require_token(request)
