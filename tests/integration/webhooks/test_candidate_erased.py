"""Issue 17: erasing a candidate tells the company's ATS through a signed `candidate.erased`
webhook naming the erased ids, never the person."""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook

from tests.integration.webhooks.conftest import Company, Receiver, publish_template, wait_for
from tests.integration.webhooks.test_webhook_delivery import _validate, _webhook


def test_an_erasure_reaches_the_receiver_without_personal_data(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    box = receiver()
    hook = _webhook(client, company, box.url, event_types=["candidate.erased"])
    template_id = publish_template(client, company)
    candidate = {"name": "Ingrid Erasmus", "email": "ingrid.erasmus@example.com"}
    invited = client.post(
        "/interviews",
        json={"template_id": template_id, "candidate": candidate},
        headers=company.headers,
    )
    assert invited.status_code == 201, invited.text

    erased = client.post(
        "/candidates/privacy/erasures",
        json={"email": candidate["email"]},
        headers=company.admin_headers,
    )
    assert erased.status_code == 200, erased.text

    got = wait_for(lambda: box.requests)[0]
    payload = Webhook(hook["secret"]).verify(got.body, got.headers)
    assert payload["type"] == "candidate.erased"
    assert payload["data"]["interview_ids"] == [invited.json()["id"]]
    assert payload["data"]["erasure_id"] == erased.json()["erasure_id"]
    _validate(payload)
    text = json.dumps(payload).lower()
    assert "ingrid" not in text and "erasmus" not in text
    # Erasing again finds nothing: no second event.
    again = client.post(
        "/candidates/privacy/erasures",
        json={"email": candidate["email"]},
        headers=company.admin_headers,
    )
    assert again.status_code == 200 and again.json()["erasure_id"] is None
