"""``unspin serve``'s REST API against a real server on a loopback port and a real index."""

from __future__ import annotations

import base64
import threading

import pytest
from serve_helpers import SOURCE, SUSPICIOUS, build_index, need, new_token, running

httpx = need("httpx")
need("fastapi")

SUSP = SUSPICIOUS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = build_index(tmp_path_factory.mktemp("idx") / "lib.idx")
    token = new_token(folder, "alice")
    with running(folder, workers=2, max_body=200_000, job_chars=5_000) as url:
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, timeout=120) as client:
            yield client, auth, folder


def _error(resp, status: int, code: str) -> str:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]["message"]


def test_founding_case_check_report_review_and_csv(served):
    client, auth, _ = served
    resp = client.post("/v1/check", json={"text": SUSP, "name": "copy.txt"}, headers=auth)
    assert resp.status_code == 200, resp.text
    rep = resp.json()
    assert rep["query"] == {"name": "copy.txt", "length": len(SUSP)}
    first = rep["sources"][0]
    assert first["name"].endswith("source.txt") and first["rank"] == 1
    assert len(first["passages"]) == 4
    p = first["passages"][0]
    for key in ("suspicious_offset", "suspicious_length", "source_offset", "source_length"):
        assert isinstance(p[key], int)
    assert p["kind"] in ("verbatim", "edited", "paraphrase") and p["verdict"] is None
    assert "texts" not in rep  # the texts stay on the server
    # Same report by its permanent id; a verdict on passage 2 shows in it and in the CSV.
    resp = client.post(
        f"/v1/reports/{rep['id']}/reviews",
        json={"source": 1, "passage": 2, "verdict": "confirmed", "note": "=HYPERLINK(1)"},
        headers=auth,
    )
    assert resp.status_code == 201 and resp.json()["who"] == "alice"
    again = client.get(f"/v1/reports/{rep['id']}").json()
    assert again["sources"][0]["passages"][1]["verdict"]["verdict"] == "confirmed"
    assert again["reviews"][0]["passage"] == 2
    csv = client.get(f"/v1/reports/{rep['id']}/csv")
    assert csv.headers["content-type"].startswith("text/csv")
    rows = csv.text.splitlines()
    assert len(rows) == 1 + 1 + 4 and "confirmed" in rows[3]
    assert "'=HYPERLINK(1)" in rows[3]  # a formula in a note stays text in a spreadsheet
    view = client.get(f"/v1/reports/{rep['id']}/sources/1/view")
    assert view.status_code == 200 and view.text.count('class="pane"') == 2
    _error(client.get(f"/v1/reports/{rep['id']}/sources/9/view"), 404, "not_found")


def test_writes_need_a_known_token(served):
    client, _auth, _ = served
    _error(client.post("/v1/check", json={"text": SUSP}), 401, "unauthorized")
    bad = {"Authorization": "Bearer us_nope"}
    _error(client.post("/v1/documents", json={"text": "x y z"}, headers=bad), 401, "unauthorized")
    _error(client.delete("/v1/documents/1"), 401, "unauthorized")


def test_bad_input_is_one_json_error(served):
    client, auth, _ = served
    _error(client.post("/v1/check", json={"text": "  "}, headers=auth), 422, "bad_input")
    both = {"text": "a", "content_base64": "YQ=="}
    _error(client.post("/v1/check", json=both, headers=auth), 422, "bad_input")
    _error(client.post("/v1/check", json={"content_base64": "***"}, headers=auth), 422, "bad_input")
    binary = base64.b64encode(bytes(range(256)) * 8).decode()
    msg = _error(
        client.post("/v1/check", json={"content_base64": binary}, headers=auth), 422, "bad_input"
    )
    assert "binary" in msg or "text" in msg
    _error(client.post("/v1/check", json={"text": SUSP, "top": 0}, headers=auth), 422, "bad_input")
    _error(client.post("/v1/check", content=b"{not json", headers=auth), 422, "bad_input")
    _error(client.get("/v1/reports/nope"), 404, "not_found")
    _error(client.get("/v1/reports/..%2F..%2Fetc"), 404, "not_found")
    _error(client.get("/static/..%2Fstate.py"), 404, "not_found")
    _error(client.get("/v1/nothing"), 404, "not_found")


def test_request_size_is_limited(served):
    client, auth, _ = served
    big = {"text": "word " * 60_000}
    _error(client.post("/v1/check", json=big, headers=auth), 413, "too_large")

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"x" * 10_000

    _error(client.post("/v1/check", content=chunks(), headers=auth), 413, "too_large")


def test_long_text_becomes_a_job_with_progress(served):
    client, auth, _ = served
    long_text = SUSP + "\n\n" + "An unrelated closing paragraph about weather. " * 80
    resp = client.post("/v1/check", json={"text": long_text, "lexical_only": True}, headers=auth)
    assert resp.status_code == 202, resp.text
    job = resp.json()
    assert resp.headers["location"] == job["url"]
    for _ in range(600):
        job = client.get(job["url"]).json()
        assert 0.0 <= job["progress"] <= 1.0
        if job["status"] in ("done", "failed"):
            break
        threading.Event().wait(0.1)
    assert job["status"] == "done", job
    rep = client.get(job["report_url"]).json()
    assert rep["sources"][0]["name"].endswith("source.txt")
    _error(client.get("/v1/jobs/unknown"), 404, "not_found")


