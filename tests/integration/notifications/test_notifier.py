"""The notifier: bus event -> rule -> notifications queue -> handler -> email in the outbox."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from fastapi.testclient import TestClient

from functions import wiring
from functions.events.catalog import (
    SOURCE,
    CandidateRef,
    Event,
    EventData,
    InterviewAnalyzed,
    InterviewDecided,
    InterviewInvited,
    TeamMemberAdded,
    new_event,
    parse_data,
)
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.notifications import handlers
from functions.notifications.adapters.outbox import LocalOutbox
from functions.privacy import links
from functions.resources import NOTIFICATIONS_QUEUE
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, invite, published_template


@dataclass
class Context:
    function_name: str = "interviews-local-notify"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:notify"
    memory_limit_in_mb: int = 512
    aws_request_id: str = "req-1"
    log_group_name: str = "/aws/lambda/notify"
    log_stream_name: str = "stream"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def _receive(aws: EmbeddedAws, resources: LocalResources) -> list[dict[str, Any]]:
    """What the rule put on the notifications queue, as Lambda's SQS event records."""
    sqs = boto3.client("sqs", endpoint_url=aws.endpoint_url, region_name=resources.region)
    url = resources.queue_urls[NOTIFICATIONS_QUEUE.base]
    records: list[dict[str, Any]] = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        messages = got.get("Messages", [])
        if not messages:
            return records
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            records.append(
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": {},
                    "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": f"arn:aws:sqs:eu-west-1:123456789012:{url}",
                    "awsRegion": "eu-west-1",
                }
            )


def _deliver(platform: tuple[EmbeddedAws, LocalResources], data: EventData, company: str) -> Any:
    aws, resources = platform
    _receive(aws, resources)  # start from an empty queue
    # Straight onto the bus, as the outbox publisher puts it there.
    event = new_event(data, company_id=company)
    boto3.client("events", endpoint_url=aws.endpoint_url, region_name="eu-west-1").put_events(
        Entries=[
            {
                "Source": SOURCE,
                "DetailType": event.type,
                "Detail": json.dumps(event.model_dump(mode="json")),
                "EventBusName": resources.event_bus_name,
            }
        ]
    )
    aws.wait_idle()
    records = [
        r
        for r in _receive(aws, resources)
        if json.loads(r["body"])["detail"]["company_id"] == company
    ]
    assert len(records) == 1
    return records


def _mine(outbox: LocalOutbox, to: str) -> list[Any]:
    return [m for m in outbox.messages() if m.to == to]


