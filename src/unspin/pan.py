"""The PAN batch convention: a pairs file, two folders, one XML per pair, all cores busy.

Each worker process loads the model once; a pair that cannot be read is listed, never fatal.
Names in the pairs file stay inside their folders, and two pairs never write the same XML file:
such pairs are listed as failures before any work is done.
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
    #: "NAME: warning" for documents read or extracted with a warning.
    warnings: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class PanOptions:
    """The switches of one run, sent with every job (no module state: a pool's workers, a
    thread or a Spark task each get what they need in the call)."""

    lexical_only: bool = False
    model: str | None = None
    thorough: bool = False
    extract: bool = False
    max_chars: int | None = None


def _init_worker() -> None:
    """Each worker process runs the model on one thread: the pool already uses every core."""
    os.environ["OMP_NUM_THREADS"] = "1"


def _one(job: tuple[str, str, str, str, str, PanOptions, int | None]) -> tuple[str | None, list]:
    """Align one pair and write its XML; returns an error line (or None) and the warnings."""
    from unspin.api import compare
    from unspin.pipeline import load_document
    from unspin.report import pan_filename, render

    susp_name, src_name, src_dir, susp_dir, out_dir, opts, threads = job
    try:
        src = load_document(os.path.join(src_dir, src_name), extract=False)
        susp = load_document(os.path.join(susp_dir, susp_name), extract=False)
        embedder = None
        if not opts.lexical_only:
            from unspin.represent.embed import load_embedder

            embedder = load_embedder(opts.model, threads=threads)
        result = compare(
            src,
            susp,
            whole=not opts.extract,
            embedder=embedder,
            lexical_only=opts.lexical_only,
            thorough=opts.thorough,
            max_chars=opts.max_chars,
        )
        target = Path(out_dir) / pan_filename(susp_name, src_name)
        tmp = target.with_suffix(".xml.tmp")
        tmp.write_text(render(result, "pan"), encoding="utf-8")
        tmp.replace(target)
        return None, result.warnings
    except InputError as err:
        return str(err), []
    except Exception as err:  # noqa: BLE001 - one bad pair must not stop the batch
        return f"{susp_name} {src_name}: {type(err).__name__}: {err}", []


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
    max_chars: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> PanRun:
    """Write one PAN XML per pair into ``out_dir``; returns counts and the failures."""
    pairs = read_pairs(pairs_file)
    for folder in (src_dir, susp_dir):
        if not Path(folder).is_dir():
            raise InputError(str(folder), "not a folder")
    prepare_out_dir(out_dir)
    opts = PanOptions(
        lexical_only=lexical_only,
        model=model,
        thorough=thorough,
        extract=extract,
        max_chars=max_chars,
    )
    workers = max(1, jobs or os.cpu_count() or 1)
    # One process: the model may use every core; a pool: one thread per worker.
    threads = None if workers == 1 else 1
    run = PanRun()
    pairs = _usable_pairs(pairs, str(src_dir), str(susp_dir), run)
    jobs_list = [(s, r, str(src_dir), str(susp_dir), str(out_dir), opts, threads) for s, r in pairs]
    if workers == 1:
        run = _collect(map(_one, jobs_list), run, progress)
    else:
        with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
            run = _collect(pool.map(_one, jobs_list, chunksize=4), run, progress)
    return run


def _collect(results, run: PanRun, progress) -> PanRun:
    for err, warnings in results:
        if err is None:
            run.written += 1
        else:
            run.failures.append(err)
        run.warnings += warnings
        if progress:
            progress(1)
    return run


def prepare_out_dir(out_dir: str | Path) -> None:
    """Create ``out_dir`` if needed, or say in one line why it cannot be written (before any
    pair is aligned)."""
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise InputError(str(out_dir), "output folder is a file")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(str(out_dir), f"cannot create output folder ({err.strerror})") from None
    if not os.access(path, os.W_OK):
        raise InputError(str(out_dir), "output folder is not writable")


def _usable_pairs(
    pairs: list[tuple[str, str]], src_dir: str, susp_dir: str, run: PanRun
) -> list[tuple[str, str]]:
    """The pairs to align; the others go to ``run.failures`` (one line each): a name that
    leaves its folder (absolute, or with ``..``), or a pair whose XML file another pair already
    writes (``a/same.txt`` and ``b/same.txt``: one would silently overwrite the other)."""
    from unspin.report import pan_filename

    usable: list[tuple[str, str]] = []
    owner: dict[str, tuple[str, str]] = {}
    for susp, src in pairs:
        bad = next(
            (
                f"{name} names a file outside {folder}"
                for name, folder in ((susp, susp_dir), (src, src_dir))
                if os.path.isabs(name) or ".." in Path(name).parts
            ),
            None,
        )
        if bad:
            run.failures.append(f"{susp} {src}: {bad}")
            continue
        target = pan_filename(susp, src)
        if target in owner:
            first = " ".join(owner[target])
            run.failures.append(f"{susp} {src}: would overwrite {target}, written for {first}")
            continue
        owner[target] = (susp, src)
        usable.append((susp, src))
    return usable
