"""Taking part in a live interview: the candidate's link and consent, the interviewers' private
notes, and each participant's recording of the call (issue 13).

Recordings use the answers' resumable multipart upload (RecordingStore), one per participant,
under live/<company>/<live id>/<recording id>.<ext> (not answers/: the answer pipeline never
sees them; domain.object_prefixes names them for retention, export and erasure). The server
stamps `started_at` when the upload is created: the browser starts its MediaRecorder at once,
so the recording's clock is the server's from that moment on.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.domain.clock import utcnow
from functions.domain.companies import Language
from functions.domain.consent import Consent, check_consent_choice
from functions.domain.errors import (
    Conflict,
    ConsentRequired,
    Gone,
    InvalidInput,
    NotFound,
    Unauthenticated,
    UploadRejected,
)
from functions.domain.ids import new_id
from functions.domain.interviews import hash_token
from functions.domain.recording_files import recording_extension
from functions.live.domain import (
    LATE_GRACE,
    OPEN_LIVE_STATUSES,
    LiveInterview,
    LiveRecording,
    LiveStatus,
    RecordingStatus,
    object_prefixes,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from functions.live.store import LiveInterviewRepository, LiveNoteRepository
    from functions.recordings.ports import RecordingStore
    from functions.settings import Settings

CANDIDATE = "candidate"


# The candidate's link -------------------------------------------------------------------------


def open_live_session(lives: LiveInterviewRepository, token: str) -> tuple[LiveInterview, int]:
    """The live interview of a candidate's link token (401 for an unknown one)."""
    found = lives.by_token_hash(hash_token(token)) if token else None
    if found is None:
        raise Unauthenticated(
            "this live interview link is not valid; open the latest link from your invitation"
        )
    again = lives.get(found.company_id, found.id)
    if again is None:
        raise Unauthenticated("this live interview link is not valid")
    return again


def _ensure_not_closed(live: LiveInterview) -> None:
    if live.status is LiveStatus.CANCELLED:
        raise Gone(f"live interview {live.id} was cancelled")


def give_live_consent(
    lives: LiveInterviewRepository,
    live: LiveInterview,
    revision: int,
    *,
    text_version: str,
    language: Language,
    recording_and_ai_analysis: bool,
    human_review_only: bool,
) -> Consent:
    """As giveConsent: the same consent again changes nothing; other choices replace it until
    the candidate's recording started, and are refused after (409)."""
    _ensure_not_closed(live)
    if live.status is LiveStatus.ENDED:
        raise Gone(f"live interview {live.id} has ended")
    check_consent_choice(text_version, recording_and_ai_analysis)
    for _ in range(3):
        current = live.consent
        if current is not None and current.same_choice(text_version, language, human_review_only):
            return current
        if current is not None and any(r.role == CANDIDATE for r in live.recordings):
            raise Conflict(
                "consent was given with other choices and recording has started; it cannot "
                "be changed now: ask the recruiter instead"
            )
        consent = Consent(
            consented_at=utcnow(),
            text_version=text_version,
            language=language,
            recording_and_ai_analysis=True,
            human_review_only=human_review_only,
        )
        try:
            lives.save(live.model_copy(update={"consent": consent}), revision)
        except Conflict:
            live, revision = _reload(lives, live)
            continue
        return consent
    raise Conflict(f"live interview {live.id} is being changed concurrently; try again")


def _reload(lives: LiveInterviewRepository, live: LiveInterview) -> tuple[LiveInterview, int]:
    found = lives.get(live.company_id, live.id)
    if found is None:
        raise NotFound(f"live interview {live.id} not found")
    return found


# Recordings -----------------------------------------------------------------------------------


class RecordingGrant(BaseModel):
    recording: LiveRecording
    part_size_bytes: int
    part_urls: list[str]
    max_bytes: int
    expires_at: datetime


def _update(
    lives: LiveInterviewRepository,
    live: LiveInterview,
    revision: int,
    change: Callable[[LiveInterview], LiveInterview],
) -> LiveInterview:
    """Apply `change` over the stored revision, reading again after a parallel write."""
    for _ in range(5):
        updated = change(live)
        if updated is live:
            return live
        try:
            lives.save(updated, revision)
        except Conflict:
            live, revision = _reload(lives, live)
            continue
        return updated
    raise Conflict(f"live interview {live.id} is being changed concurrently; try again")


