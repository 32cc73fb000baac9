"""`unspin serve --index DIR`: the index over HTTP with a review page; `unspin serve token
create --index DIR`: an API token for the write endpoints (printed once, stored hashed)."""

from __future__ import annotations

import sys

from unspin.errors import UnspinError


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="serve an index over HTTP: REST API and review page",
        description="Serve an index folder: REST API under /v1 (OpenAPI at /openapi.json) and a "
        "review page at /. Reports, reviews and tokens live in serve.sqlite in the folder. "
        "Needs the serve extra: pip install 'unspin[serve]'.",
        epilog="example: unspin serve token create --index lib.idx && unspin serve --index lib.idx",
    )
    p.add_argument("--index", "-i", metavar="DIR", help="the index folder (unspin index add)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (8000)")
    p.add_argument("--workers", type=int, default=2, help="checks run at once (2)")
    p.add_argument("--queue", type=int, default=64, help="checks waiting before 429 (64)")
    p.add_argument("--private", action="store_true", help="reads need a token too")
    p.add_argument("--max-body", type=int, default=5_000_000, help="largest request (bytes)")
    p.add_argument("--time-limit", type=float, default=120.0, help="seconds per request (120)")
    p.add_argument("--job-chars", type=int, default=20_000, help="longer texts become jobs (20000)")
    p.add_argument(
        "--cors", action="append", default=[], metavar="ORIGIN", help="allow this origin (off)"
    )
    p.set_defaults(func=run)
    tokens = p.add_subparsers(dest="serve_verb", metavar="token")
    t = tokens.add_parser("token", help="API tokens").add_subparsers(dest="token_verb")
    create = t.add_parser("create", help="create a token and print it (once)")
    create.add_argument("--index", "-i", required=True, metavar="DIR", help="the index folder")
    create.add_argument("--name", default="token", help="who the token is for (reviews say it)")
    create.set_defaults(func=token_create)


def _check_index(folder: str | None) -> None:
    if not folder:
        raise UnspinError("serve needs --index DIR (an index made by unspin index add)")
    from unspin.index import Index

    with Index(folder):  # a missing, foreign or damaged index: one line, exit 2
        pass


def token_create(args) -> int:
    from unspin.serve.state import StateStore

    _check_index(args.index)
    store = StateStore(args.index)
    try:
        print(store.create_token(args.name[:200]))
    finally:
        store.close()
    print("keep it: it is stored hashed and cannot be shown again", file=sys.stderr)
    return 0


def run(args) -> int:
    if getattr(args, "serve_verb", None) == "token":
        print("usage: unspin serve token create --index DIR [--name NAME]", file=sys.stderr)
        return 2
    _check_index(args.index)
    if args.workers < 1 or args.queue < 1 or args.max_body < 1:
        raise UnspinError("--workers, --queue and --max-body must be at least 1")
    try:
        import uvicorn

        from unspin.serve.app import Settings, create_app
    except ImportError as err:
        raise UnspinError(
            f"serve needs the serve extra ({err.name} is missing): pip install 'unspin[serve]'"
        ) from None
    from pathlib import Path

    settings = Settings(
        index=Path(args.index),
        workers=args.workers,
        queue=args.queue,
        private=args.private,
        max_body=args.max_body,
        seconds=args.time_limit,
        job_chars=args.job_chars,
        cors=tuple(args.cors),
    )
    app = create_app(settings)
    if app.state.store.token_count() == 0:
        print(
            "unspin serve: no API token yet: create one with "
            f"'unspin serve token create --index {args.index}' (writes need one)",
            file=sys.stderr,
        )
    print(f"unspin serve: http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
