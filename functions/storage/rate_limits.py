"""The request buckets (functions/domain/rate_limits.py): one item per subject,
`RATE#<subject>#<id>`, guarded by revision, expiring (TTL) an hour after its last use."""

from __future__ import annotations

from datetime import timedelta

from functions.domain.rate_limits import Bucket, Subject
from functions.storage import guarded


def _pk(subject: Subject, subject_id: str) -> str:
    return f"RATE#{subject.upper()}#{subject_id}"


class RateLimitRepository:
    def get(self, subject: Subject, subject_id: str) -> tuple[Bucket | None, int | None]:
        return guarded.read(_pk(subject, subject_id), "BUCKET", Bucket)

    def save(self, subject: Subject, subject_id: str, bucket: Bucket, revision: int | None) -> None:
        """Conflict when another request wrote the bucket since `revision` was read."""
        expires = int((bucket.updated_at + timedelta(hours=1)).timestamp())
        guarded.write(_pk(subject, subject_id), "BUCKET", "rate_limit", bucket, revision, expires)
