"""Interview actions (issue 12): extending the deadline, the decision history, share links for
a hiring manager, and clearing the company's support address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.errors import Conflict, StaleRevision
from functions.domain.interviews import (
    AnswerMedia,
    Decision,
    Interview,
    InterviewStatus,
    Outcome,
)
from functions.interviews import use_cases
from functions.storage.records import Record
from functions.storage.repositories import InterviewRepository, company_pk
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)
from tests.integration.api.test_candidate import upload_answer


def _at(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def _outbox(company_id: str, event_type: str) -> list[dict[str, Any]]:
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    return [r.data.as_dict() for r in records if r.data.as_dict()["type"] == event_type]


def _audited(client: TestClient, tenant: Tenant, action: str) -> list[dict[str, Any]]:
    entries = client.get(
        "/company/audit-log", params={"limit": 500, "action": action}, headers=tenant.admin.headers
    )
    assert entries.status_code == 200, entries.text
    return list(entries.json()["items"])


def _expire(company_id: str, interview_id: str) -> None:
    """The deadline passed and the expiry job wrote it down."""
    repo = wiring.interviews()
    stored, revision = repo.get(company_id, interview_id) or (None, 0)
    assert stored is not None
    past = utcnow() - timedelta(hours=1)
    repo.save(
        stored.model_copy(update={"deadline": past, "status": InterviewStatus.EXPIRED}), revision
    )


def _completed(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"])
    for question in template["questions"]:
        upload_answer(client, invitation, question["id"])
    finished = client.post("/candidate/finish", headers=candidate_headers(invitation))
    assert finished.status_code == 200, finished.text
    return invitation


# Extending the deadline ------------------------------------------------------------------------


def test_extending_reopens_an_expired_link_and_tells_the_candidate(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"])
    _expire(tenant.company_id, invitation["id"])
    session = client.get("/candidate/session", headers=candidate_headers(invitation))
    assert_problem(session, 410)

    new_deadline = _at(10)
    response = client.post(
        f"/interviews/{invitation['id']}/extend-deadline",
        json={"deadline": new_deadline},
        headers=tenant.hr.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "pending"
    assert datetime.fromisoformat(body["deadline"]) == datetime.fromisoformat(new_deadline)
    # The same link works again.
    session = client.get("/candidate/session", headers=candidate_headers(invitation))
    assert session.status_code == 200, session.text
    (event,) = [
        e
        for e in _outbox(tenant.company_id, "interview.deadline_extended")
        if e["data"]["interview_id"] == invitation["id"]
    ]
    assert event["data"]["reopened"] is True
    assert event["data"]["candidate"]["language"] == "es"
    assert event["data"]["extended_by"] == tenant.hr.id
    assert any(
        e["target_id"] == f"INTERVIEW#{invitation['id']}"
        for e in _audited(client, tenant, "extendInterviewDeadline")
    )


def test_extending_refuses_earlier_far_or_finished(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"], deadline=_at(5))
    url = f"/interviews/{invitation['id']}/extend-deadline"
    h = tenant.hr.headers
    earlier = client.post(url, json={"deadline": _at(4)}, headers=h)
    assert_problem(earlier, 422, detail_contains="later than the current deadline")
    assert earlier.json()["field"] == "deadline"
    beyond = client.post(url, json={"deadline": _at(400)}, headers=h)
    assert_problem(beyond, 422)
    assert beyond.json()["errors"][0]["field"] == "deadline"
    assert_problem(client.post(url, json={}, headers=h), 422)
    assert_problem(
        client.post(url, json={"deadline": _at(6)}, headers=tenant.interviewer.headers), 403
    )

    client.post(f"/interviews/{invitation['id']}/cancel", headers=h)
    assert_problem(client.post(url, json={"deadline": _at(6)}, headers=h), 409)
    done = _completed(client, tenant)
    finished = client.post(
        f"/interviews/{done['id']}/extend-deadline", json={"deadline": _at(20)}, headers=h
    )
    assert_problem(finished, 409, detail_contains="completed")


# Decision history ------------------------------------------------------------------------------


def test_every_decision_is_kept_newest_first(client: TestClient, tenant: Tenant) -> None:
    done = _completed(client, tenant)
    url = f"/interviews/{done['id']}/decision"
    first = client.post(url, json={"outcome": "advance", "note": "Good"}, headers=tenant.hr.headers)
    assert first.status_code == 200, first.text
    second = client.post(
        url, json={"outcome": "reject", "note": "Changed my mind"}, headers=tenant.admin.headers
    )
    assert second.status_code == 200, second.text

    detail = client.get(f"/interviews/{done['id']}", headers=tenant.hr.headers).json()
    history = [(d["outcome"], d["note"], d["decided_by"]) for d in detail["decisions"]]
    assert history == [
        ("reject", "Changed my mind", tenant.admin.id),
        ("advance", "Good", tenant.hr.id),
    ]
    assert detail["decisions"][0]["decided_by_name"]
    assert detail["decision"]["outcome"] == "reject"  # the current one is the latest
    assert len(_audited(client, tenant, "decideInterview")) >= 2


def test_a_decision_from_before_the_history_reads_as_its_first_entry(
    client: TestClient, tenant: Tenant
) -> None:
    done = _completed(client, tenant)
    repo = wiring.interviews()
    stored, revision = repo.get(tenant.company_id, done["id"]) or (None, 0)
    assert stored is not None
    old = Decision(
        outcome=Outcome.ADVANCE,
        note="Kept from before",
        decided_by=tenant.hr.id,
        decided_at=utcnow() - timedelta(days=2),
    )
    repo.save(stored.model_copy(update={"decision": old}), revision)  # as the old code wrote it

    detail = client.get(f"/interviews/{done['id']}", headers=tenant.hr.headers).json()
    assert [(d["outcome"], d["note"]) for d in detail["decisions"]] == [
        ("advance", "Kept from before")
    ]
    decided = client.post(
        f"/interviews/{done['id']}/decision",
        json={"outcome": "hire"},
        headers=tenant.hr.headers,
    )
    assert decided.status_code == 200, decided.text
    detail = client.get(f"/interviews/{done['id']}", headers=tenant.hr.headers).json()
    assert [(d["outcome"], d["note"]) for d in detail["decisions"]] == [
        ("hire", ""),
        ("advance", "Kept from before"),
    ]


# Share links -----------------------------------------------------------------------------------


def _analyzed_with_media(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    """A finished interview as the pipeline leaves it: transcripts, scores, an MP4, a decision."""
    done = _completed(client, tenant)
    repo = wiring.interviews()
    for answer, revision in repo.answers(tenant.company_id, done["id"]):
        media = AnswerMedia(video_key=answer.object_key, poster_key=answer.object_key)
        repo.save_answer(
            answer.model_copy(
                update={
                    "transcript": f"I would start with question {answer.question_index + 1}.",
                    "media_keys": media,
                    "analysis": {"overall": 70, "usage": {"input_tokens": 5}},
                }
            ),
            revision,
        )
    stored, revision = repo.get(tenant.company_id, done["id"]) or (None, 0)
    assert stored is not None
    analysis = {"overall_score": 77, "recommendation": "hire", "summary": "Strong.", "usage": {}}
    repo.save(
        stored.model_copy(update={"status": InterviewStatus.ANALYZED, "analysis": analysis}),
        revision,
    )
    decided = client.post(
        f"/interviews/{done['id']}/decision",
        json={"outcome": "advance", "note": "PRIVATE NOTE"},
        headers=tenant.hr.headers,
    )
    assert decided.status_code == 200, decided.text
    return done


def _shared(client: TestClient, token: str) -> Any:
    return client.get("/interviews/shared/view", headers={"Authorization": f"Bearer {token}"})


def test_a_share_link_shows_the_interview_read_only_without_private_data(
    client: TestClient, tenant: Tenant
) -> None:
    done = _analyzed_with_media(client, tenant)
    made = client.post(
        f"/interviews/{done['id']}/share-links",
        json={"expires_in_days": 3},
        headers=tenant.hr.headers,
    )
    assert made.status_code == 201, made.text
    link = made.json()
    assert link["url"].endswith(f"/shared#{link['token']}")
    expires = datetime.fromisoformat(link["expires_at"]) - datetime.fromisoformat(
        link["created_at"]
    )
    assert expires == timedelta(days=3)
    # Only the token's hash is stored.
    stored = Record.get(company_pk(tenant.company_id), f"SHARE#{done['id']}#{link['id']}")
    assert link["token"] not in str(stored.data.as_dict())

    view = _shared(client, link["token"])
    assert view.status_code == 200, view.text
    assert view.headers["RateLimit-Limit"] == "120"  # its own bucket per link
    body = view.json()
    assert body["candidate_name"] == "Carla Candidate"
    assert body["overall_score"] == 77 and body["decision"]["outcome"] == "advance"
    assert len(body["answers"]) == 3
    assert body["answers"][0]["transcript"].startswith("I would start")
    assert "X-Amz-Expires=900" in body["answers"][0]["media"]["video_url"]
    text = view.text
    for private in ("carla@example.com", "PRIVATE NOTE", tenant.hr.id, "usage", "ideal_answer"):
        assert private not in text, private

    listed = client.get(f"/interviews/{done['id']}/share-links", headers=tenant.hr.headers)
    assert [i["id"] for i in listed.json()["items"]] == [link["id"]]
    assert "token" not in listed.json()["items"][0]
    assert any(
        e["target_id"] == f"SHARE#{done['id']}#{link['id']}"
        for e in _audited(client, tenant, "createShareLink")
    )


def test_a_revoked_or_expired_link_is_gone_and_a_wrong_one_unknown(
    client: TestClient, tenant: Tenant
) -> None:
    done = _analyzed_with_media(client, tenant)
    url = f"/interviews/{done['id']}/share-links"
    h = tenant.hr.headers
    revoked = client.post(url, headers=h).json()
    expiring = client.post(url, json={"expires_in_days": 1}, headers=h).json()
    assert datetime.fromisoformat(revoked["expires_at"]) - datetime.fromisoformat(
        revoked["created_at"]
    ) == timedelta(days=7)  # the default

    gone = client.post(f"{url}/{revoked['id']}/revoke", headers=h)
    assert gone.status_code == 200 and gone.json()["revoked_at"], gone.text
    assert_problem(_shared(client, revoked["token"]), 410, detail_contains="revoked")
    assert _shared(client, revoked["token"]).json()["reason"] == "revoked"

    links = wiring.share_links()
    found = links.get(tenant.company_id, done["id"], expiring["id"])
    assert found is not None
    link, revision = found
    links.save(link.model_copy(update={"expires_at": utcnow() - timedelta(minutes=1)}), revision)
    assert_problem(_shared(client, expiring["token"]), 410, detail_contains="expired")
    assert client.get(url, headers=h).json()["items"] == []  # neither is active

    assert_problem(_shared(client, "not-a-link"), 401)
    assert_problem(client.get("/interviews/shared/view"), 401)


def test_share_link_refusals(client: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"])
    url = f"/interviews/{invitation['id']}/share-links"
    for days in (0, 31):
        refused = client.post(url, json={"expires_in_days": days}, headers=tenant.hr.headers)
        assert_problem(refused, 422)
        assert refused.json()["errors"][0]["field"] == "expires_in_days"
    assert_problem(client.post(url, headers=tenant.interviewer.headers), 403)
    assert_problem(client.post(url, headers=other_tenant.hr.headers), 404)
    made = client.post(url, headers=tenant.hr.headers).json()
    assert_problem(client.post(f"{url}/{made['id']}/revoke", headers=other_tenant.hr.headers), 404)
    assert_problem(client.post(f"{url}/nope/revoke", headers=tenant.hr.headers), 404)


# The company's support address can be cleared ----------------------------------------------------


def test_support_email_can_be_set_and_cleared(client: TestClient, tenant: Tenant) -> None:
    h = tenant.admin.headers
    set_ = client.patch("/company", json={"support_email": "help@acme.test"}, headers=h)
    assert set_.status_code == 200 and set_.json()["support_email"] == "help@acme.test"
    kept = client.patch("/company", json={"name": "Acme renamed"}, headers=h)
    assert kept.json()["support_email"] == "help@acme.test"  # absent: unchanged
    cleared = client.patch("/company", json={"support_email": ""}, headers=h)
    assert cleared.status_code == 200 and cleared.json()["support_email"] is None
    client.patch("/company", json={"support_email": "help@acme.test"}, headers=h)
    nulled = client.patch("/company", json={"support_email": None}, headers=h)
    assert nulled.status_code == 200 and nulled.json()["support_email"] is None
    assert_problem(client.patch("/company", json={"support_email": "nope"}, headers=h), 422)


class _RacedOnce(InterviewRepository):
    """Another writer saves the interview between a command's read and its write, once (as the
    candidate's welcome page stores its preparation tips), with `change`."""

    def __init__(self, change: dict[str, Any]) -> None:
        self.change, self.raced = change, False

    def save(self, interview: Interview, revision: int, *args: Any, **kwargs: Any) -> int:
        if not self.raced:
            self.raced = True
            found = self.get(interview.company_id, interview.id)
            assert found is not None
            super().save(found[0].model_copy(update=self.change), found[1])
        return super().save(interview, revision, *args, **kwargs)


