"""A real ``unspin serve`` for the tests: uvicorn on a free loopback port in a thread, serving
a real index (lexical-only, so building it costs no model run) that holds the founding case's
source page. Shared by tests/test_serve_*.py."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ingenuity"
SOURCE = EXAMPLES / "source.txt"
SUSPICIOUS = EXAMPLES / "suspicious.txt"
#: Set by .ci/run: what the service's tests need must be there, a skip would hide it.
STRICT = bool(os.environ.get("UNSPIN_REQUIRE_BROWSER"))


def need(module: str):
    """Import ``module`` or skip (locally) / fail (in CI) saying which extra is missing."""
    try:
        return __import__(module)
    except ImportError:
        why = f"{module} is not installed: make serve-deps (pip install -e '.[serve,serve-test]')"
        if STRICT:
            pytest.fail(why)
        pytest.skip(why)


def build_index(folder: Path) -> Path:
    """An index folder with the founding case's source page, lexical-only."""
    from unspin.index import Index

    with Index(folder, write=True, lexical_only=True) as idx:
        rep = idx.add([SOURCE])
    assert rep.added == 1
    return folder


def new_token(folder: Path, name: str = "tester") -> str:
    from unspin.serve.state import StateStore

    store = StateStore(folder)
    try:
        return store.create_token(name)
    finally:
        store.close()


@contextlib.contextmanager
def running(folder: Path, **settings):
    """Serve ``folder`` on 127.0.0.1:<free port>; yields the base URL, stops the server after."""
    need("fastapi")
    import uvicorn

    from unspin.serve.app import Settings, create_app

    app = create_app(Settings(index=folder, **settings))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
