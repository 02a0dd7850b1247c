"""Input the API accepts fits where it is stored, and comes back as it was accepted.

Every string and list in a request is bounded so that the largest valid template and interview
are stored in one DynamoDB item (400 KB; moto enforces it); an oversized one is a 422 that names
the field. Single-line text has no control characters, multi-line text keeps LF only, emails are
deliverable and returned as stored, deadlines are within a year.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions.domain.templates import MAX_COMPETENCIES, MAX_QUESTIONS, MAX_QUESTIONS_TEXT_BYTES
from tests.integration.api.conftest import (
    Tenant,
    assert_problem,
    create_template,
    invite,
    published_template,
)

WIDE = "\U0001d538"  # 4 bytes in UTF-8: the worst case for DynamoDB's byte count


def _fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json().get("errors", [])}


def _largest_questions() -> list[dict[str, Any]]:
    """MAX_QUESTIONS questions with every field present, filled with 4-byte characters up to
    the template's byte budget."""
    budget = MAX_QUESTIONS_TEXT_BYTES
    questions = []
    for n in range(MAX_QUESTIONS):
        competencies = [WIDE] * MAX_COMPETENCIES
        budget -= 4 * MAX_COMPETENCIES + 4 * 3
        questions.append(
            {
                "id": f"q{n:02d}-" + "x" * 36,
                "text": WIDE * 3,
                "competencies": competencies,
                "ideal_answer": "",
            }
        )
    for question in questions:  # then spend what is left, field by field, up to each maximum
        extra_text = min(2000 - 3, budget // 4)
        question["text"] += WIDE * extra_text
        budget -= 4 * extra_text
        ideal = min(4000, budget // 4)
        question["ideal_answer"] = WIDE * ideal
        budget -= 4 * ideal
    assert budget < 4
    return questions


def test_the_largest_valid_template_and_its_interview_are_stored(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(
        client,
        tenant.admin,
        name=WIDE * 200,
        description=WIDE * 4000,
        questions=_largest_questions(),
        # Issue 12: the intro, and the head item's lower-cased search text (name + questions).
        intro_text=WIDE * 4000,
    )
    assert len(template["questions"]) == MAX_QUESTIONS
    # An edit of a published template writes its next version: as large again.
    edited = client.patch(
        f"/templates/{template['id']}", json={"name": WIDE * 199}, headers=tenant.admin.headers
    )
    assert edited.status_code == 200, edited.text
    interview = invite(
        client,
        tenant.admin,
        template["id"],
        candidate={"name": WIDE * 200, "email": "c" * 64 + "@" + "d" * 60 + ".example.com"},
    )
    detail = client.get(f"/interviews/{interview['id']}", headers=tenant.admin.headers)
    assert detail.status_code == 200, detail.text
    assert detail.json()["questions"] == template["questions"]


def test_questions_over_the_byte_budget_are_a_422_naming_questions(
    client: TestClient, tenant: Tenant
) -> None:
    """Within every per-field limit (50 questions, 2,000 + 4,000 characters), over 400 KB."""
    questions = [{"text": WIDE * 2000, "ideal_answer": WIDE * 4000} for _ in range(MAX_QUESTIONS)]
    response = client.post(
        "/templates", json={"name": "Huge", "questions": questions}, headers=tenant.admin.headers
    )
    assert_problem(response, 422)
    assert _fields(response) == {"questions"}


def test_a_competency_is_bounded(client: TestClient, tenant: Tenant) -> None:
    questions = [{"text": "Why us?", "competencies": ["x" * 10_000]}]
    response = client.post(
        "/templates", json={"name": "T", "questions": questions}, headers=tenant.admin.headers
    )
    assert_problem(response, 422)
    assert _fields(response) == {"questions.0.competencies.0"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/templates", {"name": "Line\r\nBreak"}, "name"),
        ("/templates", {"name": "Nul\x00"}, "name"),
        ("/templates", {"name": "T", "description": "nul\x00"}, "description"),
        ("/templates", {"name": "T", "questions": [{"text": "bell\x07?"}]}, "questions.0.text"),
        ("/templates", {"name": "T", "questions": [{"text": "Why?", "competencies": ["a\nb"]}]},
         "questions.0.competencies.0"),
        ("/users", {"email": "n@acme.test", "name": "Eve\nBcc: x", "role": "hr"}, "name"),
        ("/me", {"name": "Ada\u2028Admin"}, "name"),
    ],
)  # fmt: skip
def test_control_characters_are_refused_naming_the_field(
    client: TestClient, tenant: Tenant, path: str, body: dict[str, Any], field: str
) -> None:
    method = client.patch if path == "/me" else client.post
    response = method(path, json=body, headers=tenant.admin.headers)
    assert_problem(response, 422)
    assert _fields(response) == {field}


def test_multi_line_text_keeps_line_feeds_and_unifies_crlf(
    client: TestClient, tenant: Tenant
) -> None:
    text = "First line,\r\nsecond line;\rthird\n\tand an indented fourth."
    template = create_template(
        client, tenant.admin, description="a\r\nb", questions=[{"text": text}]
    )
    assert template["description"] == "a\nb"
    assert (
        template["questions"][0]["text"]
        == "First line,\nsecond line;\nthird\n\tand an indented fourth."
    )


def test_candidate_names_refuse_control_characters(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.admin)
    body = {
        "template_id": template["id"],
        "candidate": {"name": "Carla\r\nCandidate", "email": "carla@example.com"},
    }
    response = client.post("/interviews", json=body, headers=tenant.admin.headers)
    assert_problem(response, 422)
    assert _fields(response) == {"candidate.name"}


def test_an_internationalized_mailbox_is_refused_naming_the_field(
    client: TestClient, tenant: Tenant
) -> None:
    """SES cannot deliver to a non-ASCII local part: refused up front, not accepted and broken."""
    template = published_template(client, tenant.admin)
    body = {
        "template_id": template["id"],
        "candidate": {"name": "Üwe", "email": "üser@exämple.com"},
    }
    response = client.post("/interviews", json=body, headers=tenant.admin.headers)
    assert_problem(response, 422)
    assert _fields(response) == {"candidate.email"}


def test_an_internationalized_domain_is_stored_and_returned_as_punycode(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(client, tenant.admin)
    created = invite(
        client,
        tenant.admin,
        template["id"],
        candidate={"name": "Uwe", "email": "Uwe@Exämple.COM"},
    )
    assert created["candidate"]["email"] == "Uwe@xn--exmple-cua.com"
    listed = client.get(
        "/interviews", params={"template_id": template["id"]}, headers=tenant.admin.headers
    )
    assert listed.status_code == 200, listed.text
    assert [i["candidate"]["email"] for i in listed.json()["items"]] == ["Uwe@xn--exmple-cua.com"]


def _deadline(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


@pytest.mark.parametrize(
    "deadline",
    [
        "9999-12-31T23:59:59-05:00",
        "0001-01-01T00:00:00+05:00",
        _deadline(days=366),
        _deadline(minutes=-5),
    ],
    # Named, not shown: the last two are computed at collection, and the test runners in each
    # process (pytest-xdist) must collect the same ids.
    ids=["year-9999", "year-1", "a-year-and-a-day-ahead", "five-minutes-ago"],
)
def test_deadlines_are_within_a_year_naming_the_field(
    client: TestClient, tenant: Tenant, deadline: str
) -> None:
    template = published_template(client, tenant.admin)
    body = {
        "template_id": template["id"],
        "candidate": {"name": "Carla", "email": "carla@example.com"},
        "deadline": deadline,
    }
    response = client.post("/interviews", json=body, headers=tenant.admin.headers)
    assert_problem(response, 422)
    assert _fields(response) == {"deadline"}
    created = invite(client, tenant.admin, template["id"])
    resent = client.post(
        f"/interviews/{created['id']}/resend",
        json={"deadline": deadline},
        headers=tenant.admin.headers,
    )
    assert_problem(resent, 422)
    assert _fields(resent) == {"deadline"}


def test_a_deadline_within_a_year_is_kept_in_utc(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.admin)
    local = (datetime.now(UTC) + timedelta(days=364)).astimezone().replace(microsecond=0)
    created = invite(client, tenant.admin, template["id"], deadline=local.isoformat())
    assert datetime.fromisoformat(created["deadline"]) == local
