"""Opaque page cursors over DynamoDB's LastEvaluatedKey.

A cursor is only ever accepted for the partition it came from: a client that edits one to point
at another tenant's partition gets a 400, never another tenant's items nor a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from functions.domain.errors import InvalidInput

T = TypeVar("T")

_KEY_NAMES = frozenset({"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"})


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(last_evaluated_key: dict[str, Any] | None) -> str | None:
    if not last_evaluated_key:
        return None
    raw = json.dumps(last_evaluated_key, sort_keys=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, partition: tuple[str, str]) -> dict[str, Any] | None:
    """Decode and check a cursor; `partition` is (key attribute, expected value)."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key: dict[str, Any] = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("cursor is not valid; pass back next_cursor unchanged") from None
    if not _well_formed(key) or key.get(partition[0]) != {"S": partition[1]}:
        raise InvalidInput("cursor does not belong to this listing; start again without it")
    return key


def _well_formed(key: object) -> bool:
    if not isinstance(key, dict) or not key or not set(key) <= _KEY_NAMES:
        return False
    return all(
        isinstance(v, dict) and list(v) == ["S"] and isinstance(v["S"], str) for v in key.values()
    )
