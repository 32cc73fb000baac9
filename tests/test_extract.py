"""`unspin extract`: HTML, flattened pages, plain prose, WARC, folders, bad input.

Self-contained: pages are written here (no ../shared), WARC files are made with warcio.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import time

import pytest

import unspin
from unspin.cli import extract_cmd
from unspin.document import Document
from unspin.errors import InputError
from unspin.extractors import extract_document, extract_documents, main_text
from unspin.extractors.flat import extract_flat, has_lines
from unspin.extractors.html import MAX_HTML_CHARS, extract_html
from unspin.pipeline import iter_documents, load_document
from unspin.readers import looks_like_html

ARTICLE = [
    "The city council voted on Tuesday to expand the bicycle network along the river.",
    "Officials said the new lanes would connect three neighbourhoods that have no safe route "
    "to the centre.",
    '"We have waited for this for a decade," said Maria Lopez, who chairs the residents\' '
    "association.",
    "Work is expected to begin in the spring and to last about eighteen months.",
    "The project will cost 12 million euros, most of it paid by a regional grant.",
    "Critics argue that the money would be better spent on buses, which carry more people.",
    "The mayor replied that both were needed and that the bus budget had not been cut.",
]

MENU = (
    "Skip to main content Home News Sport Business Culture Opinion Weather Sign in Subscribe "
    "Search Menu * World * Politics * Science * Tech * Health * Local"
)
FOOTER = (
    "Share this article Facebook Twitter Email * Most popular * Storm hits coast * Prices rise "
    "again * Team wins final About us Contact us Privacy policy Terms of use Cookie settings "
    "© 2024 Daily Example Media. All rights reserved."
)


def flat_page(article: list[str] = ARTICLE, extra: str = "") -> str:
    return " ".join([MENU, "Council backs river cycle lanes", *article, extra, FOOTER]).replace(
        "  ", " "
    )


def html_page(title: str = "Council backs river cycle lanes", body: list[str] = ARTICLE) -> str:
    paras = "".join(f"<p>{s}</p>" for s in body)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        '<meta property="article:published_time" content="2024-01-20T10:00:00Z">'
        '<link rel="canonical" href="https://news.example.org/council-cycle-lanes">'
        "</head><body><header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News"
        "</a></li><li><a href='/sport'>Sport</a></li></ul></nav></header>"
        f"<main><article><h1>{title}</h1>{paras}</article></main>"
        "<aside><h2>Most popular</h2><ul><li><a href='/a'>Storm hits coast</a></li></ul></aside>"
        "<footer><p>© 2024 Daily Example Media. All rights reserved.</p></footer>"
        "</body></html>"
    )


def covered(doc: Document, sentence: str) -> bool:
    start = doc.text.index(sentence)
    return any(a <= start and start + len(sentence) <= b for a, b in doc.content_spans())


# ----------------------------------------------------------------------------- HTML


def test_html_article_and_metadata():
    doc = extract_html(html_page())
    assert doc.source == "article"
    assert "bicycle network" in doc.text and "bus budget had not been cut" in doc.text
    assert "All rights reserved" not in doc.text
    assert "Storm hits coast" not in doc.text
    assert doc.title == "Council backs river cycle lanes"
    assert doc.date == "2024-01-20"
    assert doc.url == "https://news.example.org/council-cycle-lanes"


def test_html_detected_by_content_and_declared_charset(tmp_path):
    page = html_page(body=[*ARTICLE, "The café owner welcomed the decision warmly."])
    page = page.replace("charset='utf-8'", "charset='windows-1252'")
    f = tmp_path / "page"  # a name that says nothing: the content decides
    f.write_bytes(page.encode("cp1252"))
    doc = load_document(str(f))
    assert doc.source == "article"
    assert "café owner" in doc.text
    # Under a text name it is text, unless asked otherwise (issue 10, item 10).
    g = tmp_path / "page.txt"
    g.write_bytes(page.encode("cp1252"))
    assert load_document(str(g)).source == "text"
    doc = load_document(str(g), input_format="html")
    assert doc.source == "article" and "café owner" in doc.text


def test_html_in_shift_jis_declared_and_undeclared(tmp_path):
    body = ["東京都は火曜日、川沿いに自転車道を広げる計画を承認した。" * 3] * 6
    page = html_page(title="自転車道の計画", body=body).replace("©", "(c)")
    declared = page.replace("charset='utf-8'", "charset='shift_jis'")
    f = tmp_path / "sjis.html"
    f.write_bytes(declared.encode("shift_jis"))
    assert "自転車道" in load_document(str(f)).text
    g = tmp_path / "sjis-undeclared.html"
    g.write_bytes(page.replace("<meta charset='utf-8'>", "").encode("shift_jis"))
    assert "自転車道" in load_document(str(g)).text


def test_html_utf16_bom(tmp_path):
    f = tmp_path / "page.html"
    f.write_bytes(html_page().encode("utf-16"))
    assert "bicycle network" in load_document(str(f)).text


def test_html_without_article_gives_empty_text_and_warning():
    doc = extract_html("<html><head><title>x</title></head><body><div></div></body></html>")
    assert doc.text == ""
    assert "warning" in doc.metadata


def test_html_too_large_is_refused():
    with pytest.raises(InputError, match="too large"):
        extract_html("<html><body><p>" + "a" * (MAX_HTML_CHARS + 1) + "</p></body></html>")


def test_html_deeply_nested_does_not_crash_or_hang():
    deep = 50_000
    page = "<html><body>" + "<div>" * deep + "<p>" + " ".join(ARTICLE) + "</p>" + "</div>" * deep
    t0 = time.monotonic()
    try:
        doc = extract_html(page + "</body></html>", timeout=20)
        assert isinstance(doc.text, str)
    except InputError as err:
        assert "\n" not in str(err)
    assert time.monotonic() - t0 < 25


def test_html_time_limit_gives_one_line_error():
    page = html_page(body=ARTICLE * 400)
    with pytest.raises(InputError, match="timed out"):
        extract_html(page, timeout=0.001)


def test_looks_like_html_does_not_fire_on_prose_mentioning_tags():
    assert not looks_like_html("Use the <p> tag for paragraphs, said the teacher.")
    assert looks_like_html(html_page())


# ----------------------------------------------------------------------------- flattened text


def test_flat_page_keeps_article_drops_furniture():
    text = flat_page()
    doc = extract_document(Document(text=text, id="page"))
    assert doc.text == text  # never rewritten
    assert doc.main and all(0 <= a < b <= len(text) for a, b in doc.main)
    for s in ARTICLE:
        assert covered(doc, s), s
    kept = main_text(doc)
    assert "Skip to main content" not in kept
    assert "All rights reserved" not in kept
    assert "Privacy policy" not in kept


def test_flat_related_headline_cut_from_following_sentence():
    related = "Related: Council approves new tram line after years of debate"
    article = [*ARTICLE[:4], related, *ARTICLE[4:]]
    text = flat_page(article)
    doc = extract_document(Document(text=text))
    assert covered(doc, ARTICLE[4])
    start = text.index(related)
    assert not any(a < start + len(related) and start < b for a, b in doc.main)


def test_flat_alt_text_glued_to_sentence_is_dropped():
    alt = "aerial view of a river with bicycle lanes marked in blue along both banks."
    article = [*ARTICLE[:3], alt, *ARTICLE[3:]]
    text = flat_page(article)
    doc = extract_document(Document(text=text))
    start = text.index(alt)
    assert not any(a < start + len(alt) and start < b for a, b in doc.main)
    assert covered(doc, ARTICLE[3])


def test_plain_prose_with_lines_comes_back_whole():
    text = "\n".join(ARTICLE * 3) + "\n"
    assert has_lines(text)
    doc = extract_document(Document(text=text))
    assert doc.main == [(0, len(text.rstrip()))]


def test_folder_of_prose_files_comes_back_whole(tmp_path):
    shared = "This book is published under a free licence and may be copied for any purpose."
    for i in range(3):
        body = "\n".join([shared, *ARTICLE[i:], *ARTICLE[:i], shared]) + "\n"
        (tmp_path / f"book{i}.txt").write_text(body, encoding="utf-8")
    docs = list(iter_documents([str(tmp_path)]))
    assert len(docs) == 3
    for d in docs:
        assert d.main == [(0, len(d.text.rstrip()))]


def test_one_line_clean_article_comes_back_whole():
    text = " ".join(ARTICLE * 2)
    assert extract_flat(text) == [(0, len(text))]


def test_repeats_across_pages_of_one_site_are_boilerplate():
    promo = (
        "Our newsroom publishes independent reporting every day for readers across the "
        "region, and it depends on your support."
    )
    other = [
        "The regional hospital opened a new emergency ward on Monday morning.",
        "Doctors said the ward would cut waiting times by half during the winter.",
        "The building was funded by a local charity and took two years to finish.",
        "Patients will be able to use the new entrance from next week.",
        "Staff numbers will grow by forty nurses and six doctors over the year.",
    ]
    third = [
        "A local bakery won the national bread award for the second time this week.",
        "The owner said the secret was patience and a starter kept alive since 1984.",
        "Queues formed outside the shop before dawn on the day after the announcement.",
        "The prize comes with a cash award that will be shared among the staff.",
        "The bakery plans to open a second shop on the other side of the river.",
    ]
    pages = [flat_page(a, extra=promo) for a in (ARTICLE, other, third)]
    docs = [
        Document(text=f"https://news.example.org/story-{i} {t}", id=str(i))
        for i, t in enumerate(pages)
    ]
    out = extract_documents(docs)
    for d in out:
        start = d.text.index(promo)
        assert not any(a < start + len(promo) and start < b for a, b in d.main)
    assert covered(out[0], ARTICLE[2])
    assert out[0].url == "https://news.example.org/story-0"


def test_copies_of_one_page_do_not_erase_each_other():
    page = "https://news.example.org/story " + flat_page()
    out = extract_documents([Document(text=page, id="a"), Document(text=page, id="b")])
    for d in out:
        for s in ARTICLE:
            assert covered(d, s), s


def test_no_article_in_flat_text_keeps_the_whole_text_with_a_warning():
    menu = "Home News Sport Weather Sign in Subscribe Menu Search"
    doc = extract_document(Document(text=menu))
    assert doc.main is None and doc.content_spans() == [(0, len(menu))]
    assert main_text(doc) == menu
    assert doc.warnings == ["no article text found: the whole text is used"]


# ----------------------------------------------------------------------------- readers


def _warc(path, pages, gz=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for url, body, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)
        req = writer.create_warc_record(
            "https://news.example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        )
        writer.write_record(req)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_records_become_documents(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(
        path,
        [
            ("https://news.example.org/a", html_page().encode(), "text/html; charset=utf-8"),
            ("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
            (
                "https://news.example.org/b",
                html_page("Second story", ARTICLE[::-1]).encode(),
                "text/html",
            ),
        ],
        gz=gz,
    )
    docs = list(iter_documents([str(path)]))
    assert [type(d) for d in docs] == [Document, Document]
    assert [d.url for d in docs] == ["https://news.example.org/a", "https://news.example.org/b"]
    assert all("bicycle network" in d.text for d in docs)
    assert docs[1].title == "Second story"
    with pytest.raises(InputError, match="WARC"):
        load_document(str(path))


def test_truncated_warc_keeps_records_before_damage(tmp_path):
    good = tmp_path / "crawl.warc.gz"
    pages = [(f"https://news.example.org/{i}", html_page().encode(), "text/html") for i in "ab"]
    _warc(good, pages)
    data = good.read_bytes()
    bad = tmp_path / "cut.warc.gz"
    bad.write_bytes(data[: int(len(data) * 0.8)])
    out = list(iter_documents([str(bad)]))
    assert isinstance(out[0], Document)
    assert isinstance(out[-1], InputError)
    assert "\n" not in str(out[-1])


def test_broken_warc_record_is_an_error_not_a_crash(tmp_path):
    bad = tmp_path / "broken.warc"
    bad.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: zzz\r\n\r\ngarbage" * 3)
    out = list(iter_documents([str(bad)]))
    assert out and all(isinstance(x, InputError) for x in out)


def test_bad_files_are_errors_and_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(flat_page(), encoding="utf-8")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(html_page(), encoding="utf-8")
    full = gzip.compress(flat_page().encode())
    (tmp_path / "cut.txt.gz").write_bytes(full[: len(full) // 2])
    out = list(iter_documents([str(tmp_path), str(tmp_path / "missing.txt")]))
    errors = {e.name.rsplit("/", 1)[-1]: e.problem for e in out if isinstance(e, InputError)}
    docs = [d for d in out if isinstance(d, Document)]
    assert set(errors) == {"binary.bin", "empty.txt", "cut.txt.gz", "missing.txt"}
    assert "truncated" in errors["cut.txt.gz"]
    assert "binary" in errors["binary.bin"]
    assert len(docs) == 2


def test_gzipped_page_is_read(tmp_path):
    f = tmp_path / "page.html.gz"
    f.write_bytes(gzip.compress(html_page().encode()))
    assert "bicycle network" in load_document(str(f)).text


def test_standard_input(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(flat_page().encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", fake)
    doc = load_document("-")
    assert doc.path is None and doc.main


def test_long_one_line_prose_is_judged_on_samples_and_kept_whole():
    text = " ".join(ARTICLE) * 2000  # about 1 MB, no line breaks
    t0 = time.monotonic()
    assert extract_flat(text) == [(0, len(text))]
    assert time.monotonic() - t0 < 20


@pytest.mark.parametrize(
    "text", ["a" * 100_000, "." * 50_000, ("x" * 5000 + "@") * 20, "(" * 50_000, "!?" * 30_000]
)
def test_pathological_runs_are_linear(text):
    t0 = time.monotonic()
    extract_document(Document(text=text))
    assert time.monotonic() - t0 < 10


def test_huge_one_line_dump_is_refused_quickly():
    from unspin.extractors import MAX_FLAT_CHARS

    text = "Home News Sport Weather Sign in Subscribe " * (MAX_FLAT_CHARS // 40 + 10)
    t0 = time.monotonic()
    with pytest.raises(InputError, match="too large"):
        extract_document(Document(text=text, id="dump.txt"))
    assert time.monotonic() - t0 < 30


# ----------------------------------------------------------------------------- API and CLI


def test_one_call_api_accepts_text_bytes_paths_and_documents(tmp_path):
    text = flat_page()
    assert unspin.extract(text).main
    assert "bicycle network" in unspin.extract(html_page().encode("utf-8")).text
    f = tmp_path / "p.txt"
    f.write_text(text, encoding="utf-8")
    assert unspin.extract(f).path == str(f)
    # A str is text, always: a file's name is read as the text it is, not opened.
    assert unspin.extract(str(f)).text == str(f)
    assert unspin.extract(Document(text=text)).main
    with pytest.raises(InputError):
        unspin.extract("   ")


def _run_cli(argv):
    parser = argparse.ArgumentParser(prog="unspin")
    extract_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["extract", *argv])
    return args.func(args)


def test_cli_jsonl_and_exit_status(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(flat_page(), encoding="utf-8")
    html = tmp_path / "page.html"
    html.write_text(html_page(), encoding="utf-8")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    status = _run_cli([str(page), str(bad), str(html), "--format", "jsonl", "--no-progress"])
    captured = capsys.readouterr()
    recs = [json.loads(line) for line in captured.out.splitlines()]
    assert status == 2
    assert [r["path"] for r in recs] == [str(page), str(html)]
    assert recs[0]["spans"] and "bicycle network" in recs[0]["text"]
    original = page.read_text(encoding="utf-8")
    a, b = recs[0]["spans"][0]
    assert original[a:b] in recs[0]["text"]
    assert recs[1]["title"] == "Council backs river cycle lanes"
    assert "bad.bin" in captured.err.splitlines()[-1]


def test_cli_text_and_json(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(flat_page(), encoding="utf-8")
    assert _run_cli([str(page)]) == 0
    assert "bicycle network" in capsys.readouterr().out
    out = tmp_path / "out.json"
    assert _run_cli([str(page), "-f", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["path"] == str(page)


def test_russian_prose_on_one_line_is_kept_whole():
    prose = (
        "Скорость бега персонажа можно изменить через консоль, но после каждой загрузки игры "
        "придется вносить правки заново. Рекомендуем сначала сохранить игру и только потом "
        "менять настройки. Если герой бегает слишком быстро, уменьшите число до восьмидесяти."
    )
    assert extract_document(Document(text=prose)).main == [(0, len(prose))]


def test_a_chinese_page_flattened_to_one_line_keeps_its_article():
    menu = "新闻主页 国际 两岸 英国 评论 互动 科技 财经 英超 娱乐 留学 学英语 多媒体 天气"
    article = [
        "香港行政长官在各方压力下就其大宅的违章建筑问题到立法会接受质询，并向香港民众道歉。",
        "他此前承认早在去年参选行政长官之前就已知悉其住宅的违建问题，引发诚信危机。",
        "不过泛民主派议员们普遍指责他没有说出真相，要求他马上辞职下台。",
        "一些议员欢迎他道歉，且认为应能获得香港民众接受，但也质问他有否向执法部门施压。",
        "他强调承诺将在两周内解决其住宅的违建问题，并会全力配合有关部门的调查工作。",
    ]
    footer = "点击 页首 Facebook Twitter 人人 开心网 新浪微博 联合 版权所有 隐私政策 联系我们"
    page = " ".join([menu, *article, footer])
    doc = extract_document(Document(text=page, id="zh.txt"))
    kept = main_text(doc)
    assert all(s in kept for s in article)
    assert "新闻主页" not in kept and "版权所有" not in kept
