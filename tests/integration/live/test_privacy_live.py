"""Issue 17 for live interviews: the candidate's live emails carry the data-request link; a
request made from it reaches the admins; the export holds the live interviews; the erasure
deletes them (and their signalling connections) so nothing in the table names the candidate."""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.events.producers import live_join_url
from functions.live.domain import join_token
from functions.live.signalling_rules import Connection
from functions.live.store import ConnectionRepository, LiveAudioRepository, LiveTranscriptRepository
from functions.live.transcript import TranscriptLine
from functions.notifications import handlers, use_cases
from functions.notifications.adapters.outbox import LocalOutbox
from functions.privacy.store import readable_text
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template
from tests.integration.live.test_scheduling import _events, schedule

REQUESTS = "/candidates/privacy/requests"


def _naming(company_id: str, *needles: str) -> list[dict[str, Any]]:
    """Every item of the whole table whose text, sealed parts opened, contains one of
    `needles` (what a holder of the keys could still read)."""
    db, table = wiring.dynamodb(), wiring.get_settings().table_name
    items = [
        item
        for page in db.get_paginator("scan").paginate(TableName=table)
        for item in page.get("Items", [])
    ]
    wanted = [n.lower() for n in needles]
    return [i for i in items if any(n in readable_text(company_id, i).lower() for n in wanted)]


def _notify(company_id: str, event_type: str, live_id: str) -> None:
    for event in _events(company_id, event_type):
        if event.data["live_interview_id"] == live_id:
            use_cases.notify(handlers.notifier(), event)


def _said(company_id: str, live_id: str, speaker: Connection, text: str) -> TranscriptLine:
    transcripts = LiveTranscriptRepository()
    seq = transcripts.reserve(company_id, live_id, speaker.participant_id, 1)
    line = TranscriptLine(
        live_id=live_id, speaker=speaker.participant_id, role=speaker.role, seq=seq, text=text,
        start=utcnow(), end=utcnow(),
    )  # fmt: skip
    transcripts.add(line, company_id)
    room = speaker.model_copy(update={"live_id": live_id})
    LiveAudioRepository().add(room, "mic", 0, b"\xff" * 100, int(utcnow().timestamp()))
    assert LiveAudioRepository().chunks(room, "mic", 0, 1) == [b"\xff" * 100]
    return line


def _privacy_token(text: str) -> str:
    link = next(w for w in text.split() if "/privacy?token=" in w)
    return link.split("?token=", 1)[1]


def _ask(client: TestClient, token: str, kind: str) -> dict[str, Any]:
    asked = client.post("/candidate/privacy/requests", json={"token": token, "kind": kind})
    assert asked.status_code == 202, asked.text
    return dict(asked.json())


