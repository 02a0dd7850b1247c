"""Export and erasure of a candidate's personal data, and the requests candidates make.

"The candidate" is a person within one company: the directory entries with their address,
every interview sent to that address (or linked to one of those entries) and every live
interview scheduled with that address. Addresses are compared trimmed and in lower case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from functions.domain.errors import Conflict, NotFound
from functions.domain.ids import new_id
from functions.events import producers
from functions.events.catalog import ExternalIds
from functions.live.domain import object_prefixes
from functions.privacy.models import (
    EXPORT_LINK_SECONDS,
    CandidateExport,
    DataRequest,
    Erasure,
    ErasureReport,
    RequestKind,
    RequestStatus,
    normalise_email,
)
from functions.recordings.retention import recording_prefixes

if TYPE_CHECKING:
    from functions.domain.interviews import Interview
    from functions.integrations.models import CandidateProfile
    from functions.live.domain import LiveInterview
    from functions.privacy.links import RequestLink
    from functions.privacy.ports import Archive, CandidateKeys, PersonalData


@dataclass(frozen=True)
class Subject:
    email: str
    entries: list[CandidateProfile]
    interviews: list[Interview]
    lives: list[LiveInterview]

    @property
    def found(self) -> bool:
        return bool(self.entries or self.interviews or self.lives)

    def external(self) -> list[ExternalIds]:
        seen = [e.external for e in self.entries] + [i.external for i in self.interviews]
        unique: dict[str, ExternalIds] = {}
        for ids in seen:
            if ids is not None and (ids.candidate_id or ids.job_id):
                unique.setdefault(ids.model_dump_json(), ids)
        return list(unique.values())


def find_candidate(data: PersonalData, company_id: str, email: str) -> Subject:
    address = normalise_email(email)
    entries = data.directory_entries(company_id, address)
    ids = {e.id for e in entries}
    theirs = [
        i
        for i in data.interviews(company_id)
        if normalise_email(str(i.candidate.email)) == address or (i.candidate_id in ids)
    ]
    lives = [
        live
        for live in data.live_interviews(company_id)
        if normalise_email(str(live.candidate.email)) == address
    ]
    return Subject(
        address,
        entries,
        sorted(theirs, key=lambda i: i.created_at),
        sorted(lives, key=lambda live: live.created_at),
    )


# Export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportLink:
    export: CandidateExport
    url: str
    expires_in_seconds: int


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str).encode()


def _interview_files(
    data: PersonalData, archive: Archive, interview: Interview
) -> Iterator[tuple[str, bytes | str]]:
    folder = f"interviews/{interview.id}"
    yield (
        f"{folder}/interview.json",
        _json(interview.model_dump(mode="json", exclude={"token_hash"})),
    )
    for name, items in data.interview_items(interview.company_id, interview.id).items():
        yield f"{folder}/{name}.json", _json(items)
    for prefix in recording_prefixes(interview.company_id, interview.id):
        area = "recordings" if prefix.startswith("answers/") else "media"
        for key in archive.objects(prefix):
            yield f"{folder}/{area}/{key.removeprefix(prefix)}", key


def _files(
    data: PersonalData, archive: Archive, subject: Subject, company_id: str, now: datetime
) -> Iterator[tuple[str, bytes | str]]:
    names = (
        {i.candidate.name for i in subject.interviews}
        | {live.candidate.name for live in subject.lives}
        | {e.name for e in subject.entries}
    )
    yield (
        "candidate.json",
        _json(
            {
                "email": subject.email,
                "names": sorted(names),
                "directory": [e.model_dump(mode="json") for e in subject.entries],
                "interview_ids": [i.id for i in subject.interviews],
                "live_interview_ids": [live.id for live in subject.lives],
                "exported_at": now.isoformat(),
            }
        ),
    )
    requests = data.requests(company_id, subject.email)
    yield (
        "consents.json",
        _json(
            {
                # What the candidate agreed to before recording, per interview (giveConsent).
                "recording_and_ai_analysis": {
                    i.id: i.consent.model_dump(mode="json") if i.consent else None
                    for i in subject.interviews
                },
                "reminder_emails": {
                    i.id: "stopped" if i.reminders_muted else "allowed" for i in subject.interviews
                },
                "data_requests": [r.model_dump(mode="json") for r in requests],
            }
        ),
    )
    for interview in subject.interviews:
        yield from _interview_files(data, archive, interview)
    for live in subject.lives:
        # As stored: schedule, questions, status and times; the panel as member ids (no other
        # person's name or address); the link's hash left out, as for interviews.
        document = live.model_dump(mode="json", exclude={"token_hash"})
        folder = f"live_interviews/{live.id}"
        yield f"{folder}/live_interview.json", _json(document)
        for name, items in data.live_items(company_id, live.id).items():
            yield f"{folder}/{name}.json", _json(items)
        for prefix in object_prefixes(company_id, live.id):
            area = "recordings" if prefix.startswith("live/") else "media"
            for key in archive.objects(prefix):
                yield f"{folder}/{area}/{key.removeprefix(prefix)}", key


class _Counted:
    """Counts what passes through, for the export's summary."""

    def __init__(self, files: Iterator[tuple[str, bytes | str]]) -> None:
        self._files = files
        self.files = 0
        self.media = 0

    def __iter__(self) -> Iterator[tuple[str, bytes | str]]:
        for name, body in self._files:
            self.files += 1
            self.media += isinstance(body, str)
            yield name, body


