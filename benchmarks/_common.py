"""Shared by the benchmark scripts: where the repository, the dev data and ``unspin`` are."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The dev-data folder: ``$UNSPIN_SHARED`` if set, else ``../shared`` beside the repository."""
    env = os.environ.get("UNSPIN_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def unspin_command() -> list[str]:
    """How to run the CLI: ``$UNSPIN_BIN`` (a command line), the project venv's ``unspin``,
    one on PATH, or via this Python."""
    override = os.environ.get("UNSPIN_BIN")
    if override:
        return shlex.split(override)
    venv = REPO / ".venv" / "bin" / "unspin"
    if venv.exists():
        return [str(venv)]
    found = shutil.which("unspin")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from unspin.cli import main; sys.exit(main())"]
