"""Team collaboration's emails: an assigned reviewer hears of it in their language, once."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.accounts.use_cases import add_user
from functions.domain.clock import utcnow
from functions.domain.companies import Role
from functions.events.catalog import Event, parse_data
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.notifications import handlers
from functions.notifications.adapters.outbox import LocalOutbox
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import (
    PASSWORD,
    Member,
    Tenant,
    _login,
    invite,
    published_template,
)
from tests.integration.api.test_scorecards import (
    finished_interview,
    make_scorecard_template,
    submit,
)
from tests.integration.notifications.test_notifier import Context, _deliver, _mine


def written_events(company_id: str, event_type: str) -> list[Event]:
    """What the API wrote to the outbox (in the same transaction as the change)."""
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    found = [Event.model_validate(r.data.as_dict()) for r in records]
    return [e for e in found if e.type == event_type]


def add_member(client: TestClient, tenant: Tenant, name: str, language: str) -> dict[str, Any]:
    email = f"{name.lower()}-{tenant.company_id}@example.com"
    created = client.post(
        "/users",
        json={"email": email, "name": name, "role": "interviewer", "language": language},
        headers=tenant.admin.headers,
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


def test_an_assigned_reviewer_is_emailed_in_their_language_once(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    member = add_member(client, tenant, "Greta", "de")
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"])
    assigned = client.post(
        f"/interviews/{interview['id']}/reviewers",
        json={"user_ids": [member["id"]]},
        headers=tenant.hr.headers,
    )
    assert assigned.status_code == 200, assigned.text
    [event] = [
        e
        for e in written_events(tenant.company_id, "reviewer.assigned")
        if e.data["user_id"] == member["id"]
    ]
    records = _deliver(platform, parse_data(event), tenant.company_id)
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    (sent,) = _mine(outbox, member["email"])
    assert (sent.kind, sent.language) == ("reviewer_assigned", "de")
    assert "Carla Candidate" in sent.subject and "bewerten" in sent.subject
    assert f"/app/interviews/{interview['id']}" in sent.text
    # An SQS re-delivery of the same event: no second email.
    handlers.notify({"Records": records}, Context())
    assert len(_mine(outbox, member["email"])) == 1


def test_no_email_when_unassigned_before_it_went_out(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    member = add_member(client, tenant, "Ivo", "ru")
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"], reviewer_ids=[member["id"]])
    removed = client.delete(
        f"/interviews/{interview['id']}/reviewers/{member['id']}", headers=tenant.hr.headers
    )
    assert removed.status_code == 200, removed.text
    [event] = [
        e
        for e in written_events(tenant.company_id, "reviewer.assigned")
        if e.data["user_id"] == member["id"]
    ]
    records = _deliver(platform, parse_data(event), tenant.company_id)
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    assert _mine(outbox, member["email"]) == []


def _mention_records(
    platform: tuple[EmbeddedAws, LocalResources], company_id: str, comment_id: str
) -> list[list[dict[str, Any]]]:
    """Each `comment.mentioned` the API wrote for this comment, through the bus to the queue."""
    found = [
        e
        for e in written_events(company_id, "comment.mentioned")
        if e.data["comment_id"] == comment_id
    ]
    return [_deliver(platform, parse_data(e), company_id) for e in found]


def test_a_mention_emails_each_member_once_in_their_language(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    lena = add_member(client, tenant, "Lena", "de")
    pablo = add_member(client, tenant, "Pablo", "es")
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"], reviewer_ids=[lena["id"], pablo["id"]])
    path = f"/interviews/{interview['id']}/comments"
    created = client.post(
        path,
        json={"text": "@Lena see answer 2", "mentioned_user_ids": [lena["id"]]},
        headers=tenant.hr.headers,
    )
    assert created.status_code == 201, created.text
    comment_id = created.json()["id"]
    edited = client.patch(
        f"{path}/{comment_id}",
        json={
            "text": "@Lena @Pablo see answer 2",
            "mentioned_user_ids": [lena["id"], pablo["id"]],
        },
        headers=tenant.hr.headers,
    )
    assert edited.status_code == 200, edited.text

    deliveries = _mention_records(platform, tenant.company_id, comment_id)
    assert len(deliveries) == 2  # Lena at creation, Pablo at the edit
    for records in deliveries:
        for _ in range(2):  # each SQS message delivered twice
            assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    (to_lena,) = _mine(outbox, lena["email"])
    (to_pablo,) = _mine(outbox, pablo["email"])
    assert (to_lena.kind, to_lena.language) == ("mention", "de")
    assert (to_pablo.kind, to_pablo.language) == ("mention", "es")
    assert "Hr Person" in to_lena.subject and "Carla Candidate" in to_lena.subject
    assert "@Lena @Pablo see answer 2" in to_pablo.text
    assert f"/app/interviews/{interview['id']}#comment-{comment_id}" in to_pablo.text
    assert "unsubscribe" in to_pablo.text.lower()


def test_no_mention_email_for_a_member_who_turned_them_off_but_the_bell_still_rings(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    muted = client.patch(
        "/me", json={"muted_notifications": ["mention"]}, headers=tenant.admin.headers
    )
    assert muted.status_code == 200, muted.text
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"])
    created = client.post(
        f"/interviews/{interview['id']}/comments",
        json={"text": "@Ada", "mentioned_user_ids": [tenant.admin.id]},
        headers=tenant.hr.headers,
    )
    assert created.status_code == 201, created.text
    [records] = _mention_records(platform, tenant.company_id, created.json()["id"])
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    assert _mine(outbox, tenant.admin.email) == []
    bell = client.get("/notifications", headers=tenant.admin.headers).json()
    assert [n["comment_id"] for n in bell["items"]] == [created.json()["id"]]


def test_no_mention_email_once_the_comment_was_deleted(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"])
    path = f"/interviews/{interview['id']}/comments"
    created = client.post(
        path,
        json={"text": "oops @Ada", "mentioned_user_ids": [tenant.admin.id]},
        headers=tenant.hr.headers,
    )
    assert created.status_code == 201, created.text
    gone = client.delete(f"{path}/{created.json()['id']}", headers=tenant.hr.headers)
    assert gone.status_code == 200
    [records] = _mention_records(platform, tenant.company_id, created.json()["id"])
    assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    assert _mine(outbox, tenant.admin.email) == []


def _interviewer(client: TestClient, tenant: Tenant, name: str, language: Any) -> Member:
    """Another interviewer of the tenant, signed in (a known password, as the seed makes them)."""
    email = f"{name.lower()}-{tenant.company_id}@acme.test"
    user = add_user(
        wiring.users(),
        wiring.identity(),
        company_id=tenant.company_id,
        email=email,
        name=name,
        role=Role.INTERVIEWER,
        password=PASSWORD,
        now=utcnow(),
        language=language,
    )
    return Member(user.id, email, Role.INTERVIEWER, _login(client, email))


def test_two_reviewers_score_and_comment_and_a_mention_reaches_the_other(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    """Issue 15's "done when", through the API: an admin assigns two interviewers, each scores,
    one @mentions the other, who finds it under the bell and in their email; the recruiter
    reads both ratings beside the AI's."""
    ivy = _interviewer(client, tenant, "Ivy", "en")
    ingo = _interviewer(client, tenant, "Ingo", "de")
    card = make_scorecard_template(client, tenant.hr, hide_others_until_submitted=True)
    interview = finished_interview(client, tenant, card["id"])
    iid = interview["id"]
    assigned = client.post(
        f"/interviews/{iid}/reviewers",
        json={"user_ids": [ivy.id, ingo.id]},
        headers=tenant.admin.headers,
    )
    assert assigned.status_code == 200, assigned.text

    ratings = {"design": 4, "ownership": 4, "communication": 3}
    assert submit(client, ivy, iid, ratings, "yes").status_code == 200
    assert (
        client.get(f"/interviews/{iid}/scorecards", headers=ingo.headers).json()["hidden_count"]
        == 1
    )
    said = client.post(
        f"/interviews/{iid}/comments",
        json={"text": "@Ingo how did you read answer 2?", "mentioned_user_ids": [ingo.id]},
        headers=ivy.headers,
    )
    assert said.status_code == 201, said.text
    assert (
        submit(client, ingo, iid, {**ratings, "communication": 5}, "strong_yes").status_code == 200
    )
    reply = client.post(
        f"/interviews/{iid}/comments",
        json={"text": "Convincing.", "parent_id": said.json()["id"]},
        headers=ingo.headers,
    )
    assert reply.status_code == 201, reply.text

    bell = client.get("/notifications", headers=ingo.headers).json()
    assert bell["unread_count"] == 1 and bell["items"][0]["actor_name"] == "Ivy"
    for records in _mention_records(platform, tenant.company_id, said.json()["id"]):
        assert handlers.notify({"Records": records}, Context()) == {"batchItemFailures": []}
    (email,) = _mine(outbox, ingo.email)
    assert (email.kind, email.language) == ("mention", "de")

    detail = client.get(f"/interviews/{iid}", headers=tenant.hr.headers).json()
    summary = detail["scorecard_summary"]
    assert summary["submitted"] == 2 and summary["recommendations"]["strong_yes"] == 1
    assert [(c["competency_id"], c["spread"]) for c in summary["competencies"]] == [
        ("design", 0),
        ("ownership", 0),
        ("communication", 2),
    ]
    thread = client.get(f"/interviews/{iid}/comments", headers=tenant.hr.headers).json()["items"]
    assert [c["author_name"] for c in thread] == ["Ivy", "Ingo"]
