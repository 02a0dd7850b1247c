"""One item that many requests read and rewrite (sign-in and sign-up counts, request buckets):
read with its revision, written only over that revision (Conflict otherwise), with a TTL."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from functions.storage import pii
from functions.storage.records import Record
from functions.storage.repositories import _load, _save

M = TypeVar("M", bound=BaseModel)


def digest(value: str) -> str:
    """A keyed HMAC of an email or address (functions/storage/pii.py), so the key keeps neither
    in clear and cannot be reversed by hashing guesses without the platform's index key."""
    return pii.ring().digest(value)


def read(pk: str, sk: str, model: type[M]) -> tuple[M | None, int | None]:
    """The item and its revision; (None, None) when there is none."""
    try:
        record = Record.get(pk, sk)
    except Record.DoesNotExist:
        return None, None
    return _load(model, record), int(record.revision)


def write(
    pk: str, sk: str, kind: str, value: BaseModel, revision: int | None, expires_at: int | None
) -> None:
    """Over `revision` only (None: a new item); Conflict when someone wrote meanwhile."""
    record = Record(pk, sk, kind=kind, data=value.model_dump(mode="json"), expires_at=expires_at)
    # Counters and buckets, not a member's change: no audit entry (functions/storage/audit.py).
    _save(record, revision, f"the {kind.replace('_', ' ')}", audited=False)
