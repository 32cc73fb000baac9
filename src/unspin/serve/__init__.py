"""``unspin serve``: the index over HTTP (REST API ``/v1``, OpenAPI at ``/openapi.json``) and a
review page where people decide passage by passage.

Modules: ``app`` (the application and its settings), ``routes_api`` and ``routes_page``,
``engine`` (checks in a bounded pool under time limits, one writer, jobs), ``state`` (reports,
reviews, tokens in ``serve.sqlite`` beside the index), ``records`` (report JSON and CSV),
``security`` (tokens, body limit, headers), ``errors`` (one JSON error object), ``models``
(request bodies). Needs the ``serve`` extra (FastAPI, uvicorn).
"""
