"""The PAN batch convention: a pairs file, two folders, one XML per pair, all cores busy.

Each worker process loads the model once; a pair that cannot be read is listed, never fatal.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from unspin.errors import InputError


@dataclass
class PanRun:
    written: int = 0
    failures: list[str] = field(default_factory=list)


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """``suspicious source`` names, one pair a line (blank lines and ``#`` comments skipped)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read pairs file ({err})") from None
    pairs = []
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) != 2:
            raise InputError(str(path), f"line {n}: expected 'suspicious source', got {line!r}")
        pairs.append((parts[0], parts[1]))
    return pairs


_OPTIONS: dict = {}


def _init(options: dict) -> None:
    _OPTIONS.clear()
    _OPTIONS.update(options)
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def _one(job: tuple[str, str, str, str, str]) -> str | None:
    """Align one pair and write its XML; returns an error line or None."""
    from unspin.align.compare import compare
    from unspin.readers import load_document
    from unspin.report import pan_filename, render

    susp_name, src_name, src_dir, susp_dir, out_dir = job
    try:
        src = load_document(os.path.join(src_dir, src_name), extract=_OPTIONS["extract"])
        susp = load_document(os.path.join(susp_dir, susp_name), extract=_OPTIONS["extract"])
        embedder = None
        if not _OPTIONS["lexical_only"]:
            from unspin.represent.embed import load_embedder

            embedder = load_embedder(_OPTIONS["model"], threads=1)
        result = compare(
            src,
            susp,
            embedder=embedder,
            lexical_only=_OPTIONS["lexical_only"],
            thorough=_OPTIONS["thorough"],
        )
        target = Path(out_dir) / pan_filename(susp_name, src_name)
        tmp = target.with_suffix(".xml.tmp")
        tmp.write_text(render(result, "pan"), encoding="utf-8")
        tmp.replace(target)
        return None
    except InputError as err:
        return str(err)
    except Exception as err:  # noqa: BLE001 - one bad pair must not stop the batch
        return f"{susp_name} {src_name}: {type(err).__name__}: {err}"


def run_pan(
    pairs_file: str | Path,
    src_dir: str | Path,
    susp_dir: str | Path,
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    lexical_only: bool = False,
    model: str | None = None,
    thorough: bool = False,
    extract: bool = False,
    progress: Callable[[int], None] | None = None,
) -> PanRun:
    """Write one PAN XML per pair into ``out_dir``; returns counts and the failures."""
    pairs = read_pairs(pairs_file)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    options = {
        "lexical_only": lexical_only,
        "model": model,
        "thorough": thorough,
        "extract": extract,
    }
    jobs_list = [(s, r, str(src_dir), str(susp_dir), str(out_dir)) for s, r in pairs]
    run = PanRun()
    workers = max(1, jobs or os.cpu_count() or 1)
    if workers == 1:
        _init(options)
        results = map(_one, jobs_list)
        run = _collect(results, run, progress)
    else:
        with ProcessPoolExecutor(workers, initializer=_init, initargs=(options,)) as pool:
            run = _collect(pool.map(_one, jobs_list, chunksize=4), run, progress)
    return run


def _collect(results, run: PanRun, progress) -> PanRun:
    for err in results:
        if err is None:
            run.written += 1
        else:
            run.failures.append(err)
        if progress:
            progress(1)
    return run
