"""Issue 12, templates: search, duplicate, the question bank and the candidate's intro."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient

from functions.domain.templates import INTRO_VIDEO_MAX_BYTES
from tests.integration.api.conftest import (
    Member,
    Tenant,
    assert_problem,
    candidate_headers,
    create_template,
    invite,
)


def _names(client: TestClient, member: Member, **params: Any) -> list[str]:
    response = client.get("/templates", params=params, headers=member.headers)
    assert response.status_code == 200, response.text
    return [t["name"] for t in response.json()["items"]]


def _fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


# Search --------------------------------------------------------------------------------------


def test_search_finds_templates_by_name_or_question_text(
    client: TestClient, tenant: Tenant
) -> None:
    create_template(client, tenant.hr, name="Frontend Engineer")
    create_template(
        client,
        tenant.hr,
        name="Sales lead",
        questions=[{"text": "Describe a deal you closed with KUBERNETES experts."}],
    )
    assert _names(client, tenant.hr, q="fronTEND") == ["Frontend Engineer"]
    assert _names(client, tenant.hr, q="kubernetes") == ["Sales lead"]
    assert _names(client, tenant.hr, q="no such words") == []
    # Combined with the status filter: both are drafts.
    assert _names(client, tenant.hr, q="frontend", status="active") == []
    assert _names(client, tenant.hr, q="frontend", status="draft") == ["Frontend Engineer"]


def test_search_follows_edits(client: TestClient, tenant: Tenant) -> None:
    template = create_template(client, tenant.hr, name="Data analyst")
    client.patch(
        f"/templates/{template['id']}", json={"name": "Data scientist"}, headers=tenant.hr.headers
    )
    assert _names(client, tenant.hr, q="analyst") == []
    assert _names(client, tenant.hr, q="scientist") == ["Data scientist"]


def test_search_is_bounded_and_stays_in_the_tenant(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    create_template(client, other_tenant.hr, name="Secret other role")
    assert _names(client, tenant.hr, q="secret other") == []
    for bad in ("x", "y" * 101):
        response = client.get("/templates", params={"q": bad}, headers=tenant.hr.headers)
        assert_problem(response, 422)
        assert _fields(response) == {"q"}


# Duplicate -----------------------------------------------------------------------------------


def _scorecard(client: TestClient, member: Member) -> str:
    body = {
        "name": "Panel",
        "competencies": [{"name": f"C{n}", "anchors": ["1", "2", "3", "4", "5"]} for n in range(3)],
    }
    response = client.post("/company/scorecard-templates", json=body, headers=member.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_duplicate_makes_a_draft_copy_with_questions_scorecard_and_intro(
    client: TestClient, tenant: Tenant
) -> None:
    scorecard = _scorecard(client, tenant.hr)
    source = create_template(
        client, tenant.hr, scorecard_template_id=scorecard, intro_text="Hello!\nTake your time."
    )
    client.post(f"/templates/{source['id']}/publish", headers=tenant.hr.headers)
    response = client.post(f"/templates/{source['id']}/duplicate", headers=tenant.hr.headers)
    assert response.status_code == 201, response.text
    copy = response.json()
    assert copy["id"] != source["id"]
    assert copy["name"] == "Backend engineer (copy)"
    assert (copy["status"], copy["version"]) == ("draft", 1)
    assert copy["scorecard_template_id"] == scorecard
    assert copy["intro_text"] == "Hello!\nTake your time."
    assert copy["created_by"] == tenant.hr.id
    keep = ("text", "time_limit_seconds", "think_time_seconds", "retakes", "ideal_answer")
    assert [{k: q[k] for k in keep} for q in copy["questions"]] == [
        {k: q[k] for k in keep} for q in source["questions"]
    ]
    assert not {q["id"] for q in copy["questions"]} & {q["id"] for q in source["questions"]}
    # The source is untouched; both are listed.
    again = client.get(f"/templates/{source['id']}", headers=tenant.hr.headers).json()
    assert (again["status"], again["name"]) == ("active", "Backend engineer")
    assert sorted(_names(client, tenant.hr)) == ["Backend engineer", "Backend engineer (copy)"]


def test_duplicate_takes_a_localized_name_and_is_idempotent_with_a_key(
    client: TestClient, tenant: Tenant
) -> None:
    source = create_template(client, tenant.hr)
    headers = {**tenant.hr.headers, "Idempotency-Key": "dup-1"}
    body = {"name": "Backend engineer (Kopie)"}
    first = client.post(f"/templates/{source['id']}/duplicate", json=body, headers=headers)
    second = client.post(f"/templates/{source['id']}/duplicate", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["name"] == "Backend engineer (Kopie)"
    assert sorted(_names(client, tenant.hr)) == ["Backend engineer", "Backend engineer (Kopie)"]


def test_duplicate_refuses_bad_names_and_other_tenants(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    source = create_template(client, tenant.hr)
    for bad in ("", "x" * 201, "two\nlines"):
        response = client.post(
            f"/templates/{source['id']}/duplicate", json={"name": bad}, headers=tenant.hr.headers
        )
        assert_problem(response, 422)
        assert _fields(response) == {"name"}
    response = client.post(f"/templates/{source['id']}/duplicate", headers=other_tenant.hr.headers)
    assert_problem(response, 404)
    long = create_template(client, tenant.hr, name="n" * 200)
    copy = client.post(f"/templates/{long['id']}/duplicate", headers=tenant.hr.headers).json()
    assert len(copy["name"]) == 200 and copy["name"].endswith(" (copy)")


# Question bank -------------------------------------------------------------------------------

BANK = "/templates/bank/questions"


def test_bank_saves_lists_searches_edits_and_deletes(client: TestClient, tenant: Tenant) -> None:
    saved = client.post(
        BANK,
        json={"text": "Walk us through an outage you fixed.", "competencies": ["Ownership"]},
        headers=tenant.hr.headers,
    )
    assert saved.status_code == 201, saved.text
    question = saved.json()
    assert question["time_limit_seconds"] == 120 and question["created_by"] == tenant.hr.id
    client.post(BANK, json={"text": "Why do you want to join us?"}, headers=tenant.admin.headers)
    listed = client.get(BANK, headers=tenant.hr.headers).json()["items"]
    assert [q["text"] for q in listed] == [
        "Why do you want to join us?",
        "Walk us through an outage you fixed.",
    ]  # newest first
    found = client.get(BANK, params={"q": "ownership"}, headers=tenant.hr.headers).json()
    assert [q["id"] for q in found["items"]] == [question["id"]]
    edited = client.patch(
        f"{BANK}/{question['id']}", json={"retakes": 3}, headers=tenant.hr.headers
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["retakes"] == 3 and edited.json()["text"] == question["text"]
    deleted = client.delete(f"{BANK}/{question['id']}", headers=tenant.hr.headers)
    assert deleted.status_code == 204
    left = client.get(BANK, headers=tenant.hr.headers).json()["items"]
    assert [q["text"] for q in left] == ["Why do you want to join us?"]
    assert_problem(client.delete(f"{BANK}/{question['id']}", headers=tenant.hr.headers), 404)


def test_bank_question_inserted_into_a_template_is_a_copy(
    client: TestClient, tenant: Tenant
) -> None:
    question = client.post(
        BANK, json={"text": "Reusable question?", "retakes": 2}, headers=tenant.hr.headers
    ).json()
    inserted = {k: v for k, v in question.items() if k in {"text", "retakes", "competencies"}}
    template = create_template(client, tenant.hr, questions=[inserted])
    client.patch(
        f"{BANK}/{question['id']}", json={"text": "Changed later"}, headers=tenant.hr.headers
    )
    again = client.get(f"/templates/{template['id']}", headers=tenant.hr.headers).json()
    assert again["questions"][0]["text"] == "Reusable question?"
    assert again["questions"][0]["retakes"] == 2


def test_bank_is_idempotent_with_a_key(client: TestClient, tenant: Tenant) -> None:
    headers = {**tenant.hr.headers, "Idempotency-Key": "bank-1"}
    body = {"text": "Saved once?"}
    first = client.post(BANK, json=body, headers=headers)
    second = client.post(BANK, json=body, headers=headers)
    assert first.json()["id"] == second.json()["id"]
    assert len(client.get(BANK, headers=tenant.hr.headers).json()["items"]) == 1


def test_bank_refuses_bad_input_naming_the_field(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    response = client.post(
        BANK, json={"text": "Hi", "time_limit_seconds": 5}, headers=tenant.hr.headers
    )
    assert_problem(response, 422)
    assert _fields(response) == {"text", "time_limit_seconds"}
    question = client.post(BANK, json={"text": "Mine"}, headers=tenant.hr.headers).json()
    response = client.patch(
        f"{BANK}/{question['id']}", json={"retakes": 9}, headers=tenant.hr.headers
    )
    assert_problem(response, 422)
    assert _fields(response) == {"retakes"}
    response = client.get(BANK, params={"q": "x"}, headers=tenant.hr.headers)
    assert _fields(response) == {"q"}
    for call in (
        lambda: client.patch(
            f"{BANK}/{question['id']}", json={"retakes": 1}, headers=other_tenant.hr.headers
        ),
        lambda: client.delete(f"{BANK}/{question['id']}", headers=other_tenant.hr.headers),
    ):
        assert_problem(call(), 404)
    # other_tenant lives for the session (other tests bank questions there): none is ours
    theirs = client.get(BANK, headers=other_tenant.hr.headers).json()["items"]
    assert question["id"] not in [q["id"] for q in theirs]
    assert "Mine" not in [q["text"] for q in theirs]


# Intro ---------------------------------------------------------------------------------------


def _upload_intro(
    client: TestClient, member: Member, template_id: str, data: bytes, stored_type: str = ""
) -> str:
    """Upload through the grant; `stored_type` replaces the granted Content-Type field (a
    client breaking the policy, which S3 would refuse and moto does not)."""
    grant = client.post(
        f"/templates/{template_id}/intro-video/upload",
        json={"content_type": "video/mp4", "size_bytes": len(data)},
        headers=member.headers,
    )
    assert grant.status_code == 201, grant.text
    body = grant.json()
    assert body["key"].startswith("intros/") and f"/{template_id}/" in body["key"]
    fields = {**body["fields"], **({"Content-Type": stored_type} if stored_type else {})}
    stored = httpx.post(body["url"], data=fields, files={"file": ("intro.mp4", data)})
    assert stored.status_code in (200, 204), stored.text
    return str(body["key"])


def test_intro_text_and_video_reach_the_candidates_welcome(
    client: TestClient, tenant: Tenant
) -> None:
    template = create_template(client, tenant.hr, intro_text="Welcome!\nTen minutes at most.")
    key = _upload_intro(client, tenant.hr, template["id"], b"\x00\x00\x00\x18ftypmp42" * 10)
    attached = client.put(
        f"/templates/{template['id']}/intro-video", json={"key": key}, headers=tenant.hr.headers
    )
    assert attached.status_code == 200, attached.text
    video = attached.json()["intro_video"]
    assert video["content_type"] == "video/mp4" and video["size_bytes"] == 120
    assert httpx.get(video["url"]).content.startswith(b"\x00\x00\x00\x18ftyp")
    client.post(f"/templates/{template['id']}/publish", headers=tenant.hr.headers)
    invitation = invite(client, tenant.hr, template["id"])
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    intro = session["intro"]
    assert intro["text"] == "Welcome!\nTen minutes at most."
    assert intro["video_content_type"] == "video/mp4"
    assert httpx.get(intro["video_url"]).status_code == 200
    # Removing it makes the next draft; the published version the candidate has keeps it.
    removed = client.delete(f"/templates/{template['id']}/intro-video", headers=tenant.hr.headers)
    assert removed.status_code == 200 and removed.json()["intro_video"] is None
    assert removed.json()["version"] == 2
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    assert session["intro"]["video_url"]


def test_no_intro_is_none_on_the_session(client: TestClient, tenant: Tenant) -> None:
    template = create_template(client, tenant.hr)
    client.post(f"/templates/{template['id']}/publish", headers=tenant.hr.headers)
    invitation = invite(client, tenant.hr, template["id"])
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    assert session["intro"] is None


def test_intro_upload_refuses_bad_type_size_and_text(client: TestClient, tenant: Tenant) -> None:
    template = create_template(client, tenant.hr)
    url = f"/templates/{template['id']}/intro-video/upload"
    for body, field in (
        ({"content_type": "image/png", "size_bytes": 10}, "content_type"),
        ({"content_type": "video/mp4", "size_bytes": INTRO_VIDEO_MAX_BYTES + 1}, "size_bytes"),
        ({"content_type": "video/mp4", "size_bytes": 0}, "size_bytes"),
    ):
        response = client.post(url, json=body, headers=tenant.hr.headers)
        assert_problem(response, 422)
        assert _fields(response) == {field}
    response = client.patch(
        f"/templates/{template['id']}", json={"intro_text": "x" * 4001}, headers=tenant.hr.headers
    )
    assert_problem(response, 422)
    assert _fields(response) == {"intro_text"}


def test_attach_checks_the_stored_object(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    template = create_template(client, tenant.hr)
    attach = f"/templates/{template['id']}/intro-video"
    # The browser sent another type than the grant's (moto does not enforce POST policies).
    key = _upload_intro(client, tenant.hr, template["id"], b"<html>", "text/html")
    response = client.put(attach, json={"key": key}, headers=tenant.hr.headers)
    assert_problem(response, 422, detail_contains="text/html")
    assert _fields(response) == {"key"}
    # Nothing uploaded under the granted key.
    grant = client.post(
        f"{attach}/upload",
        json={"content_type": "video/webm", "size_bytes": 10},
        headers=tenant.hr.headers,
    ).json()
    response = client.put(attach, json={"key": grant["key"]}, headers=tenant.hr.headers)
    assert_problem(response, 422, detail_contains="nothing was uploaded")
    # Another template's or company's key.
    other = create_template(client, other_tenant.hr)
    foreign = _upload_intro(client, other_tenant.hr, other["id"], b"v" * 20)
    response = client.put(attach, json={"key": foreign}, headers=tenant.hr.headers)
    assert_problem(response, 422)
    assert _fields(response) == {"key"}
    response = client.put(attach, json={"key": ""}, headers=tenant.hr.headers)
    assert _fields(response) == {"key"}
    assert (
        client.get(f"/templates/{template['id']}", headers=tenant.hr.headers).json()["intro_video"]
        is None
    )


def test_an_archived_template_takes_no_intro_upload(client: TestClient, tenant: Tenant) -> None:
    template = create_template(client, tenant.hr)
    client.post(f"/templates/{template['id']}/archive", headers=tenant.hr.headers)
    response = client.post(
        f"/templates/{template['id']}/intro-video/upload",
        json={"content_type": "video/mp4", "size_bytes": 10},
        headers=tenant.hr.headers,
    )
    assert_problem(response, 409)


# Audit ---------------------------------------------------------------------------------------


def test_library_changes_are_audited(client: TestClient, tenant: Tenant) -> None:
    source = create_template(client, tenant.hr)
    copy = client.post(f"/templates/{source['id']}/duplicate", headers=tenant.hr.headers).json()
    question = client.post(BANK, json={"text": "Audited?"}, headers=tenant.hr.headers).json()
    client.patch(f"{BANK}/{question['id']}", json={"retakes": 0}, headers=tenant.hr.headers)
    client.delete(f"{BANK}/{question['id']}", headers=tenant.hr.headers)
    entries = client.get(
        "/company/audit-log", params={"limit": 100}, headers=tenant.admin.headers
    ).json()["items"]
    seen = {(e["action"], e["target_kind"], e["target_id"], e["actor_id"]) for e in entries}
    hr = tenant.hr.id
    assert ("duplicateTemplate", "template", f"TEMPLATE#{copy['id']}", hr) in seen
    bank_sk = f"QBANK#{question['id']}"
    assert ("createBankQuestion", "bank_question", bank_sk, hr) in seen
    assert ("updateBankQuestion", "bank_question", bank_sk, hr) in seen
    assert ("deleteBankQuestion", "bank_question.deleted", bank_sk, hr) in seen


def test_a_text_is_in_the_bank_once(client: TestClient, tenant: Tenant) -> None:
    first = client.post(BANK, json={"text": "Why  this  role?"}, headers=tenant.hr.headers)
    assert first.status_code == 201, first.text
    again = client.post(BANK, json={"text": " why this ROLE? "}, headers=tenant.admin.headers)
    assert_problem(again, 409)
    assert _fields(again) == {"text"}
    assert again.json()["code"] == "already_in_bank"
    assert again.json()["question_id"] == first.json()["id"]
    # Editing another question's text into it is refused too; its own text moves the claim.
    other = client.post(BANK, json={"text": "Why now?"}, headers=tenant.hr.headers).json()
    clash = client.patch(
        f"{BANK}/{other['id']}", json={"text": "why this role?"}, headers=tenant.hr.headers
    )
    assert_problem(clash, 409)
    moved = client.patch(
        f"{BANK}/{other['id']}", json={"text": "Why today?"}, headers=tenant.hr.headers
    )
    assert moved.status_code == 200, moved.text
    freed = client.post(BANK, json={"text": "Why now?"}, headers=tenant.hr.headers)
    assert freed.status_code == 201, freed.text
    # Deleting frees the text.
    client.delete(f"{BANK}/{first.json()['id']}", headers=tenant.hr.headers)
    back = client.post(BANK, json={"text": "Why this role?"}, headers=tenant.hr.headers)
    assert back.status_code == 201, back.text
    texts = sorted(q["text"] for q in client.get(BANK, headers=tenant.hr.headers).json()["items"])
    assert texts == ["Why now?", "Why this role?", "Why today?"]
