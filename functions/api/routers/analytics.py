"""HR analytics (issue 14): figures from the projections, comparisons, CSV and PDF exports."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field

from functions import wiring
from functions.analytics.comparison import Comparison
from functions.analytics.exports import StoredFile
from functions.analytics.reads import AnalyticsReport
from functions.api.deps import CurrentUser, Interviews, Manager, Templates
from functions.api.params import ResourceId
from functions.api.problems import Problem
from functions.api.routers.scorecards import Scorecards
from functions.domain.clock import utcnow
from functions.domain.errors import InvalidInput
from functions.settings import get_settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

    from functions.analytics.store import AnalyticsStore

Store = Annotated["AnalyticsStore", Depends(wiring.analytics_store)]
S3 = Annotated["S3Client", Depends(wiring.s3)]

# Under /company: a new top-level segment would take CloudFront behaviours (quota 25, all used).
router = APIRouter(prefix="/company/analytics", tags=["analytics"])

PERIOD_DAYS = {"week": 7, "month": 30, "quarter": 91, "year": 365}
MAX_DAYS = 3660
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


def _period(
    period: Literal["week", "month", "quarter", "year"], first: date | None, last: date | None
) -> tuple[date, date]:
    for field, day in (("from", first), ("to", last)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise InvalidInput(f"{field}: must lie between {EARLIEST} and {LATEST}")
    today = utcnow().date()
    end = last or today
    start = first or end - timedelta(days=PERIOD_DAYS[period] - 1)
    if start > end:
        raise InvalidInput("from: must not be after to")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput(f"from: a period spans at most {MAX_DAYS} days")
    return start, end


@router.get(
    "",
    operation_id="getAnalytics",
    response_model=AnalyticsReport,
    responses={404: {"model": Problem, "description": "No such template in your company"}},
)
def get_analytics(
    user: Manager,
    store: Store,
    templates: Templates,
    template_id: Annotated[ResourceId | None, Query(description="one template (position)")] = None,
    language: Annotated[
        Literal["en", "ru", "de", "es"] | None,
        Query(description="the candidates' (interviews') language; fairness is by answer"),
    ] = None,
    period: Annotated[
        Literal["week", "month", "quarter", "year"],
        Query(description="the last 7, 30, 91 or 365 days up to `to` (today by default)"),
    ] = "month",
    first: Annotated[date | None, Query(alias="from", description="first day (UTC)")] = None,
    last: Annotated[date | None, Query(alias="to", description="last day (UTC), inclusive")] = None,
) -> AnalyticsReport:
    """Funnel, step times, time-to-hire, completion time, score distribution, AI/human
    agreement, question effectiveness (with one template) and language fairness, for the
    interviews invited in the period: a bounded number of reads whatever their number."""
    from functions.analytics.reads import get_analytics as read

    start, end = _period(period, first, last)
    return read(
        store, templates, user.company_id, template_id=template_id, language=language,
        first=start, last=end,
    )  # fmt: skip


class CompareRequest(BaseModel):
    interview_ids: list[ResourceId] = Field(min_length=2, max_length=6)


@router.post("/comparisons", operation_id="compareInterviews", response_model=Comparison)
def compare_interviews(
    body: CompareRequest,
    user: CurrentUser,
    repo: Interviews,
    scorecards: Scorecards,
    templates: Templates,
) -> Comparison:
    """2-6 interviews of one template side by side: per-question and per-criterion scores,
    recommendations, the reviewers' scorecards when there are any, and decisions (422 for
    interviews of several templates)."""
    from functions.analytics.comparison import compare
    from functions.collaboration.scorecards import view_scorecards

    return compare(
        repo,
        user,
        body.interview_ids,
        user.language,
        human=lambda interview: view_scorecards(scorecards, templates, user, interview).summary,
    )


@router.get(
    "/interviews.csv",
    operation_id="exportInterviews",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        303: {"description": "A large export: its presigned S3 link in Location"},
    },
)
def export_interviews(
    user: Manager,
    repo: Interviews,
    s3: S3,
    template_id: Annotated[ResourceId | None, Query()] = None,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """The interviews as CSV with the ATS's job and candidate ids (UTF-8 with a BOM)."""
    from functions.analytics import exports

    body = exports.interviews_csv(
        repo, user.company_id, template_id=template_id, first=first, last=last
    )
    if len(body) <= exports.INLINE_CSV_BYTES:
        disposition = 'attachment; filename="interviews.csv"'
        return Response(body, media_type="text/csv", headers={"Content-Disposition": disposition})
    key = f"exports/{user.company_id}/{secrets.token_hex(16)}.csv"
    stored = exports.store(s3, get_settings().uploads_bucket, key, body, "text/csv")
    return Response(status_code=status.HTTP_303_SEE_OTHER, headers={"Location": stored.url})


def _pdf(s3: S3Client, company_id: str, body: bytes) -> StoredFile:
    from functions.analytics import exports

    key = f"reports/{company_id}/{secrets.token_hex(16)}.pdf"
    return exports.store(s3, get_settings().uploads_bucket, key, body, "application/pdf")


@router.post(
    "/reports/interviews/{interview_id}",
    operation_id="exportInterviewReport",
    response_model=StoredFile,
    status_code=status.HTTP_201_CREATED,
)
def export_interview_report(
    interview_id: ResourceId, user: CurrentUser, repo: Interviews, s3: S3
) -> StoredFile:
    """A PDF of one interview in the reader's language (radar chart, scores with reasons and
    evidence, transcript excerpts), stored in S3: a presigned link valid for an hour."""
    from functions.analytics.comparison import result_of
    from functions.analytics.reports import interview_report
    from functions.interviews.use_cases import get_interview

    interview, _, answers = get_interview(repo, user, interview_id)
    result = result_of(interview, answers, user.language)
    return _pdf(s3, user.company_id, interview_report(result, user.language))


@router.post(
    "/reports/comparisons",
    operation_id="exportComparisonReport",
    response_model=StoredFile,
    status_code=status.HTTP_201_CREATED,
)
def export_comparison_report(
    body: CompareRequest, user: CurrentUser, repo: Interviews, s3: S3
) -> StoredFile:
    """A PDF of 2-6 interviews of one template, their radar charts overlaid."""
    from functions.analytics.comparison import compare
    from functions.analytics.reports import comparison_report

    comparison = compare(repo, user, body.interview_ids, user.language)
    return _pdf(s3, user.company_id, comparison_report(comparison, user.language))
