"""Issue 17, GDPR rights: an admin exports everything held about a candidate (a zip of JSON and
media) and erases them (nothing left in S3 or the table that names them but an anonymous
tombstone and audit entries without personal data; analytics unchanged; erasing twice is
harmless); candidates ask from the link in their emails and admins decide."""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient

from functions import wiring
from functions.analytics.rebuild import rebuild
from functions.domain.analyses import AnalysisVersion
from functions.domain.clock import utcnow
from functions.integrations.models import CandidateProfile
from functions.notifications.adapters.outbox import LocalOutbox
from functions.privacy import links
from functions.privacy.store import readable_text
from functions.recordings.retention import recording_prefixes
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template
from tests.integration.api.test_scorecards import (
    finished_interview,
    make_scorecard_template,
    submit,
)

EXPORTS = "/candidates/privacy/exports"
ERASURES = "/candidates/privacy/erasures"
REQUESTS = "/candidates/privacy/requests"


@dataclass
class Person:
    name: str
    email: str
    interview_ids: list[str]
    answer_ids: list[str]
    candidate_id: str
    other_interview: str  # another candidate's, in the same company: it must survive


def _analyse(company_id: str, interview_id: str, name: str) -> None:
    """What the pipeline leaves: a transcript and analysis on each answer, a recorded version."""
    repo = wiring.interviews()
    answers = {}
    for answer, revision in repo.answers(company_id, interview_id):
        scored = answer.model_copy(
            update={
                "transcript": f"My name is {name} and I built a compiler.",
                "analysis": {"overall": 71, "summary": f"{name} explains clearly"},
            }
        )
        repo.save_answer(scored, revision)
        answers[answer.id] = scored.analysis or {}
    interview, revision = repo.get(company_id, interview_id) or (None, 0)
    assert interview is not None
    analysis = {"version": 1, "overall_score": 71, "recommendation": "consider"}
    version = AnalysisVersion(
        company_id=company_id, interview_id=interview_id, version=1,
        analysis={**analysis, "summary": f"{name} is a solid engineer"}, answers=answers,
        created_at=utcnow(),
    )  # fmt: skip
    done = interview.model_copy(update={"analysis": analysis, "analysis_version": 1})
    repo.save(done, revision, versions=[version])


def _person(client: TestClient, tenant: Tenant) -> Person:
    tag = secrets.token_hex(4)
    name, email = f"Zora Quill{tag}", f"zora.{tag}@example.com"
    card = make_scorecard_template(client, tenant.hr)
    first = finished_interview(
        client, tenant, card["id"], candidate={"name": name, "email": email, "language": "de"}
    )
    assert submit(client, tenant.hr, first["id"], {"design": 4, "ownership": 3,
                  "communication": 5}, "yes").status_code == 200  # fmt: skip
    comment = client.post(
        f"/interviews/{first['id']}/comments",
        json={"text": f"{name} answered the design question well"},
        headers=tenant.hr.headers,
    )
    assert comment.status_code == 201, comment.text
    _analyse(tenant.company_id, first["id"], name)
    # The same person (the address in other case), invited again with an Idempotency-Key: the
    # kept response names them too.
    template = published_template(client, tenant.hr)
    second = client.post(
        "/interviews",
        json={"template_id": template["id"], "candidate": {"name": name,
              "email": email.upper().replace("EXAMPLE.COM", "example.com")}},
        headers={**tenant.hr.headers, "Idempotency-Key": f"gdpr-{tag}"},
    )  # fmt: skip
    assert second.status_code == 201, second.text
    entry = CandidateProfile(
        company_id=tenant.company_id, id=f"ca{tag}", name=name, email=email,
        created_at=utcnow(), updated_at=utcnow(),
    )  # fmt: skip
    wiring.candidate_directory().add(entry)
    s3, bucket = wiring.s3(), wiring.get_settings().uploads_bucket
    answers = [a for a, _ in wiring.interviews().answers(tenant.company_id, first["id"])]
    for answer in answers:
        prefix = f"media/{tenant.company_id}/{first['id']}/{answer.id}/"
        s3.put_object(Bucket=bucket, Key=prefix + "video.mp4", Body=b"mp4 of " + answer.id.encode())
        # A re-upload leaves an older version of the recording in the versioned bucket.
        s3.put_object(Bucket=bucket, Key=answer.object_key, Body=b"second take")
    other = invite(client, tenant.hr, template["id"])
    return Person(
        name, email, [first["id"], second.json()["id"]], [a.id for a in answers], entry.id,
        other["id"],
    )  # fmt: skip


