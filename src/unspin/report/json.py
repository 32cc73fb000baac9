"""The machine form of a comparison: ``Comparison.to_dict()`` as JSON (docs/json-schema.md)."""

from __future__ import annotations

import json

from unspin.align.result import Comparison


def render_json(comparison: Comparison) -> str:
    """Pretty JSON, UTF-8 kept as is so quoted passages stay readable."""
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
