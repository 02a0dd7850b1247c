"""Events from use cases to signed HTTP deliveries, through the outbox, the bus and SQS."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from functions import wiring
from functions.domain.clock import utcnow
from functions.events.documents import schema_file
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from functions.webhooks.domain import Delivery, DeliveryMessage
from tests.integration.webhooks.conftest import Company, Receiver, publish_template, wait_for


def _webhook(client: TestClient, company: Company, url: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/webhooks", json={"url": url, **extra}, headers=company.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _validate(envelope: dict[str, Any]) -> None:
    schema = json.loads(schema_file(envelope["type"], envelope["version"]).read_text())
    jsonschema.validate(envelope, schema, format_checker=jsonschema.FormatChecker())


def _deliveries(client: TestClient, company: Company, hook: dict[str, Any]) -> list[Any]:
    response = client.get(f"/webhooks/{hook['id']}/deliveries", headers=company.headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def test_a_published_template_reaches_the_receiver_signed(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    hook = _webhook(client, company, box.url, event_types=["template.published"])
    template_id = publish_template(client, company, correlation="corr-webhook-1")

    got = wait_for(lambda: box.requests)[0]
    payload = Webhook(hook["secret"]).verify(got.body, got.headers)  # raises when not valid
    assert payload["type"] == "template.published"
    assert payload["data"]["template_id"] == template_id
    assert payload["correlation_id"] == "corr-webhook-1"  # one id from the request to here
    assert got.headers["webhook-id"] == payload["id"]
    _validate(payload)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(got.body, got.headers)


def test_a_receiver_that_fails_then_recovers_gets_the_event_once(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    box.script = [(500, {}), (503, {})]
    hook = _webhook(client, company, box.url, event_types=["template.published"])
    publish_template(client, company)

    wait_for(lambda: len(box.requests) >= 3)
    time.sleep(0.5)
    assert len(box.requests) == 3  # nothing after the success
    ids = {r.headers["webhook-id"] for r in box.requests}
    processed = {r.headers["webhook-id"] for r in box.requests if r is box.requests[-1]}
    assert len(ids) == 1 and processed == ids  # the receiver's dedupe set: one event
    log = wait_for(
        lambda: [d for d in _deliveries(client, company, hook) if d["status"] == "succeeded"]
    )
    assert [a["status_code"] for a in log[0]["attempts"]] == [500, 503, 200]


def test_429_retry_after_is_honoured_and_redirects_are_not_followed(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box, elsewhere = receiver(), receiver()
    box.script = [(429, {"Retry-After": "2"}), (302, {"Location": elsewhere.url})]
    _webhook(client, company, box.url, event_types=["template.published"])
    publish_template(client, company)

    wait_for(lambda: len(box.requests) >= 3)
    first, second = box.requests[0], box.requests[1]
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    gap = int(second.headers["webhook-timestamp"]) - int(first.headers["webhook-timestamp"])
    assert gap >= 2  # the schedule alone would have retried after 0.3 s
    assert elsewhere.requests == []  # the 302 counted as a failure, never followed


def test_410_disables_the_endpoint_and_announces_it(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    gone, owner = receiver(), receiver()
    gone.script = [(410, {})]
    hook = _webhook(client, company, gone.url, event_types=["template.published"])
    _webhook(client, company, owner.url, event_types=["webhook.endpoint_disabled"])
    publish_template(client, company)

    announced = wait_for(lambda: owner.requests)[0].json()
    assert announced["type"] == "webhook.endpoint_disabled"
    assert announced["data"]["endpoint_id"] == hook["id"]
    _validate(announced)
    listed = client.get("/webhooks", headers=company.headers).json()["items"]
    disabled = next(e for e in listed if e["id"] == hook["id"])
    assert disabled["enabled"] is False and "410" in disabled["disabled_reason"]


def test_failing_for_five_days_disables_the_endpoint(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    box.script = [(500, {})] * 10
    hook = _webhook(client, company, box.url, event_types=["template.published"])
    repo = wiring.webhooks()
    endpoint, revision = repo.endpoint(company.id, hook["id"]) or pytest.fail("no endpoint")
    since = utcnow() - timedelta(days=5, minutes=1)
    repo.save_endpoint(endpoint.model_copy(update={"failing_since": since}), revision)
    publish_template(client, company)

    wait_for(lambda: box.requests)
    found = wait_for(
        lambda: (e := repo.endpoint(company.id, hook["id"])) and not e[0].enabled and e
    )
    assert "5 days" in (found[0].disabled_reason or "")
    assert len(box.requests) == 1


def test_a_dead_lettered_delivery_is_replayed_and_arrives(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    hook = _webhook(client, company, box.url)
    test = client.post(f"/webhooks/{hook['id']}/test", headers=company.headers)
    assert test.status_code == 202, test.text
    wait_for(lambda: box.requests)
    # A delivery whose message the deliverer crashed on five times: it sits in the DLQ.
    repo, now = wiring.webhooks(), utcnow()
    event = {**box.requests[0].json(), "id": "dead-" + box.requests[0].json()["id"]}
    repo.add_delivery(
        Delivery(
            company_id=company.id,
            endpoint_id=hook["id"],
            event_id=event["id"],
            event_type=event["type"],
            event=event,
            created_at=now,
        )
    )
    message = DeliveryMessage(
        company_id=company.id, endpoint_id=hook["id"], event_id=event["id"], due_at=now
    )
    wiring.delivery_queue().dead_letter(message)

    replayed = wait_for(lambda: [r for r in box.requests if r.headers["webhook-id"] == event["id"]])
    Webhook(hook["secret"]).verify(replayed[0].body, replayed[0].headers)


def test_a_recruiter_replays_a_delivery_from_the_log(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    hook = _webhook(client, company, box.url)
    client.post(f"/webhooks/{hook['id']}/test", headers=company.headers)
    log = wait_for(
        lambda: [d for d in _deliveries(client, company, hook) if d["status"] == "succeeded"]
    )
    replay = client.post(
        f"/webhooks/{hook['id']}/deliveries/{log[0]['event_id']}/replay", headers=company.headers
    )
    assert replay.status_code == 202, replay.text
    wait_for(lambda: len(box.requests) >= 2)
    assert box.requests[0].headers["webhook-id"] == box.requests[1].headers["webhook-id"]


def test_rotation_signs_with_both_secrets(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    hook = _webhook(client, company, box.url)
    rotated = client.post(f"/webhooks/{hook['id']}/rotate-secret", headers=company.headers)
    assert rotated.status_code == 200 and rotated.json()["secret"] != hook["secret"]
    client.post(f"/webhooks/{hook['id']}/test", headers=company.headers)
    got = wait_for(lambda: box.requests)[0]
    Webhook(hook["secret"]).verify(got.body, got.headers)
    Webhook(rotated.json()["secret"]).verify(got.body, got.headers)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data",
        "https://10.0.0.7/hooks",
        "https://[::ffff:169.254.169.254]/x",
        "ftp://hooks.example.com/x",
        "https://user:pw@127.0.0.1/x",
    ],
)
def test_unsafe_urls_are_refused(client: TestClient, company: Company, url: str) -> None:
    response = client.post("/webhooks", json={"url": url}, headers=company.headers)
    assert response.status_code in (400, 422), response.text


def test_every_event_written_validates_against_its_schema(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    _webhook(client, company, box.url)
    template_id = publish_template(client, company)
    invited = client.post(
        "/interviews",
        json={"template_id": template_id, "candidate": {"name": "Cy", "email": "cy@example.com"}},
        headers=company.headers,
    )
    assert invited.status_code == 201, invited.text
    resent = client.post(f"/interviews/{invited.json()['id']}/resend", headers=company.headers)
    assert resent.status_code == 200, resent.text

    outbox = [
        r.data.as_dict()
        for r in Record.query(company_pk(company.id), Record.sk.startswith("OUTBOX#"))
    ]
    types = sorted(e["type"] for e in outbox)
    assert types == [
        "interview.created", "interview.invited", "interview.invited", "template.published"
    ]  # fmt: skip
    for envelope in outbox:
        _validate(json.loads(json.dumps(envelope, default=int)))
    wait_for(lambda: len(box.requests) >= 4)
    for got in box.requests:
        _validate(got.json())
    # Published through the stream, so none is left for the outbox sweeper.
    wait_for(
        lambda: (
            not any(
                r.gsi1pk
                for r in Record.query(company_pk(company.id), Record.sk.startswith("OUTBOX#"))
            )
        )
    )
