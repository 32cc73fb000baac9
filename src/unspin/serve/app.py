"""The ASGI application of ``unspin serve``: one index folder, its state, the API and the page."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

from unspin import __version__
from unspin.serve import errors, routes_api, routes_page
from unspin.serve.engine import Engine
from unspin.serve.security import Guard
from unspin.serve.state import StateStore


@dataclass
class Settings:
    """What ``unspin serve`` is started with (the command's switches)."""

    index: Path
    workers: int = 2
    #: Checks waiting or running at once before the service answers 429.
    queue: int = 64
    #: Reads (reports, jobs, index stats) need a token too.
    private: bool = False
    #: Largest request body accepted (bytes).
    max_body: int = 5_000_000
    #: Time limit of one check, comparison or write (seconds).
    seconds: float = 120.0
    #: Queries longer than this (characters) become jobs (202).
    job_chars: int = 20_000
    #: Origins allowed to call the API from a browser (none: CORS off).
    cors: tuple[str, ...] = ()


def create_app(settings: Settings) -> FastAPI:
    """The application; the index folder must exist (``unspin index add`` made it)."""
    from unspin.index import Index

    folder = Path(settings.index)
    with Index(folder):  # refuses a missing, foreign or damaged index now, in one line
        pass
    store = StateStore(folder)
    engine = Engine(
        folder, store, workers=settings.workers, queue=settings.queue, seconds=settings.seconds
    )

    @asynccontextmanager
    async def lifespan(_app):
        yield
        engine.close()
        store.close()

    app = FastAPI(
        title="unspin",
        version=__version__,
        description="Find where a rewritten text came from: checks against an index of "
        "sources, comparisons, reports and their reviews. Write endpoints need "
        "`Authorization: Bearer TOKEN` (`unspin serve token create`).",
        docs_url=None,  # the interactive docs load scripts from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.engine = engine
    app.state.private = settings.private
    app.state.job_chars = settings.job_chars
    errors.install(app)
    app.include_router(routes_api.router)
    app.include_router(routes_page.router)
    if settings.cors:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(Guard, max_body=settings.max_body)
    return app
