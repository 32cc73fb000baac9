"""The shape of the code that the service and the crawl rely on: one-way imports, a cheap
``import unspin``, and no stage module importing another's privates."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "unspin"
#: Entry points that may import every stage (they compose them).
COMPOSERS = {"api", "cli", "pan", "pipeline", "serve", "crawl", "__init__", "__main__"}


def _unit(module: str) -> str:
    """unspin.readers.text -> readers; unspin.api -> api."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        here = _unit(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.startswith("unspin.") and _unit(name) != here:
                    graph[here].add(_unit(name))
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m) :] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_circle_among_packages():
    graph = {k: v for k, v in _imports().items() if k not in COMPOSERS}
    assert _cycle(graph) is None, f"import circle: {' -> '.join(_cycle(graph) or [])}"


def test_stages_do_not_import_the_composers():
    graph = _imports()
    for unit, deps in graph.items():
        if unit in COMPOSERS:
            continue
        assert not deps & (COMPOSERS - {"__init__"}), f"{unit} imports {deps & COMPOSERS}"


def test_a_cycle_is_found_when_there_is_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_import_unspin_loads_no_extractor_and_no_model():
    code = (
        "import sys, unspin; d = unspin.Document('x');"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('trafilatura', 'onnxruntime', 'lxml', 'usearch', 'tokenizers', 'numpy') "
        "or m.startswith(('unspin.extractors', 'unspin.represent', 'unspin.align'))];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, "split it by role"


def test_the_fingerprint_word_list_is_frozen_with_the_index_format():
    import zlib

    from unspin import stopwords
    from unspin.index.fingerprints import FINGERPRINT_VERSION

    words = " ".join(sorted(stopwords.FINGERPRINT)).encode()
    assert (FINGERPRINT_VERSION, zlib.crc32(words)) == (1, stopwords.FINGERPRINT_CHECKSUM), (
        "FINGERPRINT changed: raise FINGERPRINT_VERSION, record the new checksum, rebuild indexes"
    )
