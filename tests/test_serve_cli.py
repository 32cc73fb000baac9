"""``unspin serve`` and ``unspin serve token create`` as users run them."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

from serve_helpers import SUSPICIOUS, build_index, need

UNSPIN = [sys.executable, "-m", "unspin"]


def _run(*args, **kw):
    return subprocess.run([*UNSPIN, *args], capture_output=True, text=True, timeout=120, **kw)


def test_token_create_prints_a_token_once_and_stores_its_hash(tmp_path):
    folder = build_index(tmp_path / "lib.idx")
    out = _run("serve", "token", "create", "--index", str(folder), "--name", "desk")
    assert out.returncode == 0, out.stderr
    token = out.stdout.strip()
    assert token.startswith("us_") and len(token) > 30
    assert "cannot be shown again" in out.stderr
    assert token.encode() not in (folder / "serve.sqlite").read_bytes()


def test_bad_index_is_one_line_and_exit_2(tmp_path):
    for args in (
        ("serve", "token", "create", "--index", str(tmp_path / "missing")),
        ("serve", "--index", str(tmp_path / "missing")),
        ("serve",),
    ):
        out = _run(*args)
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr.startswith("unspin: error:") and out.stderr.count("\n") == 1


def test_serve_answers_on_its_port_and_stops(tmp_path):
    need("uvicorn")
    folder = build_index(tmp_path / "lib.idx")
    token = _run("serve", "token", "create", "--index", str(folder)).stdout.strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [*UNSPIN, "serve", "--index", str(folder), "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as r:
                    assert r.status == 200 and b"unspin" in r.read()
                    break
            except OSError:
                time.sleep(0.1)
        body = json.dumps({"text": SUSPICIOUS.read_text(encoding="utf-8"), "lexical_only": True})
        req = urllib.request.Request(
            base + "/v1/check",
            data=body.encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=120) as r:
            report = json.load(r)
        assert len(report["sources"][0]["passages"]) == 4
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err