def export_candidate_data(
    company_id: str,
    email: str,
    *,
    data: PersonalData,
    archive: Archive,
    actor_id: str | None,
    now: datetime,
    request_id: str | None = None,
) -> ExportLink:
    """Every interview, answer, transcript, analysis, scorecard and comment about the
    candidate, their directory entries and consents as JSON, and their recordings and media,
    in one zip under exports/; a presigned link to it."""
    subject = find_candidate(data, company_id, email)
    if not subject.found:
        raise NotFound("no candidate with this email in your company")
    export_id = new_id()
    key = f"exports/{company_id}/candidates/{export_id}.zip"
    counted = _Counted(_files(data, archive, subject, company_id, now))
    size = archive.write_zip(key, counted)
    export = CandidateExport(
        company_id=company_id,
        id=export_id,
        email=subject.email,
        key=key,
        size_bytes=size,
        files=counted.files,
        interviews=len(subject.interviews),
        live_interviews=len(subject.lives),
        media_objects=counted.media,
        created_at=now,
        created_by=actor_id,
        request_id=request_id,
    )
    data.add_export(export)
    url = archive.presigned_get(key, EXPORT_LINK_SECONDS)
    return ExportLink(export, url, EXPORT_LINK_SECONDS)


# Erasure ------------------------------------------------------------------------------------


def erase_candidate(
    company_id: str,
    email: str,
    *,
    data: PersonalData,
    archive: Archive,
    keys: CandidateKeys,
    actor_id: str | None,
    now: datetime,
) -> ErasureReport:
    """Delete everything that names or describes the candidate: recordings and media (every
    version), exports, interviews, answers (transcripts), analyses, comments, scorecards,
    directory entries and the short-lived items that mention them; shred their data key; leave
    an anonymous tombstone and emit `candidate.erased`. The analytics facts of their interviews
    (anonymous) stay, so counts do not change. Erasing again finds nothing and changes nothing."""
    subject = find_candidate(data, company_id, email)
    objects = 0
    for interview in subject.interviews:
        data.keep_analytics(interview)
        for prefix in recording_prefixes(company_id, interview.id):
            objects += archive.delete_prefix(prefix)
    for live in subject.lives:
        for prefix in object_prefixes(company_id, live.id):
            objects += archive.delete_prefix(prefix)
    for export in data.exports(company_id, subject.email):
        objects += archive.delete_prefix(export.key)
    items = sum(data.erase_interview_parts(company_id, i.id) for i in subject.interviews)
    items += sum(data.erase_live_parts(company_id, live.id) for live in subject.lives)
    interview_ids = [i.id for i in subject.interviews]
    live_ids = [live.id for live in subject.lives]
    candidate_ids = [e.id for e in subject.entries]
    needles = [subject.email, *interview_ids, *live_ids, *candidate_ids]
    items += data.erase_mentions(company_id, needles)
    erasure = None
    if subject.found:
        items += len(interview_ids) + len(live_ids) + len(candidate_ids)
        erasure = Erasure(
            company_id=company_id,
            id=new_id(),
            erased_at=now,
            erased_by=actor_id,
            interview_ids=interview_ids,
            live_interview_ids=live_ids,
            candidate_ids=candidate_ids,
            external=subject.external(),
            objects_deleted=objects,
            items_deleted=items,
        )
        event = producers.candidate_erased(
            company_id,
            erasure.id,
            candidate_ids=candidate_ids,
            interview_ids=interview_ids,
            external=erasure.external,
            erased_at=now,
        )
        data.finish_erasure(erasure, interview_ids, candidate_ids, event)
    # Always, even when nothing was left: a retried erasure finishes what a failed one began.
    keys.shred_candidate_key(company_id, subject.email)
    return ErasureReport(
        erasure=erasure,
        interviews_erased=len(interview_ids),
        live_interviews_erased=len(live_ids),
        objects_deleted=objects,
        items_deleted=items,
    )


