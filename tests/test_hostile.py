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


# -- 9. nothing skipped in silence: unreadable subfolders, markup deeper than the parser -------


def _as_reader() -> tuple[str, ...]:
    """A prefix that runs the command without the right to ignore file modes (as root)."""
    import shutil

    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot drop the right to read")
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("running as root and setpriv cannot drop capabilities")
    return prefix


def test_an_unreadable_subfolder_is_listed_not_skipped(tmp_path):
    prefix = _as_reader()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        res = extract_jsonl(str(tmp_path), prefix=prefix)  # was: exit 0, b.txt never mentioned
    finally:
        locked.chmod(0o755)
    assert res.returncode == 2
    assert [r["path"] for r in records(res)] == [str(tmp_path / "a.txt")]
    assert f"  {locked}: cannot read folder (Permission denied): its files are not read" in (
        err_lines(res)
    )


def _deep_page(depth: int = 300) -> str:
    return (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + f"<p>{ARTICLE}</p>"
        + "</div>" * depth
        + "</body></html>"
    )


def test_markup_deeper_than_the_parser_is_read_whole_with_a_warning_in_every_verb(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(_deep_page(), encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(ARTICLE, encoding="utf-8")
    warning = f"unspin: warning: {page}: markup nested 303 levels deep (the HTML parser stops"
    # extract: was an empty text
    res = extract_jsonl(str(page))
    assert res.returncode == 0
    assert records(res)[0]["text"] == ARTICLE.strip()
    assert err_lines(res)[0].startswith(warning)
    # compare: was silent, and found nothing
    res = unspin("compare", str(page), str(copy), "--lexical-only", "--format", "json")
    assert res.returncode == 0
    assert json.loads(res.stdout)["passages"]
    assert any(x.startswith(warning) for x in err_lines(res))
    # index add: was a 0-character document; check finds it
    idx = tmp_path / "lib.idx"
    res = unspin("index", "add", str(page), "--index", str(idx), "--lexical-only", "-q")
    assert res.returncode == 0 and err_lines(res)[0].startswith(warning)
    res = unspin("check", str(copy), "--index", str(idx), "--lexical-only", "--format", "json")
    assert res.returncode == 0
    (query,) = json.loads(res.stdout)["queries"]
    assert query["sources"] and query["sources"][0]["path"] == str(page)


def test_a_page_with_no_text_at_all_is_an_error_not_an_empty_document(tmp_path, good):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>x</title></head><body><div></div></body></html>")
    idx = tmp_path / "lib.idx"
    res = unspin("index", "add", str(empty), str(good), "--index", str(idx), "--lexical-only")
    assert res.returncode == 2
    assert f"unspin: skipped {empty}: no text in the page" in err_lines(res)
    stats = unspin("index", "stats", "--index", str(idx), "--format", "json")
    assert json.loads(stats.stdout)["documents"] == 1


# -- 10. a .txt is text; what extraction cannot use is analysed whole --------------------------

SNIPPET = (
    "<p>Use the paragraph tag for text and <span> for inline runs; <div> makes a block.</p>\n"
    + ARTICLE
)


def test_a_txt_that_mentions_tags_is_text_and_its_offsets_point_into_the_file(tmp_path):
    src = tmp_path / "notes.txt"
    src.write_text(SNIPPET, encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(SNIPPET.replace("Tuesday", "Wednesday"), encoding="utf-8")
    res = extract_jsonl(str(src))  # was: tags stripped as HTML, offsets into another text
    assert res.returncode == 0
    (rec,) = records(res)
    assert rec["source_format"] == "text" and "<span>" in rec["text"]
    res = unspin("compare", str(src), str(copy), "--lexical-only", "--format", "json")
    assert res.returncode == 0
    first = min(json.loads(res.stdout)["passages"], key=lambda p: p["source_offset"])
    start = first["source_offset"]
    passage = SNIPPET[start : start + first["source_length"]]
    assert (
        passage.startswith(("<p>Use the paragraph", "p>Use the paragraph")) and "<span>" in passage
    )
    # Asked to, the same file is read as HTML.
    res = extract_jsonl(str(src), "--input-format", "html")
    assert res.returncode == 0 and "<span>" not in records(res)[0]["text"]


def test_a_pan_source_holding_an_html_snippet_is_found_by_check(tmp_path):
    src = tmp_path / "source-document00001.txt"
    src.write_text(SNIPPET, encoding="utf-8")
    idx = tmp_path / "lib.idx"
    res = unspin("index", "add", str(src), "--index", str(idx), "--lexical-only", "-q")
    assert res.returncode == 0, res.stderr
    query = tmp_path / "suspicious.txt"
    query.write_text(SNIPPET, encoding="utf-8")
    res = unspin("check", str(query), "--index", str(idx), "--lexical-only", "--format", "json")
    assert res.returncode == 0, res.stderr  # was: "no text to check" / no source
    assert json.loads(res.stdout)["queries"][0]["sources"][0]["path"] == str(src)


# -- 11. decoding by proportion ----------------------------------------------------------------

UTF8_TEXT = (
    "Le café du coin — fermé depuis l’été — rouvre ses portes à la rentrée. "
    "Les habitués s’en réjouissent déjà, et le propriétaire promet des crêpes. "
) * 20


def test_utf8_with_one_stray_byte_stays_utf8_with_a_warning(tmp_path):
    f = tmp_path / "cafe.txt"
    data = UTF8_TEXT.encode("utf-8")
    f.write_bytes(data[:500] + b"\xff" + data[500:])
    res = extract_jsonl(str(f))  # was: the whole file read as cp1252 (mojibake), exit 0
    assert res.returncode == 0
    text = records(res)[0]["text"]
    assert "café" in text and "Ã" not in text and text.count("\ufffd") == 1
    assert err_lines(res) == [
        f"unspin: warning: {f}: 1 byte(s) not valid UTF-8 replaced with \ufffd"
    ]


def test_a_stray_undefined_byte_in_ascii_text_is_kept_with_a_warning(tmp_path):
    f = tmp_path / "note.txt"
    f.write_bytes(ARTICLE.encode()[:100] + b"\x81" + ARTICLE.encode()[100:])
    res = extract_jsonl(str(f))  # was: refused as mis-encoded
    assert res.returncode == 0
    assert records(res)[0]["text"].count("\ufffd") == 1
    assert err_lines(res) == [
        f"unspin: warning: {f}: 1 byte(s) undefined in cp1252 replaced with \ufffd"
    ]


def test_a_few_control_bytes_do_not_make_a_text_binary(tmp_path):
    f = tmp_path / "long.txt"
    body = bytearray((ARTICLE * 30).encode())  # about 9.5 KB
    for i, b in zip(range(500, 9000, 1500), b"\x00\x00\x01\x02\x1b\x7f", strict=False):
        body[i] = b
    f.write_bytes(bytes(body))
    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    res = extract_jsonl(str(f), str(binary))  # was: "binary data, not text"
    assert res.returncode == 2
    assert [r["path"] for r in records(res)] == [str(f)]
    lines = err_lines(res)
    assert any("control byte(s) (2 NUL) kept in the text" in x for x in lines)
    assert f"  {binary}: binary data, not text" in lines


# -- 12. nothing printed raw to a terminal; bidi overrides marked in HTML reports -------------

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"


def test_check_text_report_prints_no_escape_sequence_from_a_jsonl_url(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    url = f"https://evil.example/{ESCAPES}page"
    corpus.write_text(json.dumps({"url": url, "text": ARTICLE}) + "\n", encoding="utf-8")
    idx = tmp_path / "lib.idx"
    res = unspin("index", "add", str(corpus), "--index", str(idx), "--lexical-only", "-q")
    assert res.returncode == 0, res.stderr
    query = tmp_path / "query.txt"
    query.write_text(ARTICLE, encoding="utf-8")
    res = unspin("check", str(query), "--index", str(idx), "--lexical-only")
    assert res.returncode == 0
    out = res.stdout.decode("utf-8")
    assert "https://evil.example/" in out  # the source is reported ...
    assert "\x1b" not in out and "\x07" not in out  # ... was printed raw
    # JSON keeps the value exactly (escaped by JSON itself).
    res = unspin("check", str(query), "--index", str(idx), "--lexical-only", "--format", "json")
    assert json.loads(res.stdout)["queries"][0]["sources"][0]["path"] == url


def test_names_and_messages_on_stderr_are_one_safe_line(tmp_path, good):
    bad = tmp_path / f"bad{ESCAPES}\nname.bin"
    bad.write_bytes(bytes(range(256)) * 40)
    res = extract_jsonl(str(bad), str(good))
    assert res.returncode == 2
    lines = err_lines(res)  # no control character at all
    assert len(lines) == 2 and lines[1].endswith("name.bin: binary data, not text")
    res = unspin("compare", str(bad), str(good), "--lexical-only")
    assert res.returncode == 2 and len(err_lines(res)) == 1


BIDI = "\u202e\u2066\u2069\u202a"


def test_html_reports_mark_bidi_overrides(tmp_path):
    src = tmp_path / "src.txt"
    src.write_text(ARTICLE.replace("river", f"ri{BIDI}ver"), encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(ARTICLE, encoding="utf-8")
    res = unspin("compare", str(src), str(copy), "--lexical-only", "--format", "html")
    assert res.returncode == 0
    page = res.stdout.decode("utf-8")
    assert "bicycle network" in page
    assert not any(c in page for c in BIDI) and "ri\ufffd\ufffd\ufffd\ufffdver" in page
    idx = tmp_path / "lib.idx"
    unspin("index", "add", str(tmp_path / "src.txt"), "--index", str(idx), "--lexical-only")
    named = tmp_path / f"q{BIDI}.txt"
    named.write_text(ARTICLE, encoding="utf-8")
    res = unspin("check", str(named), "--index", str(idx), "--lexical-only", "--format", "html")
    assert res.returncode == 0
    assert not any(c in res.stdout.decode("utf-8") for c in BIDI)


# -- 13. PAN names stay in their folders; output names never collide silently -----------------


def _pan_folders(tmp_path) -> tuple[Path, Path, Path]:
    src, susp = tmp_path / "src", tmp_path / "susp"
    for folder in (src, susp, susp / "a", susp / "b"):
        folder.mkdir()
    (src / "source-document1.txt").write_text(ARTICLE, encoding="utf-8")
    for name in ("suspicious-document1.txt", "a/same.txt", "b/same.txt"):
        (susp / name).write_text(ARTICLE, encoding="utf-8")
    return src, susp, tmp_path / "out"


def test_pan_names_outside_their_folders_are_refused(tmp_path):
    src, susp, out = _pan_folders(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    pairs = tmp_path / "pairs"
    pairs.write_text(
        "suspicious-document1.txt source-document1.txt\n"
        "../secret.txt source-document1.txt\n"
        f"suspicious-document1.txt {secret}\n",
        encoding="utf-8",
    )
    res = unspin("pan", str(pairs), str(src), str(susp), str(out), "--lexical-only", "-j", "1")
    assert res.returncode == 2  # was: both read, "wrote 3 of 3"
    lines = err_lines(res)
    assert "unspin pan: wrote 1 of 3 pairs to " + str(out) in lines
    assert f"  ../secret.txt source-document1.txt: ../secret.txt names a file outside {susp}" in (
        lines
    )
    assert f"  suspicious-document1.txt {secret}: {secret} names a file outside {src}" in lines
    assert sorted(p.name for p in out.iterdir()) == ["suspicious-document1-source-document1.xml"]


def test_pan_pairs_writing_the_same_xml_are_listed(tmp_path):
    src, susp, out = _pan_folders(tmp_path)
    pairs = tmp_path / "pairs"
    pairs.write_text(
        "a/same.txt source-document1.txt\nb/same.txt source-document1.txt\n", encoding="utf-8"
    )
    res = unspin("pan", str(pairs), str(src), str(susp), str(out), "--lexical-only", "-j", "1")
    assert res.returncode == 2  # was: one silently overwritten, "wrote 2 of 2"
    lines = err_lines(res)
    assert "unspin pan: wrote 1 of 2 pairs to " + str(out) in lines
    assert (
        "  b/same.txt source-document1.txt: would overwrite same-source-document1.xml, "
        "written for a/same.txt source-document1.txt"
    ) in lines


# -- 14. one line, exit 2, before the work: outputs and folders that cannot be written ---------


def _one_error(res) -> str:
    lines = err_lines(res)
    assert res.returncode == 2 and len(lines) == 1, lines
    return lines[0]


def test_output_into_a_missing_folder_or_onto_a_folder_is_refused_first(tmp_path, good):
    idx = tmp_path / "lib.idx"
    assert unspin("index", "add", str(good), "--index", str(idx), "--lexical-only").returncode == 0
    missing = tmp_path / "no" / "such" / "out.txt"
    for target, why in ((missing, "does not exist"), (tmp_path, "output is a folder")):
        for verb in (
            ("compare", str(good), str(good), "--lexical-only"),
            ("extract", str(good)),
            ("check", str(good), "--index", str(idx), "--lexical-only"),
            ("index", "stats", "--index", str(idx)),
            ("index", "verify", "--index", str(idx)),
            ("index", "add", str(good), "--index", str(idx), "--lexical-only"),
        ):
            line = _one_error(unspin(*verb, "-o", str(target)))  # was: a traceback, after the work
            assert line.startswith(f"unspin: error: {target}: ") and why in line, (verb, line)


def test_pan_out_dir_that_is_a_file_is_one_line(tmp_path):
    src, susp, _ = _pan_folders(tmp_path)
    pairs = tmp_path / "pairs"
    pairs.write_text("suspicious-document1.txt source-document1.txt\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("keep me", encoding="utf-8")
    res = unspin("pan", str(pairs), str(src), str(susp), str(out), "--lexical-only")
    assert _one_error(res) == f"unspin: error: {out}: output folder is a file"
    assert out.read_text(encoding="utf-8") == "keep me"


def test_index_that_is_a_file_and_index_add_without_write_permission(tmp_path, good):
    not_a_folder = tmp_path / "lib.idx"
    not_a_folder.write_text("x", encoding="utf-8")
    for verb in (("check", str(good), "--lexical-only"), ("index", "add", str(good))):
        line = _one_error(unspin(*verb, "--index", str(not_a_folder)))
        assert "not a folder" in line
    prefix = _as_reader()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    res = unspin(
        "index", "add", str(good), "--index", str(locked / "lib.idx"), "--lexical-only",
        prefix=prefix,
    )  # fmt: skip
    assert "not writable" in _one_error(res)
