"""An audit entry: who (user or API key id and role) did what (the API operation) to which item
(kind and key), when, from which address, in which request. Ids only: never a name, an email or
free text. How entries are stored beside the changes: functions/storage/audit.py."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from functions.audit.context import Actor, ActorKind
from functions.domain.clock import utcnow
from functions.domain.ids import new_id


class AuditEntry(BaseModel):
    id: str
    at: datetime
    actor_id: str
    actor_kind: ActorKind
    actor_role: str
    action: str
    target_kind: str
    target_id: str
    source_ip: str | None = None
    request_id: str | None = None


def entry_for(actor: Actor, target_kind: str, target_id: str) -> AuditEntry:
    return AuditEntry(
        id=new_id(),
        at=utcnow(),
        actor_id=actor.actor_id,
        actor_kind=actor.kind,
        actor_role=actor.role,
        action=actor.action,
        target_kind=target_kind,
        target_id=target_id,
        source_ip=actor.source_ip,
        request_id=actor.request_id,
    )