def _member(tenant: Tenant) -> User:
    user = wiring.users().get(tenant.company_id, tenant.admin.id)
    assert user is not None
    return user


def test_a_command_raced_by_another_writer_applies_to_what_that_writer_left(
    client: TestClient, tenant: Tenant
) -> None:
    """A recruiter's cancel, extension or new link is not refused as "changed by someone else"
    because the candidate's page (or a reminder) saved the interview meanwhile: it is applied
    again to the interview as it is, and the other write is kept."""
    template = published_template(client, tenant.admin)
    tips = {"preparation_tips": ["Find a quiet room."]}
    for command in ("cancel", "extend", "resend"):
        created = invite(client, tenant.admin, template["id"])
        raced = _RacedOnce(tips)
        if command == "cancel":
            use_cases.cancel_interview(raced, _member(tenant), created["id"])
        elif command == "extend":
            later = utcnow() + timedelta(days=20)
            use_cases.extend_deadline(raced, _member(tenant), created["id"], later)
        else:
            use_cases.resend_invitation(raced, _member(tenant), created["id"], None)
        found = wiring.interviews().get(tenant.company_id, created["id"])
        assert found is not None and raced.raced
        stored = found[0]
        assert stored.preparation_tips == tips["preparation_tips"], command  # the other write
        if command == "cancel":
            assert stored.status is InterviewStatus.CANCELLED
        elif command == "extend":
            assert stored.deadline > utcnow() + timedelta(days=19)
        else:
            assert stored.invitations_sent == 2


def test_a_command_raced_into_a_state_that_refuses_it_names_that_state(
    client: TestClient, tenant: Tenant
) -> None:
    """The command's checks run again on what the other writer left: an interview cancelled
    meanwhile cannot be extended, and the answer says so (not "reload and try again")."""
    template = published_template(client, tenant.admin)
    created = invite(client, tenant.admin, template["id"])
    raced = _RacedOnce({"status": InterviewStatus.CANCELLED, "cancelled_at": utcnow()})
    later = utcnow() + timedelta(days=20)
    with pytest.raises(Conflict) as refused:
        use_cases.extend_deadline(raced, _member(tenant), created["id"], later)
    assert not isinstance(refused.value, StaleRevision)
    assert "cancelled" in str(refused.value)
