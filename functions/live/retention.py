"""The retention purge of live interviews' recordings (issue 13 with issue 17's rules).

A live interview's retention clock starts when the call is over (no decision is taken on
it); the daily purge (functions/recordings/handlers.py) deletes every participant's recording
and the answers' clips once the company's period has run out, then records it on the live
interview, which takes it out of the purge's index (store.py: RETAINLIVE#).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from functions.domain.errors import Conflict
from functions.live.domain import object_prefixes
from functions.recordings.retention import Purge, purge_due

if TYPE_CHECKING:
    from functions.live.store import LiveInterviewRepository
    from functions.recordings.ports import RecordingStore
    from functions.storage.repositories import CompanyRepository


def purge_due_live_recordings(
    lives: LiveInterviewRepository,
    companies: CompanyRepository,
    store: RecordingStore,
    *,
    now: datetime,
    limit: int = 500,
) -> Purge:
    """Delete the recordings of up to `limit` live interviews due by `now`; the rest next run."""
    return purge_due(
        lives.retention_candidates,
        companies,
        lambda company_id, live_id: _purge(lives, store, company_id, live_id, now),
        now=now,
        limit=limit,
        id_field="live_interview_id",
    )


def _purge(
    lives: LiveInterviewRepository,
    store: RecordingStore,
    company_id: str,
    live_id: str,
    now: datetime,
) -> int:
    deleted = sum(store.delete_prefix(p) for p in object_prefixes(company_id, live_id))
    for _ in range(5):
        found = lives.get(company_id, live_id)
        if found is None or found[0].recordings_deleted_at is not None:
            return deleted
        live, revision = found
        answers = [a.model_copy(update={"clip_key": None}) for a in live.answers]
        purged = live.model_copy(update={"recordings_deleted_at": now, "answers": answers})
        try:
            lives.save(purged, revision)
        except Conflict:
            continue
        return deleted
    raise Conflict(f"live interview {live_id} is being changed concurrently")
