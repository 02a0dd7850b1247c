"""Interviewers review the interviews assigned to them: the questions of those interviews,
never the company's templates, and never the ideal-answer hints meant for the scorer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.api.conftest import (
    QUESTIONS,
    Tenant,
    assert_problem,
    invite,
    published_template,
)

HINT = "Names a concrete trade-off and what they measured."


def test_an_interviewer_reads_assigned_questions_without_hints_and_no_templates(
    client: TestClient, tenant: Tenant
) -> None:
    questions = [{**QUESTIONS[0], "ideal_answer": HINT}, *QUESTIONS[1:]]
    template = published_template(client, tenant.hr, questions=questions)
    assert template["questions"][0]["ideal_answer"] == HINT
    mine = invite(client, tenant.hr, template["id"], reviewer_ids=[tenant.interviewer.id])

    seen = client.get(f"/interviews/{mine['id']}", headers=tenant.interviewer.headers)
    assert seen.status_code == 200, seen.text
    texts = [q["text"] for q in seen.json()["questions"]]
    assert texts == [q["text"] for q in QUESTIONS]
    assert all(q.get("ideal_answer") is None for q in seen.json()["questions"])
    assert HINT not in seen.text

    h = tenant.interviewer.headers
    assert_problem(client.get("/templates", headers=h), 403)
    assert_problem(client.get(f"/templates/{template['id']}", headers=h), 403)
    assert_problem(client.get(f"/templates/{template['id']}?version=1", headers=h), 403)

    # Recruiters still see the hint on the interview and the template.
    theirs = client.get(f"/interviews/{mine['id']}", headers=tenant.hr.headers).json()
    assert theirs["questions"][0]["ideal_answer"] == HINT
