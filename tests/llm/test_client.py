"""The chat-completions client against a real HTTP stub on 127.0.0.1."""

from __future__ import annotations

import pytest

from negotrack.llm.client import ChatClient, LlmError

MSGS = [{"role": "system", "content": "s"}, {"role": "user", "content": "article: marker-A"}]
SCHEMA = {"type": "object"}
POS = [{"party": "iran", "issue": "enrichment", "stance": "insist", "actor": None, "evidence": "x", "date": None}]


def _client(stub, **kw):
    kw = {"timeout_s": 5.0, "retries": 3, "concurrency": 2, "backoff_base_s": 0.01, **kw}
    return ChatClient(stub.base_url, "m", **kw)


def test_answer_tokens_schema_and_key(stub):
    stub.on("marker-A", positions=POS)
    with _client(stub, api_key="sk-test-123") as client:
        reply = client.chat(MSGS, SCHEMA)
    assert '"insist"' in reply.content
    assert (reply.prompt_tokens, reply.completion_tokens, reply.attempts) == (100, 10, 1)
    (req,) = stub.log
    assert req["body"]["response_format"]["type"] == "json_schema"
    assert req["body"]["response_format"]["json_schema"]["schema"] == SCHEMA
    assert req["body"]["model"] == "m"
    assert req["headers"].get("Authorization") == "Bearer sk-test-123"


def test_no_key_no_authorization_header(stub):
    with _client(stub) as client:
        client.chat(MSGS, SCHEMA)
    assert "Authorization" not in stub.log[0]["headers"]


def test_429_is_retried_then_succeeds(stub):
    stub.on("marker-A", positions=POS, fail_first=2, fail_status=429)
    with _client(stub) as client:
        reply = client.chat(MSGS, SCHEMA)
    assert reply.attempts == 3 and stub.requests == 3


def test_5xx_gives_up_after_the_retries(stub):
    stub.on("marker-A", positions=POS, fail_first=100, fail_status=503)
    with _client(stub, retries=2) as client, pytest.raises(LlmError, match="HTTP 503"):
        client.chat(MSGS, SCHEMA)
    assert stub.requests == 3  # one try + two retries


def test_other_client_errors_are_not_retried(stub):
    stub.on("marker-A", positions=POS, fail_first=100, fail_status=401)
    with _client(stub) as client, pytest.raises(LlmError, match="HTTP 401"):
        client.chat(MSGS, SCHEMA)
    assert stub.requests == 1


def test_a_timeout_is_retried(stub):
    stub.on("marker-A", positions=POS, delay_s=2.0, delay_first=1)
    with _client(stub, timeout_s=0.5) as client:
        reply = client.chat(MSGS, SCHEMA)
    assert reply.attempts == 2 and stub.requests == 2


def test_a_server_that_stays_slow_fails_with_timeout(stub):
    stub.on("marker-A", positions=POS, delay_s=1.5)
    with _client(stub, timeout_s=0.3, retries=1) as client, pytest.raises(LlmError, match="timeout"):
        client.chat(MSGS, SCHEMA)
    assert stub.requests == 2


def test_schema_rejected_falls_back_to_json_object_for_good(stub):
    stub.reject_schema = True
    stub.on("marker-A", positions=POS)
    with _client(stub) as client:
        client.chat(MSGS, SCHEMA)
        client.chat(MSGS, SCHEMA)
    kinds = [r["body"]["response_format"]["type"] for r in stub.log]
    assert kinds == ["json_schema", "json_object", "json_object"]


def test_unreachable_server_is_a_failure_not_a_crash():
    client = ChatClient("http://127.0.0.1:9/v1", "m", retries=1, backoff_base_s=0.01, timeout_s=1)
    with client, pytest.raises(LlmError, match="connection failed"):
        client.chat(MSGS, SCHEMA)


def test_map_bounds_concurrency_and_yields_failures(stub):
    stub.on("marker-bad", positions=POS, fail_first=100, fail_status=500)
    items = [f"marker-{i}" for i in range(8)] + ["marker-bad"]
    with _client(stub, concurrency=3, retries=0) as client:
        results = dict(client.map(lambda m: client.chat([{"role": "user", "content": m}], SCHEMA), items))
    assert set(results) == set(items)
    assert isinstance(results["marker-bad"], LlmError)
    assert all(not isinstance(results[m], Exception) for m in items[:-1])
    assert 1 < stub.max_in_flight <= 3
