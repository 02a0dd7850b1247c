"""The candidate's consent to recording and AI analysis (issue 17 item 2): no recording without
it, stored with the server's time, the wording's version and language, shown to the recruiter;
a human-only review is marked and no AI analysis is offered for it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from functions.domain.clock import utcnow
from functions.domain.consent import CONSENT_TEXT_VERSIONS
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    candidate_headers,
    give_consent,
    invite,
    published_template,
)
from tests.integration.api.test_candidate import upload_answer

VERSION = CONSENT_TEXT_VERSIONS[-1]


def _unconsented(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    template = published_template(client, tenant.hr)
    return invite(client, tenant.hr, template["id"], consent=False)


def _session(client: TestClient, invitation: dict[str, Any]) -> dict[str, Any]:
    response = client.get("/candidate/session", headers=candidate_headers(invitation))
    assert response.status_code == 200, response.text
    return dict(response.json())


def _consent(client: TestClient, invitation: dict[str, Any], **body: Any) -> Any:
    sent = {
        "text_version": VERSION,
        "language": "es",
        "recording_and_ai_analysis": True,
        **body,
    }
    return client.post("/candidate/consent", json=sent, headers=candidate_headers(invitation))


def _interview(client: TestClient, tenant: Tenant, invitation: dict[str, Any]) -> dict[str, Any]:
    response = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_no_recording_is_granted_before_the_candidate_consents(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _unconsented(client, tenant)
    session = _session(client, invitation)
    assert session["consent"] is None
    question = session["current_question"]["id"]
    body = {"question_id": question, "content_type": "video/webm", "size_bytes": 10}
    refused = client.post("/candidate/answers", json=body, headers=candidate_headers(invitation))
    assert_problem(refused, 409, detail_contains="consent required")
    assert refused.json()["type"] == "/problems/consent-required"
    assert refused.json()["code"] == "consent_required"
    # Nothing was started: no answer, the interview still pending.
    assert _session(client, invitation)["status"] == "pending"

    give_consent(client, invitation)
    granted = client.post("/candidate/answers", json=body, headers=candidate_headers(invitation))
    assert granted.status_code == 201, granted.text


def test_consent_is_stored_with_server_time_version_and_language_and_shown_to_the_recruiter(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _unconsented(client, tenant)
    before = utcnow()
    given = _consent(client, invitation, language="de")
    assert given.status_code == 200, given.text
    consent = given.json()
    assert consent["text_version"] == VERSION and consent["language"] == "de"
    assert consent["recording_and_ai_analysis"] is True
    assert consent["human_review_only"] is False
    at = datetime.fromisoformat(consent["consented_at"])
    assert before - timedelta(seconds=1) <= at <= utcnow()
    assert _session(client, invitation)["consent"] == consent

    # The same consent again changes nothing: the first time stays.
    again = _consent(client, invitation, language="de")
    assert again.status_code == 200 and again.json() == consent

    shown = _interview(client, tenant, invitation)
    assert shown["consent"] == consent and shown["human_review_only"] is False
    listed = client.get("/interviews", headers=tenant.hr.headers).json()["items"]
    assert next(i for i in listed if i["id"] == invitation["id"])["consent"] == consent


def test_the_choice_may_change_until_recording_starts_and_not_after(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _unconsented(client, tenant)
    assert _consent(client, invitation).status_code == 200
    changed = _consent(client, invitation, human_review_only=True)
    assert changed.status_code == 200 and changed.json()["human_review_only"] is True
    question = _session(client, invitation)["current_question"]["id"]
    upload_answer(client, invitation, question)
    refused = _consent(client, invitation, human_review_only=False)
    assert_problem(refused, 409, detail_contains="recording has started")
    # The same choice is still answered as given.
    assert _consent(client, invitation, human_review_only=True).status_code == 200
    assert _interview(client, tenant, invitation)["human_review_only"] is True


def test_consent_refusals_name_the_field(client: TestClient, tenant: Tenant) -> None:
    invitation = _unconsented(client, tenant)
    no = _consent(client, invitation, recording_and_ai_analysis=False)
    assert_problem(no, 422, detail_contains="recording_and_ai_analysis")
    unknown = _consent(client, invitation, text_version="1999-01-01")
    assert_problem(unknown, 422, detail_contains="text_version")
    malformed = _consent(client, invitation, text_version="<script>")
    assert_problem(malformed, 422)
    assert "text_version" in malformed.text
    assert_problem(_consent(client, invitation, language="fr"), 422)
    missing = client.post("/candidate/consent", json={}, headers=candidate_headers(invitation))
    assert_problem(missing, 422)
    # A recruiter's token is not a candidate's.
    staff = client.post("/candidate/consent", json={}, headers=tenant.hr.headers)
    assert_problem(staff, 401)
    assert _session(client, invitation)["consent"] is None


def test_a_closed_link_cannot_consent(client: TestClient, tenant: Tenant) -> None:
    invitation = _unconsented(client, tenant)
    cancelled = client.post(f"/interviews/{invitation['id']}/cancel", headers=tenant.hr.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert_problem(_consent(client, invitation), 410)


def test_a_human_only_review_has_no_ai_analysis_and_cannot_be_rescored(
    client: TestClient, tenant: Tenant
) -> None:
    invitation = _unconsented(client, tenant)
    give_consent(client, invitation, human_review_only=True)
    shown = _interview(client, tenant, invitation)
    assert shown["human_review_only"] is True and shown["consent"]["human_review_only"] is True
    assert shown["overall_score"] is None and shown["recommendation"] is None

    base = f"/interviews/{invitation['id']}"
    listed = client.get(f"{base}/analyses", headers=tenant.hr.headers)
    assert listed.status_code == 200, listed.text
    assert listed.json() == {"items": [], "human_review_only": True}
    one = client.get(f"{base}/analyses/1", headers=tenant.hr.headers)
    assert_problem(one, 404, detail_contains="human-only review")
    assert one.json()["code"] == "human_review_only"
    rescore = client.post(f"{base}/rescore", headers=tenant.hr.headers)
    assert_problem(rescore, 409, detail_contains="human-only review")
    assert rescore.json()["type"] == "/problems/human-review-only"


def test_the_candidate_sees_the_company_privacy_link_and_retention(
    client: TestClient, tenant: Tenant
) -> None:
    admin = tenant.admin.headers
    for bad in ("http://acme.example/privacy", "javascript:alert(1)", "https://", "x" * 10):
        assert_problem(client.patch("/company", json={"privacy_url": bad}, headers=admin), 422)
    too_long = "https://acme.example/" + "p" * 2100
    assert_problem(client.patch("/company", json={"privacy_url": too_long}, headers=admin), 422)
    hr = client.patch(
        "/company", json={"privacy_url": "https://x.example"}, headers=tenant.hr.headers
    )
    assert_problem(hr, 403)

    url = "https://acme.example/privacy?lang=en"
    changed = client.patch(
        "/company", json={"privacy_url": url, "recording_retention_months": 6}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["privacy_url"] == url
    assert client.get("/company", headers=tenant.hr.headers).json()["privacy_url"] == url

    session = _session(client, _unconsented(client, tenant))
    assert session["privacy_url"] == url and session["recording_retention_months"] == 6


def test_an_upload_granted_before_consents_were_asked_for_still_resumes(
    client: TestClient, tenant: Tenant
) -> None:
    # Renewing part URLs starts no recording: an upload granted before this service asked for
    # consent (here: its consent removed afterwards) may still be finished.
    from functions import wiring

    template = published_template(client, tenant.hr)
    invitation = invite(client, tenant.hr, template["id"])
    question = _session(client, invitation)["current_question"]["id"]
    body = {"question_id": question, "content_type": "video/webm"}
    grant = client.post("/candidate/answers", json=body, headers=candidate_headers(invitation))
    assert grant.status_code == 201 and grant.json()["method"] == "MULTIPART", grant.text
    found = wiring.interviews().get(tenant.company_id, invitation["id"])
    assert found is not None
    wiring.interviews().save(found[0].model_copy(update={"consent": None}), found[1])

    renewed = client.post(
        f"/candidate/answers/{grant.json()['answer_id']}/parts",
        headers=candidate_headers(invitation),
    )
    assert renewed.status_code == 200, renewed.text
    again = client.post("/candidate/answers", json=body, headers=candidate_headers(invitation))
    assert_problem(again, 409, detail_contains="consent required")
