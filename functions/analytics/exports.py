"""exportInterviews (CSV with the ATS's ids) and where exports and reports are kept: S3 under
reports/ (PDFs) and exports/ (large CSVs), served by presigned links."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

    from functions.domain.interviews import Interview
    from functions.storage.repositories import InterviewRepository

LINK_SECONDS = 3600
INLINE_CSV_BYTES = 4_000_000  # larger exports go to S3 (Lambda answers at most 6 MB)
PAGE = 100
COLUMNS = (
    "interview_id", "ats_source", "ats_job_id", "ats_candidate_id", "candidate_name",
    "candidate_email", "candidate_language", "template_id", "template_name", "template_version",
    "status", "invited_at", "started_at", "completed_at", "overall_score", "recommendation",
    "decision", "decided_at",
)  # fmt: skip


class StoredFile(BaseModel):
    url: str
    expires_in_seconds: int
    size_bytes: int
    key: str


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is quoted as text (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(i: Interview) -> list[str]:
    external = i.external
    analysis = i.analysis or {}
    return [_cell(v) for v in (
        i.id, external.source if external else None, external.job_id if external else None,
        external.candidate_id if external else None, i.candidate.name, i.candidate.email,
        i.candidate.language, i.template_id, i.template_name, i.template_version, i.status.value,
        i.invited_at.isoformat(), i.started_at.isoformat() if i.started_at else None,
        i.completed_at.isoformat() if i.completed_at else None, analysis.get("overall_score"),
        analysis.get("recommendation"), i.decision.outcome.value if i.decision else None,
        i.decision.decided_at.isoformat() if i.decision else None,
    )]  # fmt: skip


def interviews_csv(
    interviews: InterviewRepository,
    company_id: str,
    *,
    template_id: str | None,
    first: date | None,
    last: date | None,
) -> bytes:
    """Every interview of the company (or template) invited within [first, last], newest first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    cursor = None
    while True:
        page = interviews.page(
            company_id, status=None, template_id=template_id, reviewer_id=None, limit=PAGE,
            cursor=cursor,
        )  # fmt: skip
        for interview, _ in page.items:
            day = interview.created_at.date()
            if (first is None or day >= first) and (last is None or day <= last):
                writer.writerow(_row(interview))
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheets read UTF-8


def store(s3: S3Client, bucket: str, key: str, body: bytes, content_type: str) -> StoredFile:
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=LINK_SECONDS
    )
    return StoredFile(url=url, expires_in_seconds=LINK_SECONDS, size_bytes=len(body), key=key)
