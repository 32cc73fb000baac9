"""Hostile input against the real command (issue 10, items 6-14): each case asserts the exit
status, the one-line message naming the file, and that nothing else in the batch was lost.

Every case runs ``python -m unspin`` in a child process, with ``--lexical-only`` or a verb that
needs no model, so the file stays fast.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}

ARTICLE = (
    "The city council voted on Tuesday to expand the bicycle network along the river. "
    "Officials said the new lanes would connect three neighbourhoods that have no safe route "
    "to the centre. Work is expected to begin in the spring and to last about eighteen months. "
    "The project will cost 12 million euros, most of it paid by a regional grant.\n"
)


def unspin(*args: str, timeout: float = 120, stdin: bytes | None = None, prefix=()):
    cmd = [*prefix, sys.executable, "-m", "unspin", *args]
    return subprocess.run(
        cmd, env=ENV, capture_output=True, timeout=timeout, input=stdin, check=False
    )


def err_lines(res) -> list[str]:
    """stderr's lines, asserting no traceback and no raw control character."""
    text = res.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in text, text
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text), repr(text)
    return [x for x in text.splitlines() if x.strip()]


def records(res) -> list[dict]:
    return [json.loads(x) for x in res.stdout.decode("utf-8").splitlines() if x.strip()]


def extract_jsonl(*paths: str, **kw):
    return unspin("extract", *paths, "--format", "jsonl", "--no-progress", **kw)


@pytest.fixture
def good(tmp_path) -> Path:
    f = tmp_path / "good.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    return f


# -- 6. bounded reads; devices and FIFOs refused ----------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_and_the_batch_goes_on(good, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    res = extract_jsonl(device, str(good))  # was MemoryError, the whole batch lost
    assert res.returncode == 2
    assert [r["path"] for r in records(res)] == [str(good)]
    assert f"  {device}: is a device, not a file" in err_lines(res)


def test_a_fifo_with_no_writer_is_refused_not_waited_for(tmp_path, good):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    res = extract_jsonl(str(fifo), str(good), timeout=60)  # was: hangs forever
    assert res.returncode == 2
    assert [r["path"] for r in records(res)] == [str(good)]
    assert any(x.startswith(f"  {fifo}: is a named pipe (FIFO)") for x in err_lines(res))
    # Inside a folder, and given alone to compare: the same one line.
    res = unspin("compare", str(fifo), str(good), "--lexical-only", timeout=60)
    assert res.returncode == 2
    assert err_lines(res)[0].startswith(f"unspin: error: {fifo}: is a named pipe")
    assert len(err_lines(res)) == 1


def test_an_endless_line_in_a_jsonl_gz_is_skipped_and_the_rest_read(tmp_path):
    from unspin.readers.jsonl import MAX_LINE

    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(json.dumps({"id": "first", "text": ARTICLE}).encode() + b"\n")
        f.write(b'{"id": "huge", "text": "' + b"a" * (MAX_LINE + 2**20) + b'"}\n')
        f.write(json.dumps({"id": "last", "text": ARTICLE}).encode() + b"\n")
    assert path.stat().st_size < 2**20  # a small file that inflates past the limit
    res = extract_jsonl(str(path))  # was: 4.2 GB of memory, then MemoryError
    assert res.returncode == 2
    assert [r["text"] for r in records(res)] == [ARTICLE, ARTICLE]
    assert f"  {path}:2: line longer than {MAX_LINE // 2**20} MB: skipped" in err_lines(res)


# -- 7. a corrupt .jsonl.gz is listed; the other files are kept --------------------------------


def test_a_corrupt_jsonl_gz_is_listed_and_the_good_file_is_stored(tmp_path, good):
    data = gzip.compress(
        b"".join(json.dumps({"id": f"r{i}", "text": ARTICLE * 3}).encode() + b"\n" for i in "ab")
    )
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(data[:20] + bytes(b ^ 0x5A for b in data[20:60]) + data[60:])
    idx = tmp_path / "lib.idx"
    res = unspin("index", "add", str(good), str(bad), "--index", str(idx), "--lexical-only", "-q")
    assert res.returncode == 2  # was: a zlib traceback, and good.txt rolled back
    lines = err_lines(res)
    assert len(lines) == 1 and lines[0].startswith(f"unspin: skipped {bad}: corrupt or truncated")
    stats = json.loads(
        unspin("index", "stats", "--index", str(idx), "--format", "json").stdout.decode()
    )
    assert stats["documents"] == 1


# -- 8. WARC records with a missing or wrong Content-Length ------------------------------------


def _warc_records(n: int = 6) -> list[bytes]:
    """``n`` HTML response records of an uncompressed WARC, one bytes object each."""
    import io
    import re

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for i in range(n):
        page = (
            f"<html><head><title>P{i}</title></head><body><p>Story {i}. {ARTICLE}</p></body></html>"
        )
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example.org/{i}",
                "response",
                payload=io.BytesIO(page.encode()),
                http_headers=headers,
            )
        )
    return [b"WARC/1." + r for r in re.split(rb"WARC/1\.", buf.getvalue())[1:]]


@pytest.mark.parametrize("damage", ["missing", "inflated"])
def test_a_bad_content_length_costs_one_record_and_is_reported(tmp_path, damage):
    import re

    recs = _warc_records()
    if damage == "missing":  # was: swallowed the rest of the archive, exit 0
        recs[2] = re.sub(rb"Content-Length: \d+\r\n", b"", recs[2], count=1)
    else:  # was: raw archive bytes over several lines of stderr
        recs[2] = re.sub(
            rb"Content-Length: (\d+)",
            lambda m: b"Content-Length: %d" % (int(m.group(1)) + 900),
            recs[2],
            count=1,
        )
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(recs))
    res = extract_jsonl(str(path))
    assert res.returncode == 2
    stories = [r["text"].split(".")[0] for r in records(res)]
    assert stories == ["Story 0", "Story 1", "Story 3", "Story 4", "Story 5"]
    lines = err_lines(res)
    assert len(lines) == 2, lines  # "1 input(s) could not be read:" and the one line
    why = "no Content-Length" if damage == "missing" else "a wrong Content-Length"
    assert lines[1].startswith(f"  {path}: 1 damaged WARC record(s) skipped ({why}; at byte ")
    assert lines[1].endswith("5 records read")
