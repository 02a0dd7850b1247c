"""Reading the audit log (admins): filtered pages, and the same as CSV for an auditor."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from functions.audit.log import AuditEntry
from functions.domain.errors import InvalidInput
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.storage.audit import AuditLog

CSV_COLUMNS = tuple(AuditEntry.model_fields)


def list_audit_log(
    log: AuditLog,
    company_id: str,
    *,
    actor_id: str | None = None,
    action: str | None = None,
    target_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[AuditEntry]:
    if since and until and since > until:
        raise InvalidInput("since is after until; swap them or drop one")
    return log.page(
        company_id,
        actor_id=actor_id,
        action=action,
        target_id=target_id,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )


def to_csv(entries: Iterable[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = entry.model_dump(mode="json")
        writer.writerow(["" if row[c] is None else _cell(str(row[c])) for c in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: str) -> str:
    """No spreadsheet formula injection from a value (an id never starts so, but be safe)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
