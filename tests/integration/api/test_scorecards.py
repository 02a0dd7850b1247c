"""Scorecards: company templates of 3-8 competencies with anchors, attached to interview
templates; one scorecard per reviewer and interview, editable until the decision; the
hidden-until-submitted rule; the summary beside the AI on the interview."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.interviews import InterviewStatus
from functions.events.catalog import Event
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import (
    Member,
    Tenant,
    assert_problem,
    candidate_headers,
    invite,
    published_template,
)
from tests.integration.api.test_candidate import upload_answer

ANCHORS = ["No evidence", "Weak", "Adequate", "Strong", "Exceptional"]


def scorecard_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Engineering panel",
        "competencies": [
            {"id": "design", "name": "System design", "anchors": ANCHORS},
            {"id": "ownership", "name": "Ownership", "anchors": ANCHORS},
            {"id": "communication", "name": "Communication", "anchors": ANCHORS},
        ],
    }
    body.update(overrides)
    return body


def make_scorecard_template(client: TestClient, member: Member, **overrides: Any) -> dict[str, Any]:
    response = client.post(
        "/company/scorecard-templates", json=scorecard_body(**overrides), headers=member.headers
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def finished_interview(
    client: TestClient, tenant: Tenant, scorecard_template_id: str | None, **overrides: Any
) -> dict[str, Any]:
    """An interview of a template with this scorecard, every question answered and finished."""
    extra = {"scorecard_template_id": scorecard_template_id} if scorecard_template_id else {}
    template = published_template(client, tenant.hr, **extra)
    interview = invite(client, tenant.hr, template["id"], **overrides)
    for question in template["questions"]:
        upload_answer(client, interview, question["id"])
    finished = client.post("/candidate/finish", headers=candidate_headers(interview))
    assert finished.status_code == 200, finished.text
    return interview


def submit(
    client: TestClient,
    member: Member,
    interview_id: str,
    ratings: dict[str, int],
    recommendation: str,
) -> Any:
    body = {
        "ratings": [{"competency_id": k, "rating": v} for k, v in ratings.items()],
        "recommendation": recommendation,
    }
    return client.put(f"/interviews/{interview_id}/scorecard", json=body, headers=member.headers)


def test_scorecard_templates_hold_three_to_eight_competencies_with_five_anchors(
    client: TestClient, tenant: Tenant
) -> None:
    made = make_scorecard_template(client, tenant.hr, hide_others_until_submitted=True)
    assert [c["id"] for c in made["competencies"]] == ["design", "ownership", "communication"]
    assert made["competencies"][0]["anchors"] == ANCHORS
    assert made["version"] == 1 and made["hide_others_until_submitted"] is True

    three = scorecard_body()["competencies"]
    for competencies in (three[:2], [{**three[0], "id": f"c{i}"} for i in range(9)]):
        response = client.post(
            "/company/scorecard-templates",
            json=scorecard_body(competencies=competencies),
            headers=tenant.hr.headers,
        )
        assert_problem(response, 422)
        assert "competencies" in str(response.json()["errors"])
    four_anchors = [{**c, "anchors": ANCHORS[:4]} for c in three]
    assert_problem(
        client.post(
            "/company/scorecard-templates",
            json=scorecard_body(competencies=four_anchors),
            headers=tenant.hr.headers,
        ),
        422,
    )
    twice = [three[0], three[0], three[1]]
    assert_problem(
        client.post(
            "/company/scorecard-templates",
            json=scorecard_body(competencies=twice),
            headers=tenant.hr.headers,
        ),
        422,
    )

    path = f"/company/scorecard-templates/{made['id']}"
    new = [*three, {"name": "Curiosity", "anchors": ANCHORS}]
    updated = client.patch(
        path, json={"competencies": new, "name": "Panel v2"}, headers=tenant.admin.headers
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["name"] == "Panel v2"
    assert len(updated.json()["competencies"]) == 4 and updated.json()["competencies"][3]["id"]
    assert updated.json()["hide_others_until_submitted"] is True
    listed = client.get("/company/scorecard-templates", headers=tenant.hr.headers).json()["items"]
    assert [t["id"] for t in listed] == [made["id"]] and listed[0]["version"] == 2
    assert_problem(
        client.patch(
            "/company/scorecard-templates/missing", json={"name": "x"}, headers=tenant.hr.headers
        ),
        404,
    )


def test_an_interview_template_names_a_scorecard_of_its_own_company(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = make_scorecard_template(client, other_tenant.hr)
    refused = client.post(
        "/templates",
        json={"name": "T", "questions": [{"text": "Why?"}], "scorecard_template_id": theirs["id"]},
        headers=tenant.hr.headers,
    )
    assert_problem(refused, 404, detail_contains=theirs["id"])
    mine = make_scorecard_template(client, tenant.hr)
    template = published_template(client, tenant.hr, scorecard_template_id=mine["id"])
    assert template["scorecard_template_id"] == mine["id"]
    detached = client.patch(
        f"/templates/{template['id']}",
        json={"scorecard_template_id": ""},
        headers=tenant.hr.headers,
    )
    assert detached.status_code == 200 and detached.json()["scorecard_template_id"] is None


def test_one_scorecard_per_reviewer_editable_until_the_decision(
    client: TestClient, tenant: Tenant
) -> None:
    card = make_scorecard_template(client, tenant.hr)
    pending = invite(
        client,
        tenant.hr,
        published_template(client, tenant.hr, scorecard_template_id=card["id"])["id"],
    )
    ratings = {"design": 4, "ownership": 3, "communication": 5}
    assert_problem(
        submit(client, tenant.hr, pending["id"], ratings, "yes"), 409, detail_contains="finished"
    )

    interview = finished_interview(client, tenant, card["id"], reviewer_ids=[tenant.interviewer.id])
    iid = interview["id"]
    first = submit(client, tenant.interviewer, iid, ratings, "yes")
    assert first.status_code == 200, first.text
    body = first.json()
    assert [(r["competency_id"], r["rating"]) for r in body["ratings"]] == list(ratings.items())
    assert body["ratings"][0]["competency_name"] == "System design"
    assert (body["reviewer_id"], body["recommendation"]) == (tenant.interviewer.id, "yes")

    for bad in ({"design": 4, "ownership": 3}, {**ratings, "luck": 2}):
        response = submit(client, tenant.interviewer, iid, bad, "yes")
        assert_problem(response, 422, detail_contains="ratings")
    assert_problem(submit(client, tenant.interviewer, iid, {**ratings, "design": 6}, "yes"), 422)
    assert_problem(submit(client, tenant.interviewer, iid, ratings, "maybe"), 422)

    changed = submit(client, tenant.interviewer, iid, {**ratings, "design": 2}, "no")
    assert changed.status_code == 200, changed.text
    assert changed.json()["submitted_at"] == body["submitted_at"]
    assert (changed.json()["recommendation"], changed.json()["ratings"][0]["rating"]) == ("no", 2)
    assert submit(client, tenant.hr, iid, ratings, "strong_yes").status_code == 200
    listed = client.get(f"/interviews/{iid}/scorecards", headers=tenant.admin.headers).json()
    assert sorted(c["reviewer_id"] for c in listed["items"]) == sorted(
        [tenant.interviewer.id, tenant.hr.id]
    )

    records = Record.query(company_pk(tenant.company_id), Record.sk.startswith("OUTBOX#"))
    submitted = [
        Event.model_validate(r.data.as_dict()).data
        for r in records
        if r.data.as_dict()["type"] == "scorecard.submitted"
        and r.data.as_dict()["data"]["interview_id"] == iid
    ]
    mine = [e for e in submitted if e["reviewer_id"] == tenant.interviewer.id]
    assert sorted((e["first_submission"], e["recommendation"]) for e in mine) == [
        (False, "no"),
        (True, "yes"),
    ]

    decided = client.post(
        f"/interviews/{iid}/decision", json={"outcome": "hire"}, headers=tenant.hr.headers
    )
    assert decided.status_code == 200, decided.text
    assert_problem(
        submit(client, tenant.interviewer, iid, ratings, "yes"), 409, detail_contains="decided"
    )


def test_no_scorecard_template_no_scorecard_and_one_attached_later_applies(
    client: TestClient, tenant: Tenant
) -> None:
    interview = finished_interview(client, tenant, None)
    ratings = {"design": 4, "ownership": 3, "communication": 5}
    assert_problem(
        submit(client, tenant.hr, interview["id"], ratings, "yes"),
        409,
        detail_contains="scorecard template",
    )
    listed = client.get(
        f"/interviews/{interview['id']}/scorecards", headers=tenant.hr.headers
    ).json()
    assert listed["scorecard_template"] is None and listed["items"] == []

    card = make_scorecard_template(client, tenant.hr)
    attached = client.patch(
        f"/templates/{interview['template_id']}",
        json={"scorecard_template_id": card["id"]},
        headers=tenant.hr.headers,
    )
    assert attached.status_code == 200, attached.text
    assert submit(client, tenant.hr, interview["id"], ratings, "yes").status_code == 200


def test_others_scorecards_are_hidden_until_a_reviewer_submits_their_own(
    client: TestClient, tenant: Tenant
) -> None:
    card = make_scorecard_template(client, tenant.hr, hide_others_until_submitted=True)
    interview = finished_interview(
        client, tenant, card["id"], reviewer_ids=[tenant.interviewer.id, tenant.hr.id]
    )
    iid = interview["id"]
    assert (
        submit(
            client, tenant.hr, iid, {"design": 5, "ownership": 5, "communication": 5}, "strong_yes"
        ).status_code
        == 200
    )

    def view(member: Member) -> dict[str, Any]:
        response = client.get(f"/interviews/{iid}/scorecards", headers=member.headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    before = view(tenant.interviewer)
    assert before["items"] == [] and before["hidden_count"] == 1
    assert before["summary"]["hidden"] is True and before["summary"]["competencies"] == []
    assert before["scorecard_template"]["competencies"][0]["anchors"] == ANCHORS
    detail = client.get(f"/interviews/{iid}", headers=tenant.interviewer.headers).json()
    assert detail["scorecard_summary"]["hidden"] is True
    assert set(before["summary"]["recommendations"].values()) == {0}
    assert detail["scorecard_summary"]["recommendations"]["strong_yes"] == 0

    # The admin decides and is no reviewer here: sees everything.
    admin = view(tenant.admin)
    assert (
        len(admin["items"]) == 1 and admin["hidden_count"] == 0 and not admin["summary"]["hidden"]
    )

    assert (
        submit(
            client, tenant.interviewer, iid, {"design": 3, "ownership": 2, "communication": 4}, "no"
        ).status_code
        == 200
    )
    after = view(tenant.interviewer)
    assert (
        len(after["items"]) == 2 and after["hidden_count"] == 0 and not after["summary"]["hidden"]
    )


def test_the_interview_shows_human_ratings_their_spread_and_agreement_with_the_ai(
    client: TestClient, tenant: Tenant
) -> None:
    card = make_scorecard_template(client, tenant.hr)
    interview = finished_interview(client, tenant, card["id"], reviewer_ids=[tenant.interviewer.id])
    iid = interview["id"]
    # The pipeline's analysis, as it stores it (it is off in this suite).
    repo = wiring.interviews()
    stored, revision = repo.get(tenant.company_id, iid) or (None, 0)
    assert stored is not None
    analysis = {"overall_score": 80, "recommendation": "hire", "summary": "Strong."}
    repo.save(
        stored.model_copy(update={"status": InterviewStatus.ANALYZED, "analysis": analysis}),
        revision,
    )

    assert (
        submit(
            client,
            tenant.interviewer,
            iid,
            {"design": 5, "ownership": 4, "communication": 3},
            "yes",
        ).status_code
        == 200
    )
    assert (
        submit(
            client, tenant.hr, iid, {"design": 2, "ownership": 4, "communication": 1}, "strong_no"
        ).status_code
        == 200
    )

    summary = client.get(f"/interviews/{iid}", headers=tenant.admin.headers).json()[
        "scorecard_summary"
    ]
    assert summary["submitted"] == 2 and summary["hidden"] is False
    assert [
        (c["competency_id"], c["mean"], c["min"], c["max"], c["spread"])
        for c in summary["competencies"]
    ] == [("design", 3.5, 2, 5, 3), ("ownership", 4.0, 4, 4, 0), ("communication", 2.0, 1, 3, 2)]
    assert summary["recommendations"] == {"strong_no": 1, "no": 0, "yes": 1, "strong_yes": 0}
    # Ratings 5,4,3,2,4,1: mean 19/6 on 1-5 is 54 on 0-100.
    assert summary["human_score"] == 54
    assert (summary["ai_score"], summary["ai_recommendation"]) == (80, "hire")
    assert (summary["agreeing"], summary["agreement"]) == (1, 0.5)
    listed = client.get(f"/interviews/{iid}/scorecards", headers=tenant.interviewer.headers).json()
    assert listed["summary"] == summary


def test_compare_interviews_shows_the_reviewers_scorecards_beside_the_ai(
    client: TestClient, tenant: Tenant
) -> None:
    """Issue 14's comparison carries the human scorecards when they exist (issue 15)."""
    card = make_scorecard_template(client, tenant.hr)
    template = published_template(client, tenant.hr, scorecard_template_id=card["id"])
    ids = []
    for _ in range(2):
        interview = invite(client, tenant.hr, template["id"], reviewer_ids=[tenant.interviewer.id])
        for question in template["questions"]:
            upload_answer(client, interview, question["id"])
        finished = client.post("/candidate/finish", headers=candidate_headers(interview))
        assert finished.status_code == 200, finished.text
        ids.append(interview["id"])
    ratings = {"design": 5, "ownership": 4, "communication": 5}
    assert submit(client, tenant.interviewer, ids[0], ratings, "strong_yes").status_code == 200

    compared = client.post(
        "/company/analytics/comparisons", json={"interview_ids": ids}, headers=tenant.hr.headers
    )
    assert compared.status_code == 200, compared.text
    scored, unscored = compared.json()["interviews"]
    assert scored["interview_id"] == ids[0] and unscored["interview_id"] == ids[1]
    assert scored["scorecards"]["submitted"] == 1
    assert scored["scorecards"]["recommendations"]["strong_yes"] == 1
    assert scored["scorecards"]["human_score"] == round((4 + 3 + 4) / 3 / 4 * 100)
    assert unscored["scorecards"] is None
