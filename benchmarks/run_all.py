"""Run every benchmark script in this folder, one after the other (``make bench``).

Each script prints its own measures and skips cleanly when its data is absent; this one only
adds a header per script and exits 1 if any of them failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    """The benchmark scripts: every ``*.py`` here except helpers (``_*``) and this file."""
    return sorted(
        p for p in HERE.glob("*.py") if not p.name.startswith("_") and p.name != "run_all.py"
    )


def main() -> int:
    failed = []
    for script in scripts():
        print(f"=== {script.name}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.run([sys.executable, str(script)]).returncode
        print(f"=== {script.name}: exit {rc}, {time.perf_counter() - t0:.1f} s\n", flush=True)
        if rc:
            failed.append(script.name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