def test_documents_added_and_removed_are_seen_by_checks(served):
    client, auth, _ = served
    text = (
        "The lighthouse keeper of Skerry Point counted four hundred and twelve gannets on the "
        "north ledge this spring, the largest colony recorded since the survey began in 1931. "
        "Volunteers ringed ninety chicks before the autumn gales closed the landing stage."
    )
    added = client.post(
        "/v1/documents", json={"text": text, "name": "birds", "whole": True}, headers=auth
    )
    assert added.status_code == 201, added.text
    doc_id = added.json()["ids"][0]
    again = client.post("/v1/documents", json={"text": text, "whole": True}, headers=auth)
    assert again.json()["added"] == 0 and again.json()["duplicates"] == 1
    query = {"text": text.replace("counted", "tallied"), "whole": True, "lexical_only": True}
    found = client.post("/v1/check", json=query, headers=auth).json()
    assert found["sources"][0]["id"] == doc_id
    assert client.get("/v1/index").json()["documents"] == 2
    assert client.delete(f"/v1/documents/{doc_id}", headers=auth).json() == {"removed": 1}
    gone = client.post("/v1/check", json=query, headers=auth).json()
    assert all(s["id"] != doc_id for s in gone["sources"])
    _error(client.delete(f"/v1/documents/{doc_id}", headers=auth), 404, "not_found")


def test_compare_two_files(served):
    client, auth, _ = served
    body = {
        "source": {"content_base64": base64.b64encode(SOURCE.read_bytes()).decode()},
        "suspicious": {"text": SUSP},
        "lexical_only": True,
    }
    rep = client.post("/v1/compare", json=body, headers=auth).json()
    assert rep["kind"] == "compare" and len(rep["sources"]) == 1
    assert len(rep["sources"][0]["passages"]) >= 4


def test_reviews_are_checked(served):
    client, auth, _ = served
    rid = client.post("/v1/check", json={"text": SUSP, "lexical_only": True}, headers=auth).json()[
        "id"
    ]
    url = f"/v1/reports/{rid}/reviews"
    _error(
        client.post(url, json={"source": 1, "passage": 99, "verdict": "confirmed"}, headers=auth),
        422,
        "bad_input",
    )
    _error(
        client.post(url, json={"source": 7, "verdict": "confirmed"}, headers=auth), 422, "bad_input"
    )
    _error(client.post(url, json={"source": 1, "verdict": "maybe"}, headers=auth), 422, "bad_input")
    _error(client.post(url, json={"source": 1, "verdict": "dismissed"}), 401, "unauthorized")
    ok = client.post(url, json={"source": 1, "verdict": "dismissed", "who": "bob"}, headers=auth)
    assert ok.status_code == 201
    assert client.get(f"/v1/reports/{rid}").json()["sources"][0]["verdict"]["who"] == "bob"


def test_headers_are_strict_and_cors_is_off(served):
    client, _auth, _ = served
    for path in ("/", "/v1/index", "/openapi.json", "/static/review.js"):
        resp = client.get(path, headers={"Origin": "https://evil.example"})
        assert resp.status_code == 200
        csp = resp.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in resp.headers
    assert "/v1/check" in client.get("/openapi.json").json()["paths"]
    assert "index" not in client.get("/v1/index").json()  # no server path


def test_concurrent_checks_all_answer(served):
    client, auth, _ = served
    results: list[int] = []

    def one():
        r = client.post("/v1/check", json={"text": SUSP, "lexical_only": True}, headers=auth)
        results.append(len(r.json()["sources"][0]["passages"]))

    threads = [threading.Thread(target=one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [4] * 6


def test_state_survives_a_restart_and_private_reads(tmp_path):
    folder = build_index(tmp_path / "lib.idx")
    token = new_token(folder)
    auth = {"Authorization": f"Bearer {token}"}
    with running(folder) as url:
        rid = httpx.post(
            f"{url}/v1/check", json={"text": SUSP, "lexical_only": True}, headers=auth, timeout=120
        ).json()["id"]
        httpx.post(
            f"{url}/v1/reports/{rid}/reviews",
            json={"source": 1, "verdict": "confirmed"},
            headers=auth,
        )
    with running(folder, private=True) as url:
        _error(httpx.get(f"{url}/v1/reports/{rid}"), 401, "unauthorized")
        rep = httpx.get(f"{url}/v1/reports/{rid}", headers=auth).json()
        assert rep["sources"][0]["verdict"]["verdict"] == "confirmed"


def test_a_check_past_the_time_limit_is_stopped_and_the_server_goes_on(tmp_path):
    folder = build_index(tmp_path / "lib.idx")
    auth = {"Authorization": f"Bearer {new_token(folder)}"}
    with running(folder, seconds=0.001) as url:
        resp = httpx.post(f"{url}/v1/check", json={"text": SUSP * 5}, headers=auth, timeout=60)
        _error(resp, 503, "time_limit")
        # The worker that was stopped takes the next task (here stopped too: 1 ms is short).
        job = httpx.post(f"{url}/v1/check", json={"text": SUSP, "job": True}, headers=auth).json()
        for _ in range(600):
            job = httpx.get(f"{url}{job['url']}").json()
            if job["status"] in ("done", "failed"):
                break
            threading.Event().wait(0.1)
        assert job["status"] == "failed" and job["error"]["code"] == "time_limit", job
        assert httpx.get(f"{url}/").status_code == 200  # the page never waits for the pool


def test_the_queue_is_bounded(tmp_path):
    from unspin.serve.engine import Busy, Engine
    from unspin.serve.state import StateStore

    folder = build_index(tmp_path / "lib.idx")
    engine = Engine(folder, StateStore(folder), workers=1, queue=1)
    gate = threading.Event()
    fut = engine.submit(gate.wait, 30)
    with pytest.raises(Busy):
        engine.submit(gate.wait, 30)
    gate.set()
    assert fut.result(30) is True
    engine.submit(lambda: None).result(30)  # room again
    engine.close()
