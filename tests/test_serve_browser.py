"""The review page in a real browser (Debian's chromium driven by Playwright) against a real
server: the founding case from paste to exported verdict, and a hostile page shown as text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from serve_helpers import STRICT, SUSPICIOUS, build_index, need, new_token, running

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = (
    "Harbour officials said the new ferry timetable would start in March. "
    '<script>window.pwned = "script"</script><img src=x onerror="window.pwned = \'img\'"> '
    "The council expects the crossing to carry twelve thousand passengers each summer week. "
    "Residents asked for an earlier morning sailing to reach the mainland hospital on time."
)
#: Set to a path to save the screenshot used in docs/serve.md.
SHOT = os.environ.get("UNSPIN_SCREENSHOT")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        why = "no /usr/bin/chromium: apt-get install chromium (make serve-deps does it as root)"
        if STRICT:
            pytest.fail(why)
        pytest.skip(why)
    need("playwright")
    from playwright.sync_api import expect, sync_playwright

    # Checks run the model: on a loaded machine an answer can take longer than the 5 s default.
    expect.set_options(timeout=60_000)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    httpx = need("httpx")
    folder = build_index(tmp_path_factory.mktemp("idx") / "lib.idx")
    token = new_token(folder, "desk")
    with running(folder) as url:
        added = httpx.post(
            f"{url}/v1/documents",
            json={
                "text": HOSTILE,
                "name": "<img src=x onerror=window.pwned='name'>",
                "whole": True,
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        assert added.status_code == 201, added.text
        yield url, token


def _open(browser, url, token):
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page.set_default_timeout(60_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/")
    page.fill("#token", token)
    page.fill("#who", "legal desk")
    return page, dialogs


def test_founding_case_review_flow(browser, site, tmp_path):
    from playwright.sync_api import expect

    url, token = site
    page, dialogs = _open(browser, url, token)
    page.fill("#text", SUSPICIOUS.read_text(encoding="utf-8"))
    page.click("#check")
    first = page.locator("#sources li").first
    expect(first).to_contain_text("source.txt")
    expect(first).to_contain_text("4 passages")
    rows = page.locator("#view .summary tbody tr")
    expect(rows).to_have_count(4)
    # A passage of the suspicious text: its source span lights up.
    page.locator('#suspicious a.m[data-n="2"]').first.click()
    src_span = page.locator('#source a.m.sel[data-n="2"]').first
    expect(src_span).to_be_visible()
    expect(src_span).to_be_in_viewport()
    # Confirm it with a note; reload the permanent URL: still confirmed.
    row = page.locator('#view tr[data-n="2"]')
    row.locator("input.note").fill("same quotes, same order")
    row.locator("button.confirm").click()
    expect(row).to_have_class(re.compile(r"\bv-confirmed\b"))
    assert "/r/" in page.url
    page.reload()
    row = page.locator('#view tr[data-n="2"]')
    expect(row).to_have_class(re.compile(r"\bv-confirmed\b"))
    expect(row.locator("button.confirm")).to_have_attribute("aria-pressed", "true")
    expect(row.locator("input.note")).to_have_value("same quotes, same order")
    if SHOT:
        page.locator('#suspicious a.m[data-n="2"]').first.click()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=SHOT, full_page=True)
    # Keyboard: k (previous) down to passage 1, x dismisses it.
    page.locator("#query-title").click()
    for _ in range(4):
        page.keyboard.press("k")
    expect(page.locator('#view tr[data-n="1"]')).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("x")
    expect(page.locator('#view tr[data-n="1"]')).to_have_class(re.compile(r"\bv-dismissed\b"))
    with page.expect_download() as dl:
        page.click("#export-json")
    exported = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    verdict = exported["sources"][0]["passages"][1]["verdict"]
    assert verdict["verdict"] == "confirmed" and verdict["who"] == "legal desk"
    assert verdict["note"] == "same quotes, same order"
    assert dialogs == []


def test_hostile_page_is_shown_as_text_and_runs_nothing(browser, site):
    from playwright.sync_api import expect

    url, token = site
    page, dialogs = _open(browser, url, token)
    page.check("#whole")
    page.check("#lexical")
    page.fill("#text", HOSTILE)
    page.click("#check")
    first = page.locator("#sources li").first
    expect(first).to_contain_text("onerror=window.pwned='name'")  # the name, as text
    expect(page.locator("#source")).to_contain_text('<script>window.pwned = "script"</script>')
    expect(page.locator("#source")).to_contain_text("onerror=")
    assert page.locator("#view script, #view img, #sources img").count() == 0
    assert page.evaluate("window.pwned === undefined")
    assert dialogs == []
