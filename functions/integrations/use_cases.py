"""The inbound ATS API and the candidate directory.

Imports are idempotent by external id: the same record sent twice changes nothing the second
time (`unchanged`); a changed record updates the stored one (`updated`). Candidates found by
external id keep their id, so interviews and directory entries stay linked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from functions.billing.plans import UsageExhausted
from functions.billing.quotas import interview_claim, quota_exceeded, warn_of_usage
from functions.domain import interviews as rules
from functions.domain.clock import utcnow
from functions.domain.errors import NotFound
from functions.domain.ids import new_id
from functions.domain.interviews import Candidate, Interview
from functions.domain.templates import Template
from functions.events.catalog import (
    CandidateImported,
    CandidateRef,
    Event,
    EventData,
    ExternalIds,
    InterviewCreated,
    InterviewInvited,
)
from functions.events.producers import emit
from functions.integrations.ats import CandidateImport, JobImport
from functions.integrations.models import ApiKey, CandidateProfile, Job, Source, derived_id
from functions.interviews.use_cases import publishable_version

if TYPE_CHECKING:
    from functions.billing.store import BillingRepository
    from functions.integrations.store import CandidateRepository, JobRepository
    from functions.storage.repositories import InterviewRepository, TemplateRepository

Outcome = Literal["created", "updated", "unchanged"]


class Imported(BaseModel):
    outcome: Outcome
    candidate: CandidateProfile


class ImportedJob(BaseModel):
    outcome: Outcome
    job: Job


class BulkInvitation(BaseModel):
    interview: Interview
    candidate_url: str


def import_job(jobs: JobRepository, company_id: str, source: Source, job: JobImport) -> ImportedJob:
    now = utcnow()
    external = job.external_id
    stored = Job(
        company_id=company_id,
        id=derived_id(company_id, f"JOBEXT#{source}#{external}"),
        title=job.title,
        location=job.location,
        external=ExternalIds(source=source, job_id=external),
        created_at=now,
        updated_at=now,
    )
    found = jobs.get(company_id, stored.id)
    if found is None:
        jobs.add(stored)
        return ImportedJob(outcome="created", job=stored)
    current, revision = found
    if (current.title, current.location) == (stored.title, stored.location):
        return ImportedJob(outcome="unchanged", job=current)
    updated = current.model_copy(
        update={"title": stored.title, "location": stored.location, "updated_at": now}
    )
    jobs.save(updated, revision)
    return ImportedJob(outcome="updated", job=updated)


_COMPARED = ("name", "email", "language", "phone", "tags", "skills", "external")


def import_candidate(
    candidates: CandidateRepository,
    company_id: str,
    source: Source,
    item: CandidateImport,
) -> Imported:
    """Created, updated or unchanged by external id; a change and its candidate.imported event
    are written together (outbox)."""
    now = utcnow()
    external = item.external(source)
    fresh = CandidateProfile(
        company_id=company_id,
        id=derived_id(company_id, f"CANDEXT#{source}#{item.external_id}"),
        name=item.name,
        email=item.email,
        language=item.language,
        phone=item.phone,
        tags=sorted(set(item.tags)),
        skills=sorted(set(item.skills)),
        external=external,
        created_at=now,
        updated_at=now,
    )
    found = candidates.get(company_id, fresh.id)
    if found is None:
        candidates.add(fresh, events=[_imported(fresh)])
        return Imported(outcome="created", candidate=fresh)
    current, revision = found
    changes = {f: getattr(fresh, f) for f in _COMPARED if getattr(current, f) != getattr(fresh, f)}
    if not changes:
        return Imported(outcome="unchanged", candidate=current)
    updated = current.model_copy(update={**changes, "updated_at": now})
    candidates.save(updated, revision, events=[_imported(updated)])
    return Imported(outcome="updated", candidate=updated)


def _imported(candidate: CandidateProfile) -> Event:
    data = CandidateImported(
        candidate_id=candidate.id,
        name=candidate.name,
        email=candidate.email,
        external=candidate.external or ExternalIds(),  # imported candidates always have one
    )
    return emit(data, candidate.company_id)


def invite_candidates(
    interviews: InterviewRepository,
    templates: TemplateRepository,
    candidates: CandidateRepository,
    billing: BillingRepository,
    key: ApiKey,
    *,
    template_id: str,
    candidate_ids: list[str],
    deadline: datetime | None,
    default_days: int,
    public_base_url: str,
    upgrade_url: str,
) -> list[BulkInvitation]:
    """One interview per directory candidate, carrying the candidate's external ids.

    All or nothing against the quota: the whole batch is claimed in one conditional update
    before any interview is written (a batch of 100 is more than one transaction holds), so a
    batch the plan cannot take creates none (402); a write that fails midway gives back what
    it did not create."""
    now = utcnow()
    deadline = deadline or now + timedelta(days=default_days)
    rules.ensure_deadline_in_future(deadline, now)
    template = publishable_version(templates, key.company_id, template_id)
    people = [_candidate(candidates, key.company_id, cid) for cid in dict.fromkeys(candidate_ids)]
    batch = [
        _invitation(key, template, person, deadline, now, public_base_url) for person in people
    ]
    # The storage's counter (PynamoDB): imported for this call, not for the API's cold start.
    from functions.storage.repositories import claim_usage, release_usage

    claim, plan = interview_claim(billing, key.company_id, now, count=len(batch))
    try:
        claim_usage(claim)
    except UsageExhausted as refused:
        raise quota_exceeded(plan, refused.used, len(batch), now, upgrade_url) from None
    written = 0
    try:
        for invitation, events in batch:
            interviews.add(invitation.interview, events=events)
            written += 1
    finally:
        release_usage(claim, len(batch) - written)
    warn_of_usage(billing, claim, plan)
    return [invitation for invitation, _ in batch]


def _invitation(
    key: ApiKey,
    template: Template,
    person: CandidateProfile,
    deadline: datetime,
    now: datetime,
    public_base_url: str,
) -> tuple[BulkInvitation, list[Event]]:
    token = rules.new_invitation_token()
    interview = Interview(
        company_id=key.company_id,
        id=new_id(),
        template_id=template.id,
        template_version=template.version,
        template_name=template.name,
        questions=template.questions,
        candidate=Candidate(name=person.name, email=person.email, language=person.language),
        deadline=deadline,
        token_hash=rules.hash_token(token),
        created_by=f"apikey:{key.id}",
        created_at=now,
        invited_at=now,
        external=person.external,
        candidate_id=person.id,
    )
    url = f"{public_base_url.rstrip('/')}/i/{token}"
    events = [emit(data, key.company_id) for data in _invitation_events(interview, url)]
    return BulkInvitation(interview=interview, candidate_url=url), events


def _candidate(
    candidates: CandidateRepository, company_id: str, candidate_id: str
) -> CandidateProfile:
    found = candidates.get(company_id, candidate_id)
    if found is None:
        raise NotFound(f"candidate {candidate_id} not found; import it first")
    return found[0]


def _invitation_events(interview: Interview, url: str) -> list[EventData]:
    ref = CandidateRef(
        name=interview.candidate.name,
        email=interview.candidate.email,
        language=interview.candidate.language,
    )
    return [
        InterviewCreated(
            interview_id=interview.id,
            template_id=interview.template_id,
            template_version=interview.template_version,
            candidate=ref,
            deadline=interview.deadline,
            created_by=interview.created_by,
            external=interview.external,
        ),
        InterviewInvited(
            interview_id=interview.id,
            candidate=ref,
            candidate_url=url,
            deadline=interview.deadline,
            invitations_sent=interview.invitations_sent,
            external=interview.external,
        ),
    ]


# The directory -------------------------------------------------------------------------------


def list_candidates(
    candidates: CandidateRepository,
    company_id: str,
    *,
    search: str | None,
    tag: str | None,
    limit: int,
) -> list[CandidateProfile]:
    """Newest first; `search` matches part of the name or email, `tag` one tag exactly."""
    if search and "@" in search and " " not in search:
        people = candidates.by_email(company_id, search) or candidates.all(company_id)
    else:
        people = candidates.all(company_id)
    needle = (search or "").casefold()
    chosen = [
        p
        for p in people
        if (not needle or needle in p.name.casefold() or needle in p.email.casefold())
        and (not tag or tag in p.tags)
    ]
    return sorted(chosen, key=lambda p: p.created_at, reverse=True)[:limit]


def get_candidate(
    candidates: CandidateRepository,
    interviews: InterviewRepository,
    company_id: str,
    candidate_id: str,
) -> tuple[CandidateProfile, list[Interview]]:
    """The candidate and every interview of theirs: linked by id, or sent to their email."""
    person = _candidate(candidates, company_id, candidate_id)
    theirs = [
        i
        for i in _all_interviews(interviews, company_id)
        if i.candidate_id == person.id or i.candidate.email.lower() == person.email.lower()
    ]
    return person, sorted(theirs, key=lambda i: i.created_at, reverse=True)


def _all_interviews(interviews: InterviewRepository, company_id: str) -> list[Interview]:
    found: list[Interview] = []
    cursor = None
    while True:
        page = interviews.page(
            company_id, status=None, template_id=None, reviewer_id=None, limit=100, cursor=cursor
        )
        found.extend(i for i, _ in page.items)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor
