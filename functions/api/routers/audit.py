"""The audit log: who changed what, when and from where (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime, BaseModel, Field

from functions.api.deps import Admin, AuditLogs
from functions.audit import use_cases
from functions.audit.log import AuditEntry

router = APIRouter(prefix="/company/audit-log", tags=["audit"])

Id = Annotated[str | None, Query(max_length=100, pattern=r"^[A-Za-z0-9_#.:-]+$")]


class AuditLogPage(BaseModel):
    items: list[AuditEntry]
    next_cursor: str | None = Field(
        default=None, description="Pass back as `cursor` for the next (older) page"
    )


@router.get(
    "",
    operation_id="listAuditLog",
    response_model=AuditLogPage,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "The page as JSON, or with format=csv as CSV (the next page's "
            "cursor in the X-Next-Cursor header)",
        }
    },
)
def list_audit_log(
    admin: Admin,
    log: AuditLogs,
    actor_id: Annotated[Id, Query(description="A user's or API key's id")] = None,
    action: Annotated[Id, Query(description="An operation, e.g. updateCompany")] = None,
    target_id: Annotated[Id, Query(description="A changed item's key, e.g. USER#<id>")] = None,
    since: Annotated[AwareDatetime | None, Query(description="From (inclusive)")] = None,
    until: Annotated[AwareDatetime | None, Query(description="Until (inclusive)")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> AuditLogPage | Response:
    """Every change made by the company's members and API keys, newest first: who (id and
    role), what (the operation), which item (kind and key), when, from which address and in
    which request (the X-Correlation-Id of its answer). Entries name ids, never personal data;
    nobody can change or delete them."""
    page = use_cases.list_audit_log(
        log,
        admin.company_id,
        actor_id=actor_id,
        action=action,
        target_id=target_id,
        since=_utc(since),
        until=_utc(until),
        limit=limit,
        cursor=cursor,
    )
    if format == "csv":
        headers = {"Content-Disposition": 'attachment; filename="audit-log.csv"'}
        if page.next_cursor:
            headers["X-Next-Cursor"] = page.next_cursor
        return Response(use_cases.to_csv(page.items), media_type="text/csv", headers=headers)
    return AuditLogPage(items=page.items, next_cursor=page.next_cursor)


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone() if moment else None
