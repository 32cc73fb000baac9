"""Load benchmark of ``unspin serve``: latency, errors, throughput and server memory under
concurrent checks of article-length texts, over HTTP on 127.0.0.1.

Builds (once, in ``--work``) an index of ``--docs`` documents: the founding case's source and
the extract-dev news pages, grown with synthetic documents made of their sentences
(benchmarks/index_scale.py's ``grow``: their vectors come from the sentence cache). Queries are
the founding case plus noisy 30-sentence excerpts of indexed news pages (~3 KB, an article).
Then it starts ``unspin serve`` (the command users run) and sends ``--checks`` checks from each
number of ``--clients`` (closed loop: each client sends its next check when the last answered),
bounded by ``--max-seconds``; reports p50/p95/p99 latency, errors, checks/s, and the server's
RSS before and after. ``--profile N`` runs N checks in this process through the service's own
check (``Engine.check``) under cProfile and prints where the time goes.

    python benchmarks/serve_load.py [--docs 10000] [--clients 8,1] [--checks 400] [--work DIR]

Needs the ``shared`` folder (skips with a notice when absent) and the ``serve`` extra.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import shared_dir, unspin_command  # noqa: E402


def build(index: Path, shared: Path, docs: int, lexical_only: bool) -> dict:
    from index_scale import grow

    t0 = time.monotonic()
    if not (index / "index.sqlite").exists():
        cmd = [*unspin_command(), "index", "add", str(ROOT / "examples/ingenuity/source.txt")]
        cmd += [str(shared / "data/extract-dev/html"), "--index", str(index)]
        subprocess.run(cmd + (["--lexical-only"] if lexical_only else []), check=True)
    grown = grow(index, docs)
    grown["build_seconds"] = round(time.monotonic() - t0, 1)
    return grown


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def post(url: str, token: str, body: dict, timeout: float = 300) -> tuple[int, dict]:
    req = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def load(base: str, token: str, queries: list[dict], clients: int, checks: int, limit: float):
    """``checks`` checks from ``clients`` closed-loop clients, stopped after ``limit`` s."""
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(checks))
    deadline = time.monotonic() + limit

    def client():
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            q = queries[i % len(queries)]
            t = time.monotonic()
            try:
                status, body = post(
                    base + "/v1/check", token, {"text": q["text"], "name": q["name"]}
                )
                ok = status == 200 and bool(body.get("sources"))
                why = f"{status} {body.get('error')}" if status != 200 else "no source"
            except OSError as err:
                ok, why = False, f"connection: {err}"
            dt = time.monotonic() - t
            with lock:
                lat.append(dt) if ok else errors.append(why)

    t0 = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.monotonic() - t0
    lat.sort()

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else None

    return {
        "clients": clients,
        "checks": len(lat) + len(errors),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p50_s": pct(0.50),
        "p95_s": pct(0.95),
        "p99_s": pct(0.99),
        "mean_s": round(statistics.mean(lat), 3) if lat else None,
        "checks_per_s": round(len(lat) / wall, 2),
        "wall_s": round(wall, 1),
    }


def profile(index: Path, queries: list[dict], n: int) -> None:
    """Where one check's time goes: the service's own check, in this process, under cProfile."""
    import cProfile
    import pstats

    from unspin.serve.engine import Engine
    from unspin.serve.state import StateStore

    engine = Engine(index, StateStore(index), workers=1)
    opts = {"top": 5, "whole": False, "lexical_only": False}
    engine.check(queries[0]["text"], dict(opts))  # load the model and the vectors
    prof = cProfile.Profile()
    t0 = time.monotonic()
    prof.enable()
    for q in queries[:n]:
        engine.check(q["text"], dict(opts))
    prof.disable()
    print(f"profile: {n} checks, {(time.monotonic() - t0) / n:.3f} s each (one thread)")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    engine.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=None)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--work", default="/tmp/unspin-serve-load")
    ap.add_argument("--clients", default="8,1")
    ap.add_argument("--checks", type=int, default=400)
    ap.add_argument("--max-seconds", type=float, default=600, help="per client count")
    ap.add_argument("--workers", type=int, default=2, help="unspin serve --workers")
    ap.add_argument("--lexical-index", action="store_true", help="build without the model")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="profile N checks")
    ap.add_argument("--out", default=None, help="also write the JSON here")
    args = ap.parse_args()
    shared = Path(args.shared) if args.shared else shared_dir()
    if not (shared / "data/extract-dev/html").is_dir():
        print(f"serve_load: skipped: no dev data in {shared}", file=sys.stderr)
        return 0
    from index_scale import make_queries

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    out: dict = {"index": build(index, shared, args.docs, args.lexical_index)}
    queries = make_queries(index, shared, n=40, sentences=30)
    out["queries"] = {
        "count": len(queries),
        "mean_chars": round(statistics.mean(len(q["text"]) for q in queries)),
    }
    print(json.dumps(out), file=sys.stderr)
    if args.profile:
        profile(index, queries, args.profile)
        return 0
    token = subprocess.run(
        [*unspin_command(), "serve", "token", "create", "--index", str(index), "--name", "load"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [*unspin_command(), "serve", "--index", str(index), "--port", str(port)]
    cmd += ["--workers", str(args.workers), "--queue", "256"]
    server = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/v1/index", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        out["server_rss_mb_started"] = rss_mb(server.pid)
        counts = [int(c) for c in args.clients.split(",")]
        # Warm up at full concurrency: every worker thread opens its reader, the model and the
        # vector file load, every query is seen once (not timed).
        warm = load(base, token, queries, max(counts), len(queries), args.max_seconds)
        out["warm_up"] = {"checks": warm["checks"], "errors": warm["errors"]}
        out["runs"] = []
        for clients in counts:
            samples: list[float] = []
            stop = threading.Event()

            def sample(samples=samples, stop=stop):
                while not stop.wait(5):
                    samples.append(rss_mb(server.pid))

            sampler = threading.Thread(target=sample)
            before = rss_mb(server.pid)
            sampler.start()
            run = load(base, token, queries, clients, args.checks, args.max_seconds)
            stop.set()
            sampler.join()
            run["server_rss_mb_before"], run["server_rss_mb_after"] = before, rss_mb(server.pid)
            half = len(samples) // 2
            run["server_rss_mb_max_first_half"] = max(samples[:half], default=None)
            run["server_rss_mb_max_second_half"] = max(samples[half:], default=None)
            out["runs"].append(run)
            print(json.dumps(run), file=sys.stderr)
    finally:
        server.terminate()
        server.wait(60)
    out["load_average"] = os.getloadavg()
    text = json.dumps(out, indent=1)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
