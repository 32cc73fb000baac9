"""Property-based fuzzing of the API from its own OpenAPI document (schemathesis): whatever a
client sends, no 5xx, and every error is the one JSON object ``{"error": {code, message}}``.

Bounded: a few examples per operation, no shrinking, so it runs in seconds.
"""

from __future__ import annotations

import pytest
from serve_helpers import build_index, need, new_token, running

need("fastapi")
schemathesis = need("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402  (after the skip)

EXAMPLES = 25


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = build_index(tmp_path_factory.mktemp("idx") / "lib.idx")
    token = new_token(folder)
    with running(folder, max_body=100_000) as url:
        yield url, token


def test_api_answers_every_request_without_a_server_error(served):
    url, token = served
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    auth = {"Authorization": f"Bearer {token}"}
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 10

    statuses: dict[int, int] = {}
    for op in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=op.as_strategy())
        def fuzz(case):
            resp = case.call(headers=auth, timeout=60)
            where = (case.method, case.formatted_path, resp.status_code, resp.text[:300])
            statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
            # A check stopped by the time limit on a loaded machine is an answer, not a crash.
            stopped = resp.status_code == 503 and "time_limit" in resp.text
            assert resp.status_code < 500 or stopped, where
            if resp.status_code >= 400:
                body = resp.json()
                assert set(body) == {"error"}, where
                assert isinstance(body["error"]["code"], str) and body["error"]["message"], where

        fuzz()
    # Both answers and refusals were exercised.
    assert sum(statuses.values()) >= len(operations) * 3, statuses
    assert any(s < 300 for s in statuses) and any(s >= 400 for s in statuses), statuses