def test_invitation_in_the_candidates_language_once(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    template = published_template(client, tenant.hr)
    email = f"carla-{tenant.company_id}@example.com"
    candidate = {"name": "Carla Candidate", "email": email, "language": "es"}
    invitation = invite(client, tenant.hr, template["id"], candidate=candidate)
    data = InterviewInvited(
        interview_id=invitation["id"],
        candidate=CandidateRef(**candidate),
        candidate_url=invitation["candidate_url"],
        deadline=invitation["deadline"],
        invitations_sent=1,
    )
    records = _deliver(platform, data, tenant.company_id)
    result = handlers.notify({"Records": records}, Context())
    assert result == {"batchItemFailures": []}
    (sent,) = _mine(outbox, email)
    assert sent.language == "es" and sent.kind == "invitation"
    assert "te invita a una entrevista" in sent.subject
    assert invitation["candidate_url"] in sent.text
    assert f'href="{invitation["candidate_url"]}"' in sent.html
    assert "Backend engineer" in sent.text
    _asks_for_data_rights(sent, tenant.company_id, invitation["id"])

    # The same event again (an SQS re-delivery): idempotent on the event id, no second email.
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    assert len(_mine(outbox, email)) == 1


def _asks_for_data_rights(sent: Any, company_id: str, interview_id: str) -> None:
    """Every candidate email links to the page where they ask for their data or its erasure,
    signed for their interview (issue 17)."""
    token = sent.text.split("/privacy?token=", 1)[1].split()[0]
    link = links.verify_request(token, wiring.unsubscribe_key())
    assert (link.company_id, link.interview_id) == (company_id, interview_id)
    assert f"/privacy?token={token}" in sent.html


def test_a_failing_record_is_reported_and_the_rest_are_sent(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    template = published_template(client, tenant.hr)
    email = f"dora-{tenant.company_id}@example.com"
    candidate = {"name": "Dora", "email": email, "language": "de"}
    invitation = invite(client, tenant.hr, template["id"], candidate=candidate)
    good = _deliver(
        platform,
        InterviewDecided(
            interview_id=invitation["id"], outcome="hire", note="", decided_by=tenant.hr.id
        ),
        tenant.company_id,
    )
    bad = _deliver(
        platform,
        InterviewDecided(interview_id="missing", outcome="hire", note="", decided_by="x"),
        tenant.company_id,
    )
    result = handlers.notify({"Records": good + bad}, Context())
    assert result == {"batchItemFailures": [{"itemIdentifier": bad[0]["messageId"]}]}
    (sent,) = _mine(outbox, email)
    assert (sent.kind, sent.language) == ("decision_hired", "de")
    assert "Herzlichen Glückwunsch" in sent.text
    _asks_for_data_rights(sent, tenant.company_id, invitation["id"])


def test_analysis_ready_goes_to_the_recruiter_in_their_language(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"])
    data = InterviewAnalyzed(
        interview_id=invitation["id"],
        overall_score=77,
        recommendation="hire",
        analysis_version=1,
    )
    handlers.notify({"Records": _deliver(platform, data, tenant.company_id)}, Context())
    (sent,) = _mine(outbox, tenant.hr.email)
    assert sent.kind == "analysis_ready" and "77" in sent.subject
    assert f"/app/interviews/{invitation['id']}" in sent.text


def test_a_new_team_member_is_welcomed_in_their_language_without_a_password(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    email = f"rita-{tenant.company_id}@example.com"
    created = client.post(
        "/users",
        json={"email": email, "name": "Rita", "role": "interviewer", "language": "ru"},
        headers=tenant.admin.headers,
    )
    assert created.status_code == 201, created.text
    # Written with the user, in the same transaction (the transactional outbox).
    records = Record.query(company_pk(tenant.company_id), Record.sk.startswith("OUTBOX#"))
    [event] = [
        Event.model_validate(r.data.as_dict())
        for r in records
        if r.data.as_dict()["type"] == "team.member_added"
        and r.data.as_dict()["data"]["user_id"] == created.json()["id"]
    ]
    data = parse_data(event)
    assert data == TeamMemberAdded(
        user_id=created.json()["id"], name="Rita", role="interviewer", added_by=tenant.admin.id
    )
    handlers.notify({"Records": _deliver(platform, data, tenant.company_id)}, Context())
    (sent,) = _mine(outbox, email)
    assert (sent.kind, sent.language) == ("welcome", "ru")
    assert "Добро пожаловать" in sent.subject
    assert "/app" in sent.text
    assert created.json()["temporary_password"] not in sent.text + sent.html


def test_no_welcome_for_a_member_removed_before_the_email(
    tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources], outbox: LocalOutbox
) -> None:
    data = TeamMemberAdded(user_id="gone", name="Gone", role="hr", added_by=tenant.admin.id)
    result = handlers.notify({"Records": _deliver(platform, data, tenant.company_id)}, Context())
    assert result == {"batchItemFailures": []}
    assert not [m for m in outbox.messages() if m.kind == "welcome" and "Gone" in m.text]


def test_an_extended_deadline_is_emailed_to_the_candidate_in_their_language(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    """extendInterviewDeadline writes interview.deadline_extended to the outbox; the rule
    carries it to the notifier, which emails the candidate the new deadline."""
    template = published_template(client, tenant.hr)
    email = f"rita-{tenant.company_id}@example.com"
    candidate = {"name": "Rita", "email": email, "language": "ru"}
    invitation = invite(client, tenant.hr, template["id"], candidate=candidate)
    extended = client.post(
        f"/interviews/{invitation['id']}/extend-deadline",
        json={"deadline": "2099-01-01T00:00:00+00:00"},
        headers=tenant.hr.headers,
    )
    assert extended.status_code == 422  # beyond the 365 days: nothing written, nobody emailed
    new_deadline = (datetime.now(UTC) + timedelta(days=40)).replace(microsecond=0)
    extended = client.post(
        f"/interviews/{invitation['id']}/extend-deadline",
        json={"deadline": new_deadline.isoformat()},
        headers=tenant.hr.headers,
    )
    assert extended.status_code == 200, extended.text
    (written,) = [
        Event.model_validate(r.data.as_dict())
        for r in Record.query(company_pk(tenant.company_id), Record.sk.startswith("OUTBOX#"))
        if r.data.as_dict()["type"] == "interview.deadline_extended"
        and r.data.as_dict()["data"]["interview_id"] == invitation["id"]
    ]
    records = _deliver(platform, parse_data(written), tenant.company_id)
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    (sent,) = _mine(outbox, email)
    assert (sent.kind, sent.language) == ("deadline_extended", "ru")
    assert "продлила срок" in sent.text
    assert new_deadline.strftime("%Y-%m-%d %H:%M UTC") in sent.text