def _zip(url: str) -> zipfile.ZipFile:
    download = httpx.get(url)
    assert download.status_code == 200, download.text
    return zipfile.ZipFile(io.BytesIO(download.content))


def _table_items() -> list[dict[str, Any]]:
    db, table = wiring.dynamodb(), wiring.get_settings().table_name
    return [
        item
        for page in db.get_paginator("scan").paginate(TableName=table)
        for item in page.get("Items", [])
    ]


def _naming(person: Person, company_id: str) -> list[dict[str, Any]]:
    """Every item of the whole table whose text, sealed parts opened (what a holder of the keys
    could still read), contains the name or the address."""
    needles = (person.email.lower(), person.name.lower())
    return [
        i for i in _table_items() if any(n in readable_text(company_id, i).lower() for n in needles)
    ]


def _versions(prefix: str) -> list[Any]:
    listed = wiring.s3().list_object_versions(
        Bucket=wiring.get_settings().uploads_bucket, Prefix=prefix
    )
    return [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]


def _aggregates(company_id: str) -> dict[str, Any]:
    records = Record.query(company_pk(company_id), Record.sk.startswith("STATS#AGG#"))
    return {r.sk: r.data.as_dict() for r in records}


def _audit(tenant: Tenant, action: str) -> list[dict[str, Any]]:
    found = client_get = None
    del found, client_get
    log = wiring.audit_log().page(
        tenant.company_id, actor_id=None, action=action, target_id=None, since=None,
        until=None, limit=100, cursor=None,
    )  # fmt: skip
    return [e.model_dump(mode="json") for e in log.items]