def test_live_emails_carry_the_request_link_and_an_approved_erasure_leaves_nothing_naming_them(
    client: TestClient, tenant: Tenant, outbox: LocalOutbox
) -> None:
    tag = secrets.token_hex(4)
    name, email = f"Ivo Livewire{tag}", f"ivo.{tag}@example.com"
    candidate = {"name": name, "email": email, "language": "es"}
    live = schedule(client, tenant, candidate=candidate)
    later = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
    cancelled = schedule(client, tenant, candidate=candidate, starts_at=later)
    template = published_template(client, tenant.hr)
    recorded = invite(client, tenant.hr, template["id"], candidate=candidate)
    # Someone else's live interview in the same company: it must survive.
    other = schedule(client, tenant)
    # The candidate is in the room: their connection (and its pointer) name them.
    connection = Connection(
        connection_id=f"conn{tag}", company_id=tenant.company_id, live_id=live["id"],
        participant_id="candidate", role="candidate", name=name, connected_at=utcnow(),
    )  # fmt: skip
    ConnectionRepository().put(connection)
    # What they said in the room (a transcript line, its number, a cloud audio chunk); the
    # other interview's transcript stays.
    _said(tenant.company_id, live["id"], connection, f"Hello, I am {name}.")
    kept = _said(tenant.company_id, other["id"], connection, "Someone else speaking.")

    # The three live emails to the candidate carry the link; the panel's do not.
    _notify(tenant.company_id, "live_interview.scheduled", live["id"])
    lives = wiring.live_interviews()
    stored = lives.get(tenant.company_id, live["id"])
    assert stored is not None
    token = join_token(wiring.unsubscribe_key(), tenant.company_id, live["id"], 1)
    use_cases.remind_live(handlers.notifier(), stored[0], live_join_url(token))
    cancel = client.post(f"/interviews/live/{cancelled['id']}/cancel", headers=tenant.hr.headers)
    assert cancel.status_code == 200, cancel.text
    _notify(tenant.company_id, "live_interview.cancelled", cancelled["id"])
    theirs = {m.kind: m for m in outbox.messages() if m.to == email}
    assert {"live_invitation", "live_reminder", "live_cancelled"} <= set(theirs)
    for kind in ("live_invitation", "live_reminder", "live_cancelled"):
        assert "/privacy?token=" in theirs[kind].text, kind
        assert "/privacy?token=" in theirs[kind].html, kind
    panel = [m for m in outbox.messages() if m.to == tenant.interviewer.email]
    assert panel and all("/privacy?token=" not in m.text for m in panel)

    # An export asked from the live invitation's link: listed for the admins, then approved.
    link = _privacy_token(theirs["live_invitation"].text)
    asked = _ask(client, link, "export")
    listed = client.get(REQUESTS, params={"status": "pending"}, headers=tenant.admin.headers)
    [mine] = [r for r in listed.json()["items"] if r["id"] == asked["id"]]
    assert (mine["email"], mine["name"]) == (email, name)
    assert (mine["live_interview_id"], mine["interview_id"]) == (live["id"], None)
    approved = client.post(f"{REQUESTS}/{asked['id']}/approve", headers=tenant.admin.headers)
    assert approved.status_code == 200, approved.text
    export = approved.json()["export"]
    assert (export["interviews"], export["live_interviews"]) == (1, 2)
    archive = zipfile.ZipFile(io.BytesIO(httpx.get(export["download_url"]).content))
    summary = json.loads(archive.read("candidate.json"))
    assert sorted(summary["live_interview_ids"]) == sorted([live["id"], cancelled["id"]])
    document = json.loads(archive.read(f"live_interviews/{live['id']}/live_interview.json"))
    assert document["candidate"]["name"] == name and "token_hash" not in document
    assert document["questions"][0]["text"] == "Walk us through a system you designed."
    assert document["starts_at"] and document["status"] == "scheduled"
    assert not any(other["id"] in n for n in archive.namelist())
    # The export email (about the live interview) carries the live request link again.
    ready = [m for m in outbox.messages() if m.to == email and m.kind == "data_export_ready"]
    assert len(ready) == 1 and _privacy_token(ready[0].text) == link

    # An erasure asked from the cancellation's link, approved: nothing names them any more.
    erase = _ask(client, _privacy_token(theirs["live_cancelled"].text), "erasure")
    assert _naming(tenant.company_id, email, name)
    done = client.post(f"{REQUESTS}/{erase['id']}/approve", headers=tenant.admin.headers)
    assert done.status_code == 200, done.text
    report = done.json()["erasure"]
    assert (report["interviews_erased"], report["live_interviews_erased"]) == (1, 2)
    # the whole table, connections and pointers included
    assert _naming(tenant.company_id, email, name) == []
    pk = company_pk(tenant.company_id)
    tombstone = Record.get(pk, f"ERASURE#{report['erasure_id']}").data.as_dict()
    assert sorted(tombstone["live_interview_ids"]) == sorted([live["id"], cancelled["id"]])
    assert tombstone["interview_ids"] == [recorded["id"]]
    assert name not in json.dumps(tombstone) and email not in json.dumps(tombstone)
    assert lives.get(tenant.company_id, live["id"]) is None
    assert ConnectionRepository().get(connection.connection_id) is None
    assert lives.get(tenant.company_id, other["id"]) is not None
    transcripts = LiveTranscriptRepository()
    assert transcripts.confirmed(tenant.company_id, live["id"]) == []
    assert transcripts.next_seq(tenant.company_id, live["id"], "candidate") == 0
    assert LiveAudioRepository().chunks(connection, "mic", 0, 1) == []
    assert transcripts.confirmed(tenant.company_id, other["id"]) == [kept]
    gone = client.post("/candidate/privacy/requests", json={"token": link, "kind": "export"})
    assert_problem(gone, 404)
