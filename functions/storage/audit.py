"""Audit entries: append-only items beside the changes they record.

    audit entry  pk=AUDIT#<cid>  sk=<id>   (ids are time-ordered: newest first by Query)

An entry is written in the same TransactWriteItems as the change (functions/storage/
repositories.py and the other stores call `audit_records`), conditional on its key being new,
so it can neither be lost nor overwrite another. It names ids only: who (user or API key id and
role), what (the API operation), which item (kind and key), when, from which address, in which
request; never a name, an email or free text. No code path updates or deletes one, and in the
cloud every function role carries an explicit Deny of UpdateItem, DeleteItem, BatchWriteItem and
PartiQL writes on the AUDIT# partitions (cdk/access.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from functions.audit.context import current_actor
from functions.audit.log import AuditEntry, entry_for
from functions.storage.pages import Page, decode_cursor, encode_cursor
from functions.storage.records import Record

# Items that are part of another change or of the platform's bookkeeping, not a change an
# actor made: their main record's entry covers them (an email claim's key holds the address).
_NOT_AUDITED = frozenset({"email_claim", "outbox", "usage", "idempotency", "audit"})


def audit_pk(company_id: str) -> str:
    return f"AUDIT#{company_id}"


def entry_record(company_id: str, entry: AuditEntry) -> Record:
    return Record(
        audit_pk(company_id),
        entry.id,
        kind="audit",
        data=entry.model_dump(mode="json"),
    )


def target_of(record: Record) -> tuple[str, str]:
    """(kind, id) of a changed item: its sort key names it without personal data."""
    return str(record.kind), str(record.sk)


def audit_records(
    changed: Record, *, deleted: bool = False, entry_id: str | None = None
) -> list[Record]:
    """The audit entry for a change to `changed` by the current actor (none without one);
    `entry_id` names it when the write must be repeatable (a client request token)."""
    actor = current_actor()
    if actor is None or changed.kind in _NOT_AUDITED:
        return []
    kind, target = target_of(changed)
    if deleted:
        kind = f"{kind}.deleted"
    entry = entry_for(actor, kind, target)
    if entry_id is not None:
        entry = entry.model_copy(update={"id": entry_id})
    return [entry_record(actor.company_id, entry)]


def new_only() -> Any:
    """The condition every audit put carries: a new key, never an overwrite."""
    return Record.pk.does_not_exist()


class AuditLog:
    """Reads only: entries are written with the changes they record."""

    def add(self, company_id: str, entry: AuditEntry) -> None:
        """An entry with no item change beside it (a sign-in)."""
        entry_record(company_id, entry).save(condition=new_only())

    def page(
        self,
        company_id: str,
        *,
        actor_id: str | None,
        action: str | None,
        target_id: str | None,
        since: datetime | None,
        until: datetime | None,
        limit: int,
        cursor: str | None,
    ) -> Page[AuditEntry]:
        """Newest first; filters inside the company's own partition (pages may come back short
        and next_cursor goes on)."""
        pk = audit_pk(company_id)
        condition: Any = None
        for attribute, value in (
            ("actor_id", actor_id),
            ("action", action),
            ("target_id", target_id),
        ):
            if value:
                check = Record.data[attribute] == value
                condition = check if condition is None else condition & check
        range_key: Any = None
        low, high = (
            (new_id_at(since) if since else None),
            (new_id_at(until, end=True) if until else None),
        )
        if low and high:
            range_key = Record.sk.between(low, high)
        elif low:
            range_key = Record.sk >= low
        elif high:
            range_key = Record.sk <= high
        results = Record.query(
            pk,
            range_key,
            filter_condition=condition,
            limit=limit,
            page_size=limit,
            scan_index_forward=False,
            last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
        )
        items = [AuditEntry.model_validate(r.data.as_dict()) for r in results]
        return Page(items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def new_id_at(moment: datetime, *, end: bool = False) -> str:
    """The smallest (or, with `end`, the largest) id made at `moment` (ids start with hex ms)."""
    millis = f"{int(moment.timestamp() * 1000):012x}"
    return millis + ("f" * 14 if end else "0" * 14)
