"""Candidates' data-protection rights (GDPR): admins export and erase a candidate's data and
decide the requests candidates make from the link in their emails; candidates make those
requests and download an approved export. Every admin operation is audited (ids only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from functions import wiring
from functions.api.deps import Admin, CandidateKeyring, PersonalData, PrivacyArchive
from functions.api.params import ResourceId
from functions.api.problems import Problem
from functions.api.schemas.privacy import (
    CandidateExportPublic,
    CandidateIdentity,
    DataRequestApproval,
    DataRequestCreate,
    DataRequestDenial,
    DataRequestList,
    DataRequestPublic,
    DataRequestReceipt,
    ErasurePublic,
)
from functions.domain.clock import utcnow
from functions.domain.errors import NotFound
from functions.privacy import links, use_cases
from functions.privacy.models import CandidateExport, DataRequest, ErasureReport, RequestStatus

router = APIRouter(prefix="/candidates/privacy", tags=["privacy"])
candidate_router = APIRouter(prefix="/candidate/privacy", tags=["privacy"])
DOWNLOAD_SECONDS = 300  # the candidate's click gets a link this fresh


def _export(link: use_cases.ExportLink) -> CandidateExportPublic:
    e = link.export
    return CandidateExportPublic(
        id=e.id, download_url=link.url, expires_in_seconds=link.expires_in_seconds,
        size_bytes=e.size_bytes, files=e.files, interviews=e.interviews,
        live_interviews=e.live_interviews,
        media_objects=e.media_objects, created_at=e.created_at,
    )  # fmt: skip


def _erasure(report: ErasureReport) -> ErasurePublic:
    return ErasurePublic(
        erasure_id=report.erasure.id if report.erasure else None,
        erased_at=report.erasure.erased_at if report.erasure else None,
        interviews_erased=report.interviews_erased,
        live_interviews_erased=report.live_interviews_erased,
        objects_deleted=report.objects_deleted,
        items_deleted=report.items_deleted,
    )


def _request(request: DataRequest) -> DataRequestPublic:
    return DataRequestPublic(**request.model_dump(exclude={"company_id", "language"}))


@router.post(
    "/exports",
    operation_id="exportCandidateData",
    response_model=CandidateExportPublic,
    status_code=status.HTTP_201_CREATED,
    responses={404: {"model": Problem, "description": "No candidate with this email"}},
)
def export_candidate_data(
    body: CandidateIdentity, admin: Admin, data: PersonalData, archive: PrivacyArchive
) -> CandidateExportPublic:
    """A zip of everything held about the candidate (their directory entries, every interview,
    answer, transcript, analysis, scorecard and comment, their consents, as JSON, and their
    recordings and media), in S3 under exports/; the answer carries a presigned link valid
    for 15 minutes. Made while you wait: a candidate's media are a few hundred MB at most."""
    link = use_cases.export_candidate_data(
        admin.company_id, body.email, data=data, archive=archive, actor_id=admin.id,
        now=utcnow(),
    )  # fmt: skip
    return _export(link)


@router.post("/erasures", operation_id="eraseCandidate", response_model=ErasurePublic)
def erase_candidate(
    body: CandidateIdentity,
    admin: Admin,
    data: PersonalData,
    archive: PrivacyArchive,
    keys: CandidateKeyring,
) -> ErasurePublic:
    """Deletes the candidate's recordings and media (every version), exports, interviews,
    answers and transcripts, analyses, comments, scorecards and directory entries, shreds their
    data key and leaves an anonymous tombstone; `candidate.erased` goes to webhooks. Analytics
    counts stay. Erasing someone already erased finds nothing and changes nothing."""
    report = use_cases.erase_candidate(
        admin.company_id, body.email, data=data, archive=archive, keys=keys,
        actor_id=admin.id, now=utcnow(),
    )  # fmt: skip
    return _erasure(report)


@router.get("/requests", operation_id="listDataRequests", response_model=DataRequestList)
def list_data_requests(
    admin: Admin,
    data: PersonalData,
    status_: Annotated[RequestStatus | None, Query(alias="status")] = None,
) -> DataRequestList:
    """Candidates' requests for their data or its erasure, newest first."""
    found = data.requests(admin.company_id)
    return DataRequestList(
        items=[_request(r) for r in found if status_ is None or r.status == status_]
    )


