"""The daily purge of recordings past their company's retention period (issue 17).

The interview's index entry (gsi4, keys only) holds when its retention clock started, so the
purge reads only index keys to tell what is due: a company's period is one read per company
per run, and an interview costs a read and a write only on the day it is purged. Objects go
first (every version: the bucket is versioned), then the interview records the purge, which
takes it out of the index; a purge cut off between the two deletes nothing twice and is
finished by the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.domain.errors import Conflict
from functions.domain.retention import (
    DEFAULT_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    add_months,
)
from functions.observability import logger

if TYPE_CHECKING:
    from functions.recordings.ports import RecordingStore
    from functions.storage.repositories import CompanyRepository, InterviewRepository


class Purge(BaseModel):
    due: int = 0  # interviews whose recordings were due
    purged: int = 0  # of those, purged in this run
    objects_deleted: int = 0  # S3 object versions and delete markers removed
    failed: int = 0  # left for the next run (logged)


def recording_prefixes(company_id: str, interview_id: str) -> tuple[str, ...]:
    """Where an interview's recordings (candidates.use_cases.answer_key) and what the pipeline
    made from them (media.use_cases.media_prefix: video, audio, images, captions) are kept."""
    return (f"answers/{company_id}/{interview_id}/", f"media/{company_id}/{interview_id}/")


def purge_due_recordings(
    interviews: InterviewRepository,
    companies: CompanyRepository,
    store: RecordingStore,
    *,
    now: datetime,
    limit: int = 500,
) -> Purge:
    """Delete the recordings of up to `limit` interviews due by `now`; the rest next run."""
    return purge_due(
        interviews.retention_candidates,
        companies,
        lambda company_id, interview_id: _purge(interviews, store, company_id, interview_id, now),
        now=now,
        limit=limit,
        id_field="interview_id",
    )


# (company id, item id, when its retention clock started)
Candidates = Callable[[datetime], Iterable[tuple[str, str, datetime]]]


def purge_due(
    candidates: Candidates,
    companies: CompanyRepository,
    purge: Callable[[str, str], int],
    *,
    now: datetime,
    limit: int,
    id_field: str,
) -> Purge:
    """The purge's one loop, for interviews and live interviews alike: of the items whose clock
    started before `candidates`' bound, those past their company's period are due; `purge`
    deletes one (returning the objects deleted) for up to `limit` of them, the rest next run.
    One item's failure is logged under `id_field` and left for the next run."""
    result = Purge()
    periods: dict[str, int] = {}
    # No company keeps recordings for less than the minimum: nothing younger can be due.
    for company_id, item_id, started in candidates(add_months(now, -MIN_RETENTION_MONTHS)):
        if company_id not in periods:
            company = companies.get(company_id)
            periods[company_id] = (
                company.recording_retention_months if company else DEFAULT_RETENTION_MONTHS
            )
        if add_months(started, periods[company_id]) > now:
            continue
        result.due += 1
        if result.purged + result.failed >= limit:
            continue  # counted as due; purged by the next run
        try:
            result.objects_deleted += purge(company_id, item_id)
        except Exception:  # one item's failure must not stop the others; retried tomorrow
            logger.exception("recordings purge failed", extra={id_field: item_id})
            result.failed += 1
            continue
        result.purged += 1
    return result


def _purge(
    interviews: InterviewRepository,
    store: RecordingStore,
    company_id: str,
    interview_id: str,
    now: datetime,
) -> int:
    deleted = sum(store.delete_prefix(p) for p in recording_prefixes(company_id, interview_id))
    for _ in range(5):
        found = interviews.get(company_id, interview_id)
        if found is None or found[0].recordings_deleted_at is not None:
            return deleted
        interview, revision = found
        try:
            interviews.save(interview.model_copy(update={"recordings_deleted_at": now}), revision)
        except Conflict:
            continue  # changed meanwhile (a late note, a reminder): read it again
        logger.info(
            "recordings purged",
            extra={"interview_id": interview_id, "objects_deleted": deleted},
        )
        return deleted
    raise Conflict(f"interview {interview_id} is being changed concurrently")