# Candidates' requests -----------------------------------------------------------------------


def _linked(data: PersonalData, link: RequestLink) -> Interview | LiveInterview | None:
    if link.live_interview_id is not None:
        return data.live_interview(link.company_id, link.live_interview_id)
    assert link.interview_id is not None  # RequestLink names one of the two
    return data.interview(link.company_id, link.interview_id)


def request_from_email_link(
    link: RequestLink, kind: RequestKind, *, data: PersonalData, now: datetime
) -> DataRequest:
    """A candidate asks, from a link in one of their emails (about an interview or a live
    interview: its candidate is who asks); a pending request of the same kind is answered
    again rather than duplicated."""
    company_id = link.company_id
    about = _linked(data, link)
    if about is None:
        raise NotFound("we hold no data for this link any more")
    email = normalise_email(str(about.candidate.email))
    for pending in data.requests(company_id, email):
        if pending.kind == kind and pending.status == RequestStatus.PENDING:
            return pending
    request = DataRequest(
        company_id=company_id,
        id=new_id(),
        kind=kind,
        email=email,
        name=about.candidate.name,
        language=about.candidate.language,
        interview_id=link.interview_id,
        live_interview_id=link.live_interview_id,
        created_at=now,
    )
    data.add_request(request)
    return request


def _pending(data: PersonalData, company_id: str, request_id: str) -> tuple[DataRequest, int]:
    found = data.request(company_id, request_id)
    if found is None:
        raise NotFound(f"data request {request_id} not found")
    request, revision = found
    if request.status != RequestStatus.PENDING:
        raise Conflict(f"data request {request_id} is already {request.status.value}")
    return request, revision


@dataclass(frozen=True)
class Approval:
    request: DataRequest | None  # None once an erasure removed it with the rest
    export: ExportLink | None = None
    erasure: ErasureReport | None = None


def approve_request(
    company_id: str,
    request_id: str,
    *,
    data: PersonalData,
    archive: Archive,
    keys: CandidateKeys,
    actor_id: str,
    now: datetime,
    send_export: Callable[[DataRequest, CandidateExport], None],
) -> Approval:
    """An export is made and its link emailed to the candidate; an erasure is carried out (and
    takes the request, which names the candidate, with it)."""
    request, revision = _pending(data, company_id, request_id)
    if request.kind == RequestKind.ERASURE:
        report = erase_candidate(
            company_id, request.email, data=data, archive=archive, keys=keys,
            actor_id=actor_id, now=now,
        )  # fmt: skip
        return Approval(request=None, erasure=report)
    link = export_candidate_data(
        company_id, request.email, data=data, archive=archive, actor_id=actor_id, now=now,
        request_id=request.id,
    )  # fmt: skip
    done = request.model_copy(
        update={
            "status": RequestStatus.COMPLETED,
            "decided_by": actor_id,
            "decided_at": now,
            "export_id": link.export.id,
        }
    )
    data.save_request(done, revision)
    send_export(done, link.export)
    return Approval(request=done, export=link)


def deny_request(
    company_id: str,
    request_id: str,
    reason: str,
    *,
    data: PersonalData,
    actor_id: str,
    now: datetime,
) -> DataRequest:
    request, revision = _pending(data, company_id, request_id)
    denied = request.model_copy(
        update={
            "status": RequestStatus.DENIED,
            "decided_by": actor_id,
            "decided_at": now,
            "reason": reason,
        }
    )
    data.save_request(denied, revision)
    return denied