@router.post(
    "/requests/{request_id}/approve",
    operation_id="approveDataRequest",
    response_model=DataRequestApproval,
    responses={409: {"model": Problem, "description": "The request was already decided"}},
)
def approve_data_request(
    request_id: ResourceId,
    admin: Admin,
    data: PersonalData,
    archive: PrivacyArchive,
    keys: CandidateKeyring,
) -> DataRequestApproval:
    """An export is made and its download link emailed to the candidate (valid for 7 days);
    an erasure is carried out as eraseCandidate does, taking the request with it. 409 when
    the request was already decided."""
    now = utcnow()

    def send_export(request: DataRequest, export: CandidateExport) -> None:
        from functions.notifications.handlers import notifier
        from functions.notifications.use_cases import data_export_ready

        data_export_ready(notifier(), request, export.id, now)

    approval = use_cases.approve_request(
        admin.company_id, request_id, data=data, archive=archive, keys=keys,
        actor_id=admin.id, now=now, send_export=send_export,
    )  # fmt: skip
    return DataRequestApproval(
        request=_request(approval.request) if approval.request else None,
        export=_export(approval.export) if approval.export else None,
        erasure=_erasure(approval.erasure) if approval.erasure else None,
    )


@router.post(
    "/requests/{request_id}/deny",
    operation_id="denyDataRequest",
    response_model=DataRequestPublic,
    responses={409: {"model": Problem, "description": "The request was already decided"}},
)
def deny_data_request(
    request_id: ResourceId, body: DataRequestDenial, admin: Admin, data: PersonalData
) -> DataRequestPublic:
    """Refuses the request (the reason is kept for admins). 409 when already decided."""
    denied = use_cases.deny_request(
        admin.company_id, request_id, body.reason, data=data, actor_id=admin.id, now=utcnow()
    )
    return _request(denied)


# The candidate's side: the signed link from their email is the credential ----------------


@candidate_router.post(
    "/requests",
    operation_id="requestCandidateData",
    response_model=DataRequestReceipt,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        404: {"model": Problem, "description": "Nothing is held for this link any more"},
        422: {"model": Problem, "description": "The link's token is not valid"},
    },
)
def request_candidate_data(body: DataRequestCreate, data: PersonalData) -> DataRequestReceipt:
    """The candidate asks the company for a copy of their data (`export`) or its erasure
    (`erasure`); the company's admins approve or deny it. Asking again while a request of the
    same kind waits answers that request."""
    link = links.verify_request(body.token, wiring.unsubscribe_key())
    request = use_cases.request_from_email_link(link, body.kind, data=data, now=utcnow())
    return DataRequestReceipt(
        id=request.id, kind=request.kind, status=request.status, created_at=request.created_at
    )


@candidate_router.get(
    "/download",
    operation_id="downloadCandidateData",
    response_class=Response,
    status_code=status.HTTP_303_SEE_OTHER,
    responses={
        303: {"description": "A presigned link to the zip (5 minutes) in Location"},
        404: {"model": Problem, "description": "The export no longer exists"},
        410: {"model": Problem, "description": "The emailed link has expired"},
        422: {"model": Problem, "description": "The link's token is not valid"},
    },
)
def download_candidate_data(
    token: Annotated[str, Query(min_length=10, max_length=2048, description="From the email")],
    data: PersonalData,
    archive: PrivacyArchive,
) -> Response:
    """The link in the candidate's "your data is ready" email: a fresh presigned link to the
    zip each time, while the emailed link lasts (7 days)."""
    link = links.verify_download(token, wiring.unsubscribe_key(), utcnow())
    export = data.export(link.company_id, link.export_id)
    if export is None:
        raise NotFound("this export no longer exists; ask the company for a new one")
    url = archive.presigned_get(export.key, DOWNLOAD_SECONDS)
    return Response(status_code=status.HTTP_303_SEE_OTHER, headers={"Location": url})