def create_recording(
    lives: LiveInterviewRepository,
    store: RecordingStore,
    settings: Settings,
    live: LiveInterview,
    revision: int,
    *,
    participant_id: str,
    role: str,
    content_type: str,
) -> RecordingGrant:
    """A multipart upload for one participant's recording, while the room is open; the
    candidate's only after their consent (409 consent-required)."""
    now = utcnow()
    _ensure_not_closed(live)
    if live.status not in OPEN_LIVE_STATUSES or not live.room_open(now):
        raise Conflict(f"live interview {live.id} is not open: recordings start during the call")
    if role == CANDIDATE and (live.consent is None or not live.consent.recording_and_ai_analysis):
        raise ConsentRequired()
    if content_type not in settings.answer_content_types:
        allowed = ", ".join(settings.answer_content_types)
        raise InvalidInput(f"content_type {content_type!r} is not accepted; use one of {allowed}")
    recording_id = new_id()
    ext = recording_extension(content_type)
    key = f"{object_prefixes(live.company_id, live.id)[0]}{recording_id}.{ext}"
    recording = LiveRecording(
        recording_id=recording_id,
        participant_id=participant_id,
        role="candidate" if role == CANDIDATE else "interviewer",
        started_at=now,
        object_key=key,
        content_type=content_type,
        multipart_upload_id=store.start_multipart(key, content_type),
    )
    _update(
        lives,
        live,
        revision,
        lambda current: current.model_copy(update={"recordings": [*current.recordings, recording]}),
    )
    return _grant(store, settings, recording, now)


def _grant(
    store: RecordingStore, settings: Settings, recording: LiveRecording, now: datetime
) -> RecordingGrant:
    ttl = settings.upload_url_ttl_seconds
    part = settings.multipart_part_bytes
    count = math.ceil(settings.live_recording_max_bytes / part)
    upload_id = recording.multipart_upload_id or ""
    urls = [
        store.presigned_part_url(recording.object_key, upload_id, n, ttl)
        for n in range(1, count + 1)
    ]
    return RecordingGrant(
        recording=recording,
        part_size_bytes=part,
        part_urls=urls,
        max_bytes=settings.live_recording_max_bytes,
        expires_at=now + timedelta(seconds=ttl),
    )


def _own_recording(live: LiveInterview, recording_id: str, participant_id: str) -> LiveRecording:
    found = live.recording(recording_id)
    if found is None or found.participant_id != participant_id:
        raise NotFound(f"recording {recording_id} not found")
    return found


def _completion_open(live: LiveInterview, now: datetime) -> None:
    _ensure_not_closed(live)
    end = live.ended_at or live.ends_at
    if now > max(end, live.ends_at) + LATE_GRACE:
        raise Gone(
            f"recordings of live interview {live.id} could be sent until {LATE_GRACE} after its end"
        )


def renew_recording_parts(
    store: RecordingStore,
    settings: Settings,
    live: LiveInterview,
    *,
    recording_id: str,
    participant_id: str,
) -> RecordingGrant:
    """Fresh part URLs for an unfinished recording (the old ones expired, or a reload)."""
    now = utcnow()
    _completion_open(live, now)
    recording = _own_recording(live, recording_id, participant_id)
    if recording.status is not RecordingStatus.UPLOADING:
        raise Conflict(f"recording {recording_id} is complete; start a new one instead")
    return _grant(store, settings, recording, now)


def complete_recording(
    lives: LiveInterviewRepository,
    store: RecordingStore,
    live: LiveInterview,
    revision: int,
    *,
    recording_id: str,
    participant_id: str,
    parts: list[tuple[int, str]],
    on_completed: Callable[[LiveInterview, LiveRecording], None] | None = None,
) -> LiveRecording:
    """Assemble the parts; completing twice has one effect. `on_completed` hears of a newly
    completed recording (the analysis after the call waits for the candidate's)."""
    now = utcnow()
    _completion_open(live, now)
    recording = _own_recording(live, recording_id, participant_id)
    if recording.status is RecordingStatus.UPLOADED:
        return recording
    if not parts:
        raise InvalidInput("parts is required: [{part_number, etag}] of every part sent")
    store.complete_multipart(recording.object_key, recording.multipart_upload_id or "", parts)
    stored = store.head(recording.object_key)
    if stored is None:
        raise UploadRejected(
            f"no recording has arrived for {recording_id}; upload it, then complete"
        )
    done = recording.model_copy(
        update={
            "status": RecordingStatus.UPLOADED,
            "size_bytes": stored.size_bytes,
            "completed_at": now,
            "multipart_upload_id": None,
        }
    )

    def mark(current: LiveInterview) -> LiveInterview:
        recordings = [done if r.recording_id == recording_id else r for r in current.recordings]
        return current.model_copy(update={"recordings": recordings})

    updated = _update(lives, live, revision, mark)
    if on_completed is not None:
        on_completed(updated, done)
    return done


# Notes ----------------------------------------------------------------------------------------


def save_notes(notes: LiveNoteRepository, live: LiveInterview, user_id: str, text: str) -> None:
    """The member's own notes on the interview (replacing theirs; nobody else reads them)."""
    notes.put(live.company_id, live.id, user_id, text, utcnow())
