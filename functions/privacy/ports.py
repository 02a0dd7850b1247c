"""The outside things the privacy use cases need, as protocols (adapters: store.py on the
table, archive.py on S3, functions/storage/candidate_keys.py for the candidate's data key)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from functions.domain.interviews import Interview
from functions.events.catalog import Event
from functions.integrations.models import CandidateProfile
from functions.live.domain import LiveInterview
from functions.privacy.models import CandidateExport, DataRequest, Erasure


class PersonalData(Protocol):
    """The company's items in the table that name or describe a candidate."""

    def directory_entries(self, company_id: str, email: str) -> list[CandidateProfile]: ...

    def interviews(self, company_id: str) -> Iterator[Interview]:
        """Every interview of the company (one Query of its partition, paged)."""
        ...

    def interview(self, company_id: str, interview_id: str) -> Interview | None: ...

    def live_interviews(self, company_id: str) -> Iterator[LiveInterview]:
        """Every live interview of the company (one Query of its LIVE# items, paged)."""
        ...

    def live_interview(self, company_id: str, live_id: str) -> LiveInterview | None: ...

    def interview_items(self, company_id: str, interview_id: str) -> dict[str, list[Any]]:
        """The interview's answers, analyses, comments and scorecards as stored (JSON)."""
        ...

    def live_items(self, company_id: str, live_id: str) -> dict[str, list[Any]]:
        """The live interview's notes and the candidate's confirmed transcript lines (JSON)."""
        ...

    def keep_analytics(self, interview: Interview) -> None:
        """Make sure the interview's anonymous analytics facts exist (derived from what is
        stored when the projector never saw it), so counts outlive the interview."""
        ...

    def exports(self, company_id: str, email: str) -> list[CandidateExport]: ...

    def add_export(self, export: CandidateExport) -> None: ...

    def requests(self, company_id: str, email: str | None = None) -> list[DataRequest]: ...

    def request(self, company_id: str, request_id: str) -> tuple[DataRequest, int] | None: ...

    def add_request(self, request: DataRequest) -> None: ...

    def save_request(self, request: DataRequest, revision: int) -> int: ...

    def erase_mentions(self, company_id: str, needles: Iterable[str]) -> int:
        """Delete the company's short-lived items (outbox events, webhook deliveries, in-app
        notifications, idempotent responses, exports, requests) that contain any of `needles`;
        the count."""
        ...

    def erase_interview_parts(self, company_id: str, interview_id: str) -> int:
        """Delete the interview's answers, analyses, comments and scorecards; the count."""
        ...

    def erase_live_parts(self, company_id: str, live_id: str) -> int:
        """Delete the live interview's signalling connections (and their pointers), the
        interviewers' notes and the transcript lines; the count."""
        ...

    def finish_erasure(
        self, erasure: Erasure, interview_ids: list[str], candidate_ids: list[str], event: Event
    ) -> None:
        """One transaction: the interviews (and the live interviews the tombstone lists) and
        directory entries go, the tombstone and its event (outbox) come, with the actor's audit
        entry."""
        ...


class Archive(Protocol):
    """Candidates' objects in the uploads bucket and the export zips beside them."""

    def objects(self, prefix: str) -> list[str]:
        """The keys (current versions) under `prefix`."""
        ...

    def write_zip(self, key: str, files: Iterable[tuple[str, bytes | str]]) -> int:
        """Stream a zip to `key`: each file is its bytes, or (a str) the key of an object to
        copy in. The zip's size in bytes."""
        ...

    def presigned_get(self, key: str, expires_in: int) -> str: ...

    def delete_prefix(self, prefix: str) -> int:
        """Every object, version and delete marker under `prefix`; the count."""
        ...


class CandidateKeys(Protocol):
    def shred_candidate_key(self, company_id: str, email: str) -> None:
        """Delete the candidate's wrapped data key, so every copy of their encrypted personal
        data (backups included) becomes unreadable. Doing it twice is harmless."""
        ...