def test_the_export_holds_every_json_document_and_the_media(
    client: TestClient, tenant: Tenant
) -> None:
    person = _person(client, tenant)
    response = client.post(EXPORTS, json={"email": person.email}, headers=tenant.admin.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["interviews"] == 2 and body["expires_in_seconds"] == 900
    archive = _zip(body["download_url"])
    names = set(archive.namelist())
    assert body["files"] == len(names)

    candidate = json.loads(archive.read("candidate.json"))
    assert candidate["email"] == person.email and candidate["names"] == [person.name]
    assert [d["id"] for d in candidate["directory"]] == [person.candidate_id]
    assert sorted(candidate["interview_ids"]) == sorted(person.interview_ids)
    consents = json.loads(archive.read("consents.json"))
    assert set(consents["reminder_emails"]) == set(person.interview_ids)
    given = consents["recording_and_ai_analysis"]
    assert set(given) == set(person.interview_ids)
    first_given = given[person.interview_ids[0]]  # the finished one; the second never started
    assert first_given["recording_and_ai_analysis"] and first_given["text_version"]
    assert given[person.interview_ids[1]] is None

    first, second = person.interview_ids
    folder = f"interviews/{first}"
    interview = json.loads(archive.read(f"{folder}/interview.json"))
    assert interview["candidate"]["name"] == person.name and "token_hash" not in interview
    answers = json.loads(archive.read(f"{folder}/answers.json"))
    assert {a["id"] for a in answers} == set(person.answer_ids)
    assert all(person.name in a["transcript"] for a in answers)
    analyses = json.loads(archive.read(f"{folder}/analyses.json"))
    assert analyses[0]["analysis"]["summary"] == f"{person.name} is a solid engineer"
    comments = json.loads(archive.read(f"{folder}/comments.json"))
    assert comments[0]["text"].startswith(person.name)
    scorecards = json.loads(archive.read(f"{folder}/scorecards.json"))
    assert scorecards[0]["recommendation"] == "yes"
    for answer_id in person.answer_ids:
        assert (
            archive.read(f"{folder}/media/{answer_id}/video.mp4") == b"mp4 of " + answer_id.encode()
        )
    recordings = [n for n in names if n.startswith(f"{folder}/recordings/")]
    assert len(recordings) == len(person.answer_ids)
    assert {archive.read(n) for n in recordings} == {b"second take"}  # the current versions
    assert body["media_objects"] == 2 * len(person.answer_ids)
    assert f"interviews/{second}/interview.json" in names
    assert not any(person.other_interview in n for n in names)

    entries = _audit(tenant, "exportCandidateData")
    assert entries and entries[0]["target_id"] == f"PRIVACY_EXPORT#{body['id']}"
    assert person.email not in json.dumps(entries) and person.name not in json.dumps(entries)


def test_erasure_leaves_only_the_tombstone_and_audit_entries_and_analytics_unchanged(
    client: TestClient, tenant: Tenant
) -> None:
    person = _person(client, tenant)
    admin = tenant.admin.headers
    exported = client.post(EXPORTS, json={"email": person.email}, headers=admin).json()
    store = wiring.analytics_store()
    rebuild(store, tenant.company_id)
    before = _aggregates(tenant.company_id)
    assert before
    # The projector never saw the first interview: the erasure must keep its facts itself.
    Record(company_pk(tenant.company_id), f"STATS#IV#{person.interview_ids[0]}").delete()
    assert _naming(person, tenant.company_id)

    response = client.post(ERASURES, json={"email": person.email.upper()}, headers=admin)
    assert response.status_code == 200, response.text
    erased = response.json()
    assert erased["erasure_id"] and erased["interviews_erased"] == 2
    assert erased["objects_deleted"] >= 3 * len(person.answer_ids) + 1

    for interview_id in person.interview_ids:
        for prefix in recording_prefixes(tenant.company_id, interview_id):
            assert _versions(prefix) == []
    assert _versions(f"exports/{tenant.company_id}/candidates/{exported['id']}") == []
    # the whole table: nothing names them, audit entries included
    assert _naming(person, tenant.company_id) == []
    pk = company_pk(tenant.company_id)
    tombstone = Record.get(pk, f"ERASURE#{erased['erasure_id']}").data.as_dict()
    assert sorted(tombstone["interview_ids"]) == sorted(person.interview_ids)
    assert tombstone["candidate_ids"] == [person.candidate_id]
    entries = _audit(tenant, "eraseCandidate")
    assert entries[0]["target_id"] == f"ERASURE#{erased['erasure_id']}"
    assert wiring.interviews().get(tenant.company_id, person.other_interview) is not None
    gone = client.get(f"/interviews/{person.interview_ids[0]}", headers=tenant.hr.headers)
    assert_problem(gone, 404)

    rebuild(store, tenant.company_id)
    assert _aggregates(tenant.company_id) == before

    again = client.post(ERASURES, json={"email": person.email}, headers=admin)
    assert again.status_code == 200, again.text
    assert again.json()["erasure_id"] is None and again.json()["interviews_erased"] == 0
    assert len(_audit(tenant, "eraseCandidate")) == 1
    tombstones = list(Record.query(pk, Record.sk.startswith("ERASURE#")))
    assert [t.sk for t in tombstones] == [f"ERASURE#{erased['erasure_id']}"]
    assert_problem(client.post(EXPORTS, json={"email": person.email}, headers=admin), 404)


def test_hr_and_interviewers_may_neither_export_nor_erase(
    client: TestClient, tenant: Tenant
) -> None:
    person = _person(client, tenant)
    for member in (tenant.hr, tenant.interviewer):
        for path in (EXPORTS, ERASURES):
            response = client.post(path, json={"email": person.email}, headers=member.headers)
            assert_problem(response, 403)
    assert _naming(person, tenant.company_id)
    bad = client.post(ERASURES, json={"email": "not an address"}, headers=tenant.admin.headers)
    assert_problem(bad, 422)
    assert "email" in json.dumps(bad.json())


def _request_link(tenant: Tenant, interview_id: str) -> str:
    return links.sign(
        links.RequestLink(company_id=tenant.company_id, interview_id=interview_id),
        wiring.unsubscribe_key(),
    )


def test_a_candidates_export_request_is_approved_and_the_link_emailed(
    client: TestClient, tenant: Tenant
) -> None:
    person = _person(client, tenant)
    token = _request_link(tenant, person.interview_ids[0])
    asked = client.post("/candidate/privacy/requests", json={"token": token, "kind": "export"})
    assert asked.status_code == 202, asked.text
    again = client.post("/candidate/privacy/requests", json={"token": token, "kind": "export"})
    assert again.json()["id"] == asked.json()["id"]  # one pending request, not two
    forged = client.post(
        "/candidate/privacy/requests", json={"token": token[:-3] + "AAA", "kind": "export"}
    )
    assert_problem(forged, 422)

    listed = client.get(REQUESTS, params={"status": "pending"}, headers=tenant.admin.headers)
    assert listed.status_code == 200, listed.text
    mine = [r for r in listed.json()["items"] if r["id"] == asked.json()["id"]]
    assert mine and mine[0]["email"] == person.email and mine[0]["kind"] == "export"
    assert_problem(client.get(REQUESTS, headers=tenant.hr.headers), 403)

    approved = client.post(f"{REQUESTS}/{asked.json()['id']}/approve", headers=tenant.admin.headers)
    assert approved.status_code == 200, approved.text
    assert approved.json()["request"]["status"] == "completed"
    twice = client.post(f"{REQUESTS}/{asked.json()['id']}/approve", headers=tenant.admin.headers)
    assert_problem(twice, 409)

    outbox = wiring.mailer()
    assert isinstance(outbox, LocalOutbox)
    sent = [m for m in outbox.messages() if m.kind == "data_export_ready" and m.to == person.email]
    assert len(sent) == 1 and sent[0].language == "de"
    link = next(w for w in sent[0].text.split() if links.DOWNLOAD_PATH in w)
    assert "/privacy?token=" in sent[0].text  # the request link rides along, as on every email
    path = httpx.URL(link)
    redirect = client.get(f"{path.path}?{path.query.decode()}", follow_redirects=False)
    assert redirect.status_code == 303, redirect.text
    archive = _zip(redirect.headers["location"])
    assert "candidate.json" in archive.namelist()


def test_a_candidates_erasure_request_denied_then_approved(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    person = _person(client, tenant)
    token = _request_link(tenant, person.interview_ids[1])
    first = client.post("/candidate/privacy/requests", json={"token": token, "kind": "erasure"})
    # Another company's admin cannot see, approve or deny it, nor erase or export this person.
    theirs = client.get(REQUESTS, headers=other_tenant.admin.headers).json()["items"]
    assert first.json()["id"] not in {r["id"] for r in theirs}
    for action in ("approve", "deny"):
        stranger = client.post(
            f"{REQUESTS}/{first.json()['id']}/{action}",
            json={"reason": "x"},
            headers=other_tenant.admin.headers,
        )
        assert_problem(stranger, 404)
    elsewhere = client.post(
        ERASURES, json={"email": person.email}, headers=other_tenant.admin.headers
    )
    assert elsewhere.status_code == 200 and elsewhere.json()["interviews_erased"] == 0
    assert_problem(
        client.post(EXPORTS, json={"email": person.email}, headers=other_tenant.admin.headers),
        404,
    )
    denied = client.post(
        f"{REQUESTS}/{first.json()['id']}/deny",
        json={"reason": "Legal hold until the dispute ends"},
        headers=tenant.admin.headers,
    )
    assert denied.status_code == 200 and denied.json()["status"] == "denied"
    second = client.post("/candidate/privacy/requests", json={"token": token, "kind": "erasure"})
    assert second.json()["id"] != first.json()["id"]
    approved = client.post(
        f"{REQUESTS}/{second.json()['id']}/approve", headers=tenant.admin.headers
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["request"] is None
    assert approved.json()["erasure"]["interviews_erased"] == 2
    assert _naming(person, tenant.company_id) == []
    gone = client.post("/candidate/privacy/requests", json={"token": token, "kind": "export"})
    assert_problem(gone, 404)


def test_a_zip_larger_than_one_part_streams_through_multipart_whole(tenant: Tenant) -> None:
    """Media are copied in chunks into 8 MB parts: a 9 MB recording spans two parts and comes
    back byte for byte, stored uncompressed, the JSON beside it deflated."""
    from functions.privacy.archive import PART_BYTES

    s3, bucket = wiring.s3(), wiring.get_settings().uploads_bucket
    big = secrets.token_bytes(PART_BYTES + 1024 * 1024)
    source = f"media/{tenant.company_id}/big/{secrets.token_hex(4)}/video.mp4"
    s3.put_object(Bucket=bucket, Key=source, Body=big)
    key = f"exports/{tenant.company_id}/candidates/{secrets.token_hex(4)}.zip"
    archive = wiring.privacy_archive()
    size = archive.write_zip(key, [("a.json", b'{"a": 1}' * 1000), ("media/video.mp4", source)])
    stored = s3.get_object(Bucket=bucket, Key=key)
    assert stored["ContentLength"] == size > len(big)
    with zipfile.ZipFile(io.BytesIO(stored["Body"].read())) as opened:
        assert opened.read("media/video.mp4") == big
        assert opened.getinfo("media/video.mp4").compress_type == zipfile.ZIP_STORED
        assert opened.getinfo("a.json").compress_type == zipfile.ZIP_DEFLATED
        assert opened.testzip() is None
    assert archive.delete_prefix(key) == 1
