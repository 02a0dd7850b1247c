"""Every operation, from the OpenAPI document: no token and a bad token are 401 problems;
manager-only operations refuse an interviewer; another tenant's ids are 404."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions.api.main import app
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template

# Public: sign-in, health, unsubscribe links (their signed token is the credential) and
# Stripe's webhook (its signature is: tests/integration/api/test_billing.py).
PUBLIC = {
    "registerCompany",
    "confirmRegistration",
    "resendRegistrationCode",
    "login",
    "respondToLoginChallenge",
    "getHealth",
    "showUnsubscribe",
    "unsubscribe",
    "receiveStripeEvent",
    # A candidate's data requests and download: the signed link from their email is the
    # credential (tests/integration/api/test_privacy.py).
    "requestCandidateData",
    "downloadCandidateData",
}
OPERATIONS = [
    (method.upper(), path, op["operationId"])
    for path, item in app.openapi()["paths"].items()
    for method, op in item.items()
]
PROTECTED = [o for o in OPERATIONS if o[2] not in PUBLIC]


def _url(path: str) -> str:
    return path.replace("{", "").replace("}", "")  # /templates/template_id: any id will do


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=[o[2] for o in PROTECTED])
def test_no_token_is_401(client: TestClient, method: str, path: str, operation: str) -> None:
    assert_problem(client.request(method, _url(path), json={}), 401)


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=[o[2] for o in PROTECTED])
def test_bad_token_is_401(client: TestClient, method: str, path: str, operation: str) -> None:
    headers = {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}
    assert_problem(client.request(method, _url(path), json={}, headers=headers), 401)


def test_every_operation_is_in_the_matrix() -> None:
    covered = set(MANAGER_ONLY) | set(EVERY_ROLE) | set(CANDIDATE) | PUBLIC | SELF
    covered |= set(ADMIN_ONLY) | set(API_KEY) | SHARE_LINK
    missing = {o[2] for o in OPERATIONS} - covered
    assert not missing, f"add these operations to the access matrix: {missing}"


_IN_A_MONTH = (datetime.now(UTC) + timedelta(days=30)).isoformat()
MANAGER_ONLY = {
    # Interviewers see the questions of their assigned interviews, never the templates (hints).
    "listTemplates": ("GET", "/templates", None),
    "getTemplate": ("GET", "/templates/{template}", None),
    "createTemplate": ("POST", "/templates", {"name": "x"}),
    "updateTemplate": ("PATCH", "/templates/{template}", {"name": "x"}),
    "publishTemplate": ("POST", "/templates/{template}/publish", None),
    "archiveTemplate": ("POST", "/templates/{template}/archive", None),
    # Templates (issue 12): duplicate, the intro video, the question bank (hints: managers').
    "duplicateTemplate": ("POST", "/templates/{template}/duplicate", None),
    "createTemplateIntroUpload": (
        "POST",
        "/templates/{template}/intro-video/upload",
        {"content_type": "video/mp4", "size_bytes": 10},
    ),
    "attachTemplateIntroVideo": (
        "PUT",
        "/templates/{template}/intro-video",
        {"key": "intros/x/{template}/y"},
    ),
    "removeTemplateIntroVideo": ("DELETE", "/templates/{template}/intro-video", None),
    "listBankQuestions": ("GET", "/templates/bank/questions", None),
    "createBankQuestion": ("POST", "/templates/bank/questions", {"text": "Why us?"}),
    "updateBankQuestion": ("PATCH", "/templates/bank/questions/{question}", {"retakes": 2}),
    "deleteBankQuestion": ("DELETE", "/templates/bank/questions/{question}", None),
    "createInterview": (
        "POST",
        "/interviews",
        {"template_id": "{template}", "candidate": {"name": "C", "email": "c@example.com"}},
    ),
    "createInterviews": (
        "POST",
        "/interviews/batch",
        {"template_id": "{template}", "candidates": [{"name": "C", "email": "c@example.com"}]},
    ),
    "cancelInterview": ("POST", "/interviews/{interview}/cancel", None),
    "resendInvitation": ("POST", "/interviews/{interview}/resend", None),
    "decideInterview": ("POST", "/interviews/{interview}/decision", {"outcome": "hire"}),
    "reprocessAnswer": ("POST", "/interviews/{interview}/answers/{answer}/reprocess", None),
    "rescoreInterview": ("POST", "/interviews/{interview}/rescore", None),
    # Interview actions (issue 12): the deadline and share links for a hiring manager.
    "extendInterviewDeadline": (
        "POST",
        "/interviews/{interview}/extend-deadline",
        {"deadline": _IN_A_MONTH},
    ),
    "createShareLink": ("POST", "/interviews/{interview}/share-links", None),
    "listShareLinks": ("GET", "/interviews/{interview}/share-links", None),
    "revokeShareLink": ("POST", "/interviews/{interview}/share-links/any/revoke", None),
    "listUsers": ("GET", "/users", None),
    "createUser": ("POST", "/users", {"email": "a@acme.test", "name": "A", "role": "hr"}),
    "updateUser": ("PATCH", "/users/{user}", {"name": "x"}),
    "updateCompany": ("PATCH", "/company", {"name": "x"}),
    "listCandidates": ("GET", "/candidates", None),
    "getCandidate": ("GET", "/candidates/{candidate}", None),
    "createWebhook": ("POST", "/webhooks", {"url": "https://hooks.example.com/in"}),
    "listWebhooks": ("GET", "/webhooks", None),
    "updateWebhook": ("PATCH", "/webhooks/{webhook}", {"description": "x"}),
    "deleteWebhook": ("DELETE", "/webhooks/{webhook}", None),
    "rotateWebhookSecret": ("POST", "/webhooks/{webhook}/rotate-secret", None),
    "sendTestWebhook": ("POST", "/webhooks/{webhook}/test", None),
    "listWebhookDeliveries": ("GET", "/webhooks/{webhook}/deliveries", None),
    "replayWebhookDelivery": ("POST", "/webhooks/{webhook}/deliveries/any/replay", None),
    "getBilling": ("GET", "/billing", None),
    # Company-wide analytics (issue 14): recruiters and admins, not the panel.
    "getAnalytics": ("GET", "/company/analytics", None),
    "exportInterviews": ("GET", "/company/analytics/interviews.csv", None),
    # Team collaboration: only admins and recruiters assign reviewers.
    "assignReviewers": ("POST", "/interviews/{interview}/reviewers", {"user_ids": ["{user}"]}),
    "unassignReviewer": ("DELETE", "/interviews/{interview}/reviewers/{user}", None),
    "createScorecardTemplate": ("POST", "/company/scorecard-templates", {"name": "x"}),
    "listScorecardTemplates": ("GET", "/company/scorecard-templates", None),
    "updateScorecardTemplate": ("PATCH", "/company/scorecard-templates/{scorecard}", {"name": "x"}),
    # Live interviews (issue 13): admins and recruiters plan and cancel them.
    "scheduleLiveInterview": (
        "POST",
        "/interviews/live",
        {
            "candidate": {"name": "C", "email": "c@example.com"},
            "starts_at": "{starts}",
            "duration_minutes": 30,
            "interviewer_ids": ["{user}"],
        },
    ),
    "cancelLiveInterview": ("POST", "/interviews/live/{live}/cancel", None),
}
EVERY_ROLE = {
    "listInterviews",
    "getInterviewStats",
    "getInterview",
    "listInterviewAnalyses",
    "getInterviewAnalysis",
    "getCompany",
    # Each interview is read with the reader's visibility (an interviewer: assigned ones).
    "compareInterviews",
    "exportInterviewReport",
    "exportComparisonReport",
    # Team collaboration: on interviews the member may open (interviewers: assigned ones).
    "createComment",
    "listComments",
    "updateComment",
    "deleteComment",
    "listMentionableMembers",
    "submitScorecard",
    "listScorecards",
    # Live interviews: an interviewer sees those they sit on (others are a 404).
    "listLiveInterviews",
    "getLiveInterview",
    # Each member's own notes and recording of a live interview they may open.
    "saveLiveNotes",
    "createLiveRecordingUpload",
    "renewLiveRecordingParts",
    "completeLiveRecordingUpload",
}
SELF = {"getMe", "updateMe", "setupMfa", "verifyMfa", "logout", "changePassword"}
# The bell: each member's own notifications, whatever their role.
SELF |= {"listNotifications", "countUnreadNotifications", "markNotificationsRead"}
# Company API keys and deactivating members: admins only (hr and interviewers get 403).
ADMIN_ONLY = {
    "deactivateUser": ("POST", "/users/any/deactivate", None),
    "reactivateUser": ("POST", "/users/any/reactivate", None),
    "createApiKey": ("POST", "/integrations/api-keys", {"name": "x"}),
    "listApiKeys": ("GET", "/integrations/api-keys", None),
    "revokeApiKey": ("POST", "/integrations/api-keys/any/revoke", None),
    # The REST hooks those keys subscribed (the web app's integrations screen).
    "listHooks": ("GET", "/integrations/hooks", None),
    # Paying and managing the subscription (getBilling is for managers: usage and limit).
    "createCheckoutSession": ("POST", "/billing/checkout", {"plan": "plus"}),
    "createPortalSession": ("POST", "/billing/portal", None),
    # Who changed what (issue 17): the admin's alone.
    "listAuditLog": ("GET", "/company/audit-log", None),
    # Candidates' data-protection rights (issue 17): export, erasure and their requests.
    "exportCandidateData": ("POST", "/candidates/privacy/exports", {"email": "c@example.com"}),
    "eraseCandidate": ("POST", "/candidates/privacy/erasures", {"email": "c@example.com"}),
    "listDataRequests": ("GET", "/candidates/privacy/requests", None),
    "approveDataRequest": ("POST", "/candidates/privacy/requests/any/approve", None),
    "denyDataRequest": ("POST", "/candidates/privacy/requests/any/deny", {"reason": "x"}),
}
# The inbound API: a company API key, never a user's token.
API_KEY = {
    "importJob": ("POST", "/integrations/jobs"),
    "importCandidates": ("POST", "/integrations/candidates"),
    "inviteCandidates": ("POST", "/integrations/interviews"),
    "subscribeHook": ("POST", "/integrations/hooks"),
    "listHookSamples": ("GET", "/integrations/hooks/samples"),
    "unsubscribeHook": ("DELETE", "/integrations/hooks/any"),
}
# A hiring manager's share link: its token is the credential (no token or a wrong one: 401;
# tests/integration/api/test_interview_actions.py).
SHARE_LINK = {"getSharedInterview"}
CANDIDATE = {
    "getCandidateSession",
    "measureUploadSpeed",
    "getPreparationTips",
    "renewAnswerUploadParts",
    "createAnswerUpload",
    "completeAnswerUpload",
    "createAnswerAudioChunk",
    "finishInterview",
    "requestNewLink",
    "giveConsent",
    # A live interview's candidate: the token of their live link (tests/integration/live).
    "getLiveCandidateSession",
    "giveLiveConsent",
    "createLiveCandidateRecordingUpload",
    "renewLiveCandidateRecordingParts",
    "completeLiveCandidateRecordingUpload",
}


def _ids(client: TestClient, owner: Tenant) -> dict[str, str]:
    template = published_template(client, owner.hr)
    invitation = invite(client, owner.hr, template["id"])
    return {
        "template": template["id"],
        "interview": invitation["id"],
        "answer": "any",
        "user": owner.hr.id,
        "candidate": "any",  # tests/integration/integrations: a real one across tenants
        "webhook": _webhook(owner),
        "scorecard": _scorecard_template(client, owner),
        "question": _bank_question(client, owner),
        "live": _live_interview(client, owner),
        "starts": _tomorrow(),
    }


def _tomorrow() -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) + timedelta(days=1)).isoformat()


def _live_interview(client: TestClient, owner: Tenant) -> str:
    body = {
        "candidate": {"name": "C", "email": "c@example.com"},
        "questions": [{"text": "Tell us about you."}],
        "starts_at": _tomorrow(),
        "duration_minutes": 30,
        "interviewer_ids": [owner.hr.id],
    }
    response = client.post("/interviews/live", json=body, headers=owner.hr.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _bank_question(client: TestClient, owner: Tenant) -> str:
    # A text is in the bank once, and other_tenant lives for the whole session: a new text each.
    text = f"Why us? ({uuid.uuid4().hex})"
    response = client.post(
        "/templates/bank/questions", json={"text": text}, headers=owner.hr.headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _scorecard_template(client: TestClient, owner: Tenant) -> str:
    anchors = ["1", "2", "3", "4", "5"]
    body = {
        "name": "Panel",
        "competencies": [{"name": f"C{n}", "anchors": anchors} for n in range(3)],
    }
    response = client.post("/company/scorecard-templates", json=body, headers=owner.hr.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _webhook(owner: Tenant) -> str:
    """Stored directly: creating one through the API needs a resolvable public host."""
    from functions import wiring
    from functions.domain.clock import utcnow
    from functions.domain.ids import new_id
    from functions.webhooks.domain import WebhookEndpoint, new_secret

    endpoint = WebhookEndpoint(
        company_id=owner.company_id,
        id=new_id(),
        url="https://hooks.example.com/in",
        secret=new_secret(),
        created_by=owner.hr.id,
        created_at=utcnow(),
    )
    wiring.webhooks().add_endpoint(endpoint)
    return endpoint.id


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("operation", sorted(MANAGER_ONLY))
def test_manager_only_operations_refuse_an_interviewer(
    client: TestClient, tenant: Tenant, operation: str
) -> None:
    if operation not in {o[2] for o in OPERATIONS}:
        pytest.skip(f"{operation} is not part of the API yet")
    ids = _ids(client, tenant)
    method, path, body = MANAGER_ONLY[operation]
    response = client.request(
        method, _fill(path, ids), json=_fill(body, ids), headers=tenant.interviewer.headers
    )
    assert_problem(response, 403)


_SCORECARD = {"ratings": [{"competency_id": "c", "rating": 3}], "recommendation": "yes"}
# What an interviewer may do on the interviews assigned to them; on any other interview of their
# own company each is the same 404 as a missing interview (it never says the interview exists).
INTERVIEW_SCOPED = {
    "getInterview": ("GET", "/interviews/{interview}", None),
    "listInterviewAnalyses": ("GET", "/interviews/{interview}/analyses", None),
    "getInterviewAnalysis": ("GET", "/interviews/{interview}/analyses/1", None),
    "createComment": ("POST", "/interviews/{interview}/comments", {"text": "x"}),
    "listComments": ("GET", "/interviews/{interview}/comments", None),
    "updateComment": ("PATCH", "/interviews/{interview}/comments/any", {"text": "x"}),
    "deleteComment": ("DELETE", "/interviews/{interview}/comments/any", None),
    "listMentionableMembers": ("GET", "/interviews/{interview}/mentionable", None),
    "submitScorecard": ("PUT", "/interviews/{interview}/scorecard", _SCORECARD),
    "listScorecards": ("GET", "/interviews/{interview}/scorecards", None),
}


CROSS_TENANT = {
    **INTERVIEW_SCOPED,
    **{k: v for k, v in MANAGER_ONLY.items() if "{" in v[1] or "{template}" in str(v[2])},
    "getInterview": ("GET", "/interviews/{interview}", None),
    "deactivateUser": ("POST", "/users/{user}/deactivate", None),
    "reactivateUser": ("POST", "/users/{user}/reactivate", None),
    "listInterviewAnalyses": ("GET", "/interviews/{interview}/analyses", None),
    "getInterviewAnalysis": ("GET", "/interviews/{interview}/analyses/1", None),
    "exportInterviewReport": ("POST", "/company/analytics/reports/interviews/{interview}", None),
    "getLiveInterview": ("GET", "/interviews/live/{live}", None),
    "saveLiveNotes": ("PUT", "/interviews/live/{live}/notes", {"text": "x"}),
    "createLiveRecordingUpload": (
        "POST",
        "/interviews/live/{live}/recordings",
        {"content_type": "video/webm"},
    ),
    "renewLiveRecordingParts": ("POST", "/interviews/live/{live}/recordings/any/parts", None),
    "completeLiveRecordingUpload": (
        "POST",
        "/interviews/live/{live}/recordings/any/complete",
        {"parts": [{"part_number": 1, "etag": "x"}]},
    ),
    "compareInterviews": (
        "POST",
        "/company/analytics/comparisons",
        {"interview_ids": ["{interview}", "{interview}x"]},
    ),
}


@pytest.mark.parametrize("operation", sorted(CROSS_TENANT))
def test_another_tenants_ids_are_404(
    client: TestClient, tenant: Tenant, other_tenant: Tenant, operation: str
) -> None:
    if operation not in {o[2] for o in OPERATIONS}:
        pytest.skip(f"{operation} is not part of the API yet")
    ids = _ids(client, other_tenant)
    method, path, body = CROSS_TENANT[operation]
    response = client.request(
        method, _fill(path, ids), json=_fill(body, ids), headers=tenant.admin.headers
    )
    assert_problem(response, 404)


@pytest.mark.parametrize("operation", sorted(INTERVIEW_SCOPED))
def test_an_interviewer_gets_404_on_interviews_not_assigned_to_them(
    client: TestClient, tenant: Tenant, operation: str
) -> None:
    ids = _ids(client, tenant)
    method, path, body = INTERVIEW_SCOPED[operation]
    headers = tenant.interviewer.headers
    response = client.request(method, _fill(path, ids), json=_fill(body, ids), headers=headers)
    hidden = f"interview {ids['interview']} not found"
    assert_problem(response, 404)
    assert response.json()["detail"] == hidden
    # Assigned, the interview itself is theirs to read (a later 404 may only name a part of it).
    assigned = client.post(
        f"/interviews/{ids['interview']}/reviewers",
        json={"user_ids": [tenant.interviewer.id]},
        headers=tenant.hr.headers,
    )
    assert assigned.status_code == 200, assigned.text
    response = client.request(method, _fill(path, ids), json=_fill(body, ids), headers=headers)
    assert response.status_code < 400 or response.json()["detail"] != hidden, response.text


def test_every_interview_scoped_operation_for_everyone_is_checked_for_unassigned_interviewers() -> (
    None
):
    scoped = {o[2] for o in OPERATIONS if o[1].startswith("/interviews/{interview_id}")}
    assert scoped & set(EVERY_ROLE) <= set(INTERVIEW_SCOPED)


@pytest.mark.parametrize("operation", sorted(ADMIN_ONLY))
def test_admin_only_operations_refuse_hr_and_interviewers(
    client: TestClient, tenant: Tenant, operation: str
) -> None:
    method, path, body = ADMIN_ONLY[operation]
    for member in (tenant.hr, tenant.interviewer):
        assert_problem(client.request(method, path, json=body, headers=member.headers), 403)


@pytest.mark.parametrize("operation", sorted(API_KEY))
def test_api_key_operations_refuse_unknown_keys_and_user_tokens(
    client: TestClient, tenant: Tenant, operation: str
) -> None:
    method, path = API_KEY[operation]
    for token in ("ik_live_0123456789ab_not-a-real-key", tenant.admin.token):
        headers = {"Authorization": f"Bearer {token}"}
        assert_problem(client.request(method, path, json={}, headers=headers), 401)
