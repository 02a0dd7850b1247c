"""The request buckets (functions/domain/rate_limits.py): one item per subject,
`RATE#<subject>#<id>`, guarded by revision, expiring (TTL) an hour after its last use."""

from __future__ import annotations

from datetime import timedelta

from functions.domain.rate_limits import Bucket, Subject
from functions.storage.records import Record
from functions.storage.repositories import _load, _save


def _pk(subject: Subject, subject_id: str) -> str:
    return f"RATE#{subject.upper()}#{subject_id}"


class RateLimitRepository:
    def get(self, subject: Subject, subject_id: str) -> tuple[Bucket | None, int | None]:
        try:
            record = Record.get(_pk(subject, subject_id), "BUCKET")
        except Record.DoesNotExist:
            return None, None
        return _load(Bucket, record), int(record.revision)

    def save(self, subject: Subject, subject_id: str, bucket: Bucket, revision: int | None) -> None:
        """Conflict when another request wrote the bucket since `revision` was read."""
        record = Record(
            _pk(subject, subject_id),
            "BUCKET",
            kind="rate_limit",
            data=bucket.model_dump(mode="json"),
            expires_at=int((bucket.updated_at + timedelta(hours=1)).timestamp()),
        )
        _save(record, revision, "the request rate")
