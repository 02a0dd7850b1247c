"""Threaded comments: on the interview or an answer (at a moment of its video), one level of
replies, plain text, edit and delete by the author only, soft delete keeps the thread; @mentions
tell each member once per comment, in the app (the bell) and by a `comment.mentioned` event
written with the comment (the notifier emails it: tests/integration/notifications)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.events.catalog import Event
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import (
    Member,
    Tenant,
    assert_problem,
    invite,
    published_template,
)
from tests.integration.api.test_candidate import upload_answer


def comment(
    client: TestClient, member: Member, interview_id: str, text: str, **fields: Any
) -> dict[str, Any]:
    response = client.post(
        f"/interviews/{interview_id}/comments",
        json={"text": text, **fields},
        headers=member.headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def comments(client: TestClient, member: Member, interview_id: str, **query: Any) -> list[Any]:
    response = client.get(
        f"/interviews/{interview_id}/comments", params=query, headers=member.headers
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def mention_events(company_id: str, comment_id: str) -> list[str]:
    """Who the outbox says was mentioned on this comment (one `comment.mentioned` each)."""
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    found = [Event.model_validate(r.data.as_dict()) for r in records]
    return sorted(
        e.data["mentioned_user_id"]
        for e in found
        if e.type == "comment.mentioned" and e.data["comment_id"] == comment_id
    )


def bell(client: TestClient, member: Member) -> dict[str, Any]:
    response = client.get("/notifications", headers=member.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _interview(client: TestClient, tenant: Tenant, **overrides: Any) -> dict[str, Any]:
    template = published_template(client, tenant.hr)
    return invite(client, tenant.hr, template["id"], **overrides)


def test_a_thread_on_the_interview_with_one_level_of_replies(
    client: TestClient, tenant: Tenant
) -> None:
    interview = _interview(client, tenant, reviewer_ids=[tenant.interviewer.id])
    iid = interview["id"]
    first = comment(client, tenant.hr, iid, "Strong on design.\nWeak on testing?")
    assert first["text"] == "Strong on design.\nWeak on testing?"
    assert (first["author_id"], first["author_name"]) == (tenant.hr.id, "Hr Person")
    assert first["parent_id"] is None and first["answer_id"] is None and not first["deleted"]
    reply = comment(client, tenant.interviewer, iid, "Agreed", parent_id=first["id"])
    assert reply["parent_id"] == first["id"]

    nested = client.post(
        f"/interviews/{iid}/comments",
        json={"text": "deeper", "parent_id": reply["id"]},
        headers=tenant.admin.headers,
    )
    assert_problem(nested, 422, detail_contains=f"first comment {first['id']}")
    listed = comments(client, tenant.admin, iid)
    assert [(c["id"], c["parent_id"]) for c in listed] == [
        (first["id"], None),
        (reply["id"], first["id"]),
    ]
    assert_problem(
        client.post(
            f"/interviews/{iid}/comments",
            json={"text": "x", "parent_id": "missing"},
            headers=tenant.hr.headers,
        ),
        404,
    )


def test_text_is_plain_bounded_and_not_blank(client: TestClient, tenant: Tenant) -> None:
    iid = _interview(client, tenant)["id"]
    path = f"/interviews/{iid}/comments"
    for text in ("   \n ", "x" * 4001, "bell\x07"):
        response = client.post(path, json={"text": text}, headers=tenant.hr.headers)
        assert_problem(response, 422)
        assert "text" in str(response.json()["errors"])
    markdown = comment(client, tenant.hr, iid, "**not bold** <b>nor this</b>")
    assert markdown["text"] == "**not bold** <b>nor this</b>"


def test_a_comment_on_an_answer_at_a_moment_of_its_video(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"])
    iid = interview["id"]
    answer = upload_answer(client, interview, template["questions"][0]["id"])
    # The pipeline measures the recording (it is off in this suite): 30.5 seconds.
    repo = wiring.interviews()
    stored, revision = repo.answer(tenant.company_id, iid, answer["answer_id"]) or (None, 0)
    assert stored is not None
    repo.save_answer(stored.model_copy(update={"duration_seconds": 30.5}), revision)

    on_answer = comment(
        client, tenant.hr, iid, "Listen here", answer_id=answer["answer_id"], at_seconds=12.25
    )
    assert (on_answer["answer_id"], on_answer["at_seconds"]) == (answer["answer_id"], 12.25)
    reply = comment(client, tenant.admin, iid, "Yes", parent_id=on_answer["id"], at_seconds=30)
    assert reply["answer_id"] == answer["answer_id"]
    comment(client, tenant.hr, iid, "On the interview")
    only = comments(client, tenant.hr, iid, answer_id=answer["answer_id"])
    assert [c["id"] for c in only] == [on_answer["id"], reply["id"]]

    path = f"/interviews/{iid}/comments"
    past = client.post(
        path,
        json={"text": "x", "answer_id": answer["answer_id"], "at_seconds": 31},
        headers=tenant.hr.headers,
    )
    assert_problem(past, 422, detail_contains="at_seconds")
    no_answer = client.post(path, json={"text": "x", "at_seconds": 3}, headers=tenant.hr.headers)
    assert_problem(no_answer, 422, detail_contains="answer_id")
    negative = client.post(
        path,
        json={"text": "x", "answer_id": answer["answer_id"], "at_seconds": -1},
        headers=tenant.hr.headers,
    )
    assert_problem(negative, 422)
    unknown = client.post(path, json={"text": "x", "answer_id": "nope"}, headers=tenant.hr.headers)
    assert_problem(unknown, 404, detail_contains="nope")


def test_only_the_author_edits_or_deletes_and_a_deleted_comment_keeps_its_thread(
    client: TestClient, tenant: Tenant
) -> None:
    iid = _interview(client, tenant)["id"]
    first = comment(client, tenant.hr, iid, "First thoughts", mentioned_user_ids=[tenant.admin.id])
    reply = comment(client, tenant.admin, iid, "A reply", parent_id=first["id"])
    path = f"/interviews/{iid}/comments/{first['id']}"

    assert_problem(client.patch(path, json={"text": "mine now"}, headers=tenant.admin.headers), 403)
    assert_problem(client.patch(path, json={}, headers=tenant.hr.headers), 422)
    assert_problem(client.delete(path, headers=tenant.admin.headers), 403)
    edited = client.patch(path, json={"text": "Second thoughts"}, headers=tenant.hr.headers)
    assert edited.status_code == 200, edited.text
    assert edited.json()["text"] == "Second thoughts" and edited.json()["edited_at"]

    deleted = client.delete(path, headers=tenant.hr.headers)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["deleted"] and deleted.json()["text"] is None
    listed = comments(client, tenant.admin, iid)
    assert [(c["id"], c["deleted"], c["text"]) for c in listed] == [
        (first["id"], True, None),
        (reply["id"], False, "A reply"),
    ]
    assert "Second thoughts" not in str(listed)
    # The bell keeps the notification, without the words of the deleted comment.
    [note] = [n for n in bell(client, tenant.admin)["items"] if n["comment_id"] == first["id"]]
    assert note["excerpt"] == "" and note["comment_deleted"] is True
    assert "thoughts" not in str(note)
    # Deleting again changes nothing; a deleted comment cannot be edited or replied to.
    assert client.delete(path, headers=tenant.hr.headers).status_code == 200
    assert_problem(client.patch(path, json={"text": "back"}, headers=tenant.hr.headers), 409)
    assert_problem(
        client.post(
            f"/interviews/{iid}/comments",
            json={"text": "late", "parent_id": first["id"]},
            headers=tenant.admin.headers,
        ),
        409,
    )


def test_interviewers_comment_only_where_assigned(client: TestClient, tenant: Tenant) -> None:
    theirs = _interview(client, tenant, reviewer_ids=[tenant.interviewer.id])
    other = _interview(client, tenant)
    comment(client, tenant.hr, other["id"], "Recruiters only")
    me = tenant.interviewer
    assert comment(client, me, theirs["id"], "Mine")["author_id"] == me.id
    for method in ("GET", "POST"):
        response = client.request(
            method, f"/interviews/{other['id']}/comments", json={"text": "x"}, headers=me.headers
        )
        assert_problem(response, 404)
        assert "Recruiters only" not in response.text


def test_a_mention_tells_each_member_once_and_an_edit_only_the_newly_mentioned(
    client: TestClient, tenant: Tenant
) -> None:
    interview = _interview(client, tenant, reviewer_ids=[tenant.interviewer.id])
    iid = interview["id"]
    first = comment(
        client,
        tenant.hr,
        iid,
        "@Admin Person please look",
        mentioned_user_ids=[tenant.admin.id, tenant.admin.id, tenant.hr.id],
    )
    assert [m["user_id"] for m in first["mentions"]] == [tenant.admin.id, tenant.hr.id]
    assert first["mentions"][0]["name"] == "Ada Admin"
    # Writing your own name tells nobody; the admin once, though named twice.
    assert mention_events(tenant.company_id, first["id"]) == [tenant.admin.id]
    admin_bell = bell(client, tenant.admin)
    assert admin_bell["unread_count"] == 1
    [note] = admin_bell["items"]
    assert (note["comment_id"], note["interview_id"], note["actor_name"]) == (
        first["id"],
        iid,
        "Hr Person",
    )
    assert (
        note["candidate_name"] == "Carla Candidate"
        and note["excerpt"] == "@Admin Person please look"
    )
    assert bell(client, tenant.hr)["items"] == []

    path = f"/interviews/{iid}/comments/{first['id']}"
    both = [tenant.admin.id, tenant.interviewer.id]
    edited = client.patch(
        path,
        json={"text": "@Admin @Interviewer look", "mentioned_user_ids": both},
        headers=tenant.hr.headers,
    )
    assert edited.status_code == 200, edited.text
    assert mention_events(tenant.company_id, first["id"]) == sorted(both)
    assert bell(client, tenant.admin)["unread_count"] == 1
    assert [n["comment_id"] for n in bell(client, tenant.interviewer)["items"]] == [first["id"]]

    # Dropped and mentioned again: told already, not told twice.
    for mentioned in ([tenant.interviewer.id], both):
        again = client.patch(
            path, json={"mentioned_user_ids": mentioned}, headers=tenant.hr.headers
        )
        assert again.status_code == 200, again.text
    assert mention_events(tenant.company_id, first["id"]) == sorted(both)
    assert len(bell(client, tenant.admin)["items"]) == 1
    assert len(bell(client, tenant.interviewer)["items"]) == 1


def test_an_interviewer_not_assigned_cannot_be_mentioned(
    client: TestClient, tenant: Tenant
) -> None:
    iid = _interview(client, tenant)["id"]
    path = f"/interviews/{iid}/comments"
    body = {
        "text": "@Interviewer what do you think?",
        "mentioned_user_ids": [tenant.interviewer.id],
    }
    refused = client.post(path, json=body, headers=tenant.hr.headers)
    assert_problem(refused, 422, detail_contains="Interviewer Person")
    assert "assign them" in refused.json()["detail"]
    assert refused.json()["unassigned_user_ids"] == [tenant.interviewer.id]
    assert bell(client, tenant.interviewer)["items"] == []
    assert comments(client, tenant.hr, iid) == []
    # An edit is refused the same way.
    first = comment(client, tenant.hr, iid, "no mention yet")
    edit = client.patch(
        f"{path}/{first['id']}",
        json={"mentioned_user_ids": [tenant.interviewer.id]},
        headers=tenant.hr.headers,
    )
    assert_problem(edit, 422, detail_contains="Interviewer Person")
    unknown = client.post(
        path, json={"text": "x", "mentioned_user_ids": ["ghost"]}, headers=tenant.hr.headers
    )
    assert_problem(unknown, 404, detail_contains="ghost")
    # Assigned, they can be.
    assigned = client.post(
        f"/interviews/{iid}/reviewers",
        json={"user_ids": [tenant.interviewer.id]},
        headers=tenant.hr.headers,
    )
    assert assigned.status_code == 200
    assert client.post(path, json=body, headers=tenant.hr.headers).status_code == 201
    assert bell(client, tenant.interviewer)["unread_count"] == 1


def test_the_mentionable_members_are_managers_and_assigned_reviewers(
    client: TestClient, tenant: Tenant
) -> None:
    iid = _interview(client, tenant)["id"]
    path = f"/interviews/{iid}/mentionable"

    def names() -> set[str]:
        response = client.get(path, headers=tenant.hr.headers)
        assert response.status_code == 200, response.text
        return {m["id"] for m in response.json()["items"]}

    assert names() == {tenant.admin.id, tenant.hr.id}
    client.post(
        f"/interviews/{iid}/reviewers",
        json={"user_ids": [tenant.interviewer.id]},
        headers=tenant.hr.headers,
    )
    assert names() == {tenant.admin.id, tenant.hr.id, tenant.interviewer.id}


def test_the_bell_marks_read_one_or_all_and_only_ones_own(
    client: TestClient, tenant: Tenant
) -> None:
    iid = _interview(client, tenant)["id"]
    made = [
        comment(client, tenant.hr, iid, f"note {n}", mentioned_user_ids=[tenant.admin.id])
        for n in range(3)
    ]
    listed = bell(client, tenant.admin)
    assert [n["comment_id"] for n in listed["items"]] == [c["id"] for c in reversed(made)]
    count = client.get("/notifications/unread-count", headers=tenant.admin.headers)
    assert count.json() == {"unread_count": 3}

    # Another member's ids do nothing to them.
    assert client.post(
        "/notifications/read", json={"notification_ids": [made[0]["id"]]}, headers=tenant.hr.headers
    ).json() == {"unread_count": 0}
    one = client.post(
        "/notifications/read",
        json={"notification_ids": [made[0]["id"]]},
        headers=tenant.admin.headers,
    )
    assert one.status_code == 200 and one.json() == {"unread_count": 2}
    unread = client.get(
        "/notifications", params={"unread_only": True}, headers=tenant.admin.headers
    )
    assert [n["comment_id"] for n in unread.json()["items"]] == [made[2]["id"], made[1]["id"]]
    page = client.get("/notifications", params={"limit": 2}, headers=tenant.admin.headers).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(
        "/notifications",
        params={"limit": 2, "cursor": page["next_cursor"]},
        headers=tenant.admin.headers,
    ).json()
    assert [n["comment_id"] for n in rest["items"]] == [made[0]["id"]]
    assert rest["items"][0]["read_at"] is not None

    everything = client.post("/notifications/read", headers=tenant.admin.headers)
    assert everything.json() == {"unread_count": 0}
    assert bell(client, tenant.admin)["unread_count"] == 0


def test_a_retried_comment_with_an_idempotency_key_is_one_comment_and_one_mention(
    client: TestClient, tenant: Tenant
) -> None:
    iid = _interview(client, tenant)["id"]
    body = {"text": "@Ada once", "mentioned_user_ids": [tenant.admin.id]}
    headers = {**tenant.hr.headers, "Idempotency-Key": "comment-retry-1"}
    first = client.post(f"/interviews/{iid}/comments", json=body, headers=headers)
    again = client.post(f"/interviews/{iid}/comments", json=body, headers=headers)
    assert first.status_code == 201 and again.status_code == 201, again.text
    assert again.json()["id"] == first.json()["id"]
    assert [c["id"] for c in comments(client, tenant.hr, iid)] == [first.json()["id"]]
    assert mention_events(tenant.company_id, first.json()["id"]) == [tenant.admin.id]
    assert bell(client, tenant.admin)["unread_count"] == 1
