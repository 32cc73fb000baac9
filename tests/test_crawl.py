"""`unspin crawl` on a real Spark session: the planted pairs and nothing else, their originals,
bad records listed, stages resumed, and the same answers from separate executor processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")

from crawl_corpus import build, ident  # noqa: E402

from unspin.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from unspin.crawl.session import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, spark):
    import unspin.crawl

    root = tmp_path_factory.mktemp("crawl")
    corpus = build(root)
    out = root / "out"
    counts = unspin.crawl.run([str(p) for p in corpus["inputs"]], str(out), spark=spark)
    return corpus, out, counts


def _rows(spark, out: Path, table: str) -> list[dict]:
    from unspin.crawl.report import read_table

    return [r.asDict() for r in read_table(spark, out, table).collect()]


def _found(pairs: list[dict]) -> dict[frozenset, str]:
    """{the two pages: the page named as original}."""
    found = {}
    for p in pairs:
        # (JSON Lines tables leave out empty fields)
        a, b = ident(p.get("url_a"), p["name_a"]), ident(p.get("url_b"), p["name_b"])
        orig = {p["doc_a"]: a, p["doc_b"]: b}.get(p["original"], "undecided")
        found[frozenset((a, b))] = orig
    return found


def test_exactly_the_planted_pairs_with_their_originals(crawled, spark):
    corpus, out, counts = crawled
    found = _found(_rows(spark, out, "pairs"))
    assert set(found) == {frozenset(p) for p in corpus["planted"]}
    for original, copy in corpus["planted"]:
        assert found[frozenset((original, copy))] == original, (original, copy)
    assert counts["documents"] == 18 and counts["pairs"] == 4 and counts["clusters"] == 4


def test_passages_point_into_each_documents_text(crawled, spark):
    _, out, _ = crawled
    docs = {d["doc_id"]: d["text"] for d in _rows(spark, out, "documents")}
    passages = _rows(spark, out, "passages")
    assert passages
    for p in passages:
        a = docs[p["doc_a"]][p["a_offset"] : p["a_offset"] + p["a_length"]]
        b = docs[p["doc_b"]][p["b_offset"] : p["b_offset"] + p["b_length"]]
        assert a.strip() and b.strip()
    transit = [p for p in passages if "bicycle lanes" in docs[p["doc_b"]]]
    assert any("bicycle lanes" in docs[p["doc_a"]][p["a_offset"] :] for p in transit)


def test_bad_records_are_skipped_counted_and_listed(crawled, spark):
    _, out, counts = crawled
    skipped = _rows(spark, out, "skipped")
    assert counts["skipped"] == len(skipped) == 2
    problems = {Path(s["name"]).name: s["problem"] for s in skipped}
    assert "WARC" in problems["crawl.warc.gz"] and "6 records" in problems["crawl.warc.gz"]
    assert "not valid JSON" in problems["dump.jsonl:6"]


def test_sites_clusters_and_report(crawled, spark):
    _, out, _ = crawled
    sites = {s["site"]: s for s in _rows(spark, out, "sites")}
    assert sites["farm-one.example"]["share_copied"] == 1.0
    assert sites["farm-one.example"]["copied_from"] == ["news-a.example"]
    assert sites["spinfarm.example"]["share_reworded"] == 1.0
    assert sites["news-a.example"]["pages_that_copy"] == 0
    clusters = _rows(spark, out, "clusters")
    assert sorted(c["size"] for c in clusters) == [2, 2, 2, 2]
    html = (out / "report.html").read_text(encoding="utf-8")
    pair_ids = {p["pair_id"] for p in _rows(spark, out, "pairs")}
    for pid in pair_ids:
        assert f"pair/{pid}.html" in html and (out / "pair" / f"{pid}.html").exists()
    assert "<script" not in html


def test_show_prints_a_pair_side_by_side(crawled, spark, capsys):
    _, out, _ = crawled
    pair = next(
        p for p in _rows(spark, out, "pairs") if p["url_b"] == "https://spinfarm.example/walk"
    )
    assert main(["crawl", "show", str(out), pair["pair_id"]]) == 0
    shown = capsys.readouterr().out
    assert "individuals" in shown and "original: https://health-b.example/steps" in shown
    assert main(["crawl", "show", str(out), "nosuchpair"]) == 2


def test_a_rerun_keeps_the_finished_stages(crawled, spark, capsys):
    import unspin.crawl

    corpus, out, counts = crawled
    again = unspin.crawl.run([str(p) for p in corpus["inputs"]], str(out), spark=spark)
    err = capsys.readouterr().err
    for stage in ("read", "candidates", "aligned", "labels"):
        assert f"{stage}: finished in an earlier run, kept" in err
    assert {k: v for k, v in again.items() if k != "seconds"} == {
        k: v for k, v in counts.items() if k != "seconds"
    }


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["crawl", str(tmp_path)]) == 2
    assert main(["crawl", "show", str(tmp_path), "x"]) == 2
    assert "not a crawl output folder" in capsys.readouterr().err


def test_separate_executor_processes_find_the_same_pairs(tmp_path, crawled):
    """local-cluster mode: two executor JVMs with their own Python workers, so nothing can
    lean on state set up in the driver. Run as the command, in its own process."""
    corpus, _, _ = crawled
    out = tmp_path / "out"
    env = dict(os.environ, SPARK_HOME=os.path.dirname(pyspark.__file__))
    cmd = [sys.executable, "-m", "unspin", "crawl", *map(str, corpus["inputs"]), "--out",
           str(out), "--master", "local-cluster[2,1,1024]", "--format", "jsonl", "--quiet",
           "--lexical-only"]  # fmt: skip
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    pairs = [json.loads(line) for f in (out / "pairs").glob("part-*") for line in f.open()]
    found = _found(pairs)
    assert set(found) == {frozenset(p) for p in corpus["planted"]}
    assert all(found[frozenset(p)] == p[0] for p in corpus["planted"])


def test_sources_restrict_the_pairs_to_a_listed_source(crawled, spark, tmp_path):
    """The newsroom's question: only (a page under --sources, a page elsewhere) pairs."""
    import unspin.crawl

    corpus, _, _ = crawled
    folder = corpus["inputs"][2]
    out = tmp_path / "mine"
    others = [str(p) for p in corpus["inputs"][:2]]
    counts = unspin.crawl.run(others, str(out), sources=[str(folder)], spark=spark, quiet=True)
    found = _found(_rows(spark, out, "pairs"))
    # the round-trip translation has both pages in the folder: not a (source, crawl) pair
    assert set(found) == {
        frozenset(("https://sport-c.example/final", "https://farm-two.example/football"))
    }
    assert counts["documents"] == 18
    docs = _rows(spark, out, "documents")
    assert sum(d["is_source"] for d in docs) == 7
