"""Company API keys: `ik_live_<12 hex>_<43 url-safe chars>`, shown once, stored as SHA-256.

The key carries 256 random bits, so a plain SHA-256 (no slow hash) is enough: nobody can guess
one, and the hash finds the key in one index look-up. The visible prefix tells keys apart.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.errors import Forbidden, NotFound, Unauthenticated
from functions.domain.ids import new_id
from functions.integrations.hooks import unsubscribe_key
from functions.integrations.models import ApiKey, Scope

if TYPE_CHECKING:
    from functions.integrations.store import ApiKeyRepository
    from functions.webhooks.repository import WebhookRepository

KEY_PREFIX = "ik_live_"


class IssuedKey(BaseModel):
    """A new key and its secret; the secret exists only in this response."""

    key: ApiKey
    secret: str


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(
    keys: ApiKeyRepository, admin: User, *, name: str, scopes: list[Scope]
) -> IssuedKey:
    key_id = new_id()
    secret = f"{KEY_PREFIX}{secrets.token_hex(6)}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        company_id=admin.company_id,
        id=key_id,
        name=name,
        prefix=secret[: len(KEY_PREFIX) + 12],
        key_hash=hash_key(secret),
        scopes=sorted(set(scopes)),
        created_by=admin.id,
        created_at=utcnow(),
    )
    keys.add(key)
    return IssuedKey(key=key, secret=secret)


def revoke_api_key(
    keys: ApiKeyRepository, hooks: WebhookRepository, admin: User, key_id: str
) -> ApiKey:
    """The key stops working, and the REST hooks it subscribed stop receiving events (a
    revoked integration must not keep being sent the company's data)."""
    found = keys.get(admin.company_id, key_id)
    if found is None:
        raise NotFound(f"api key {key_id} not found")
    key, revision = found
    if key.active:
        key = key.model_copy(update={"revoked_at": utcnow()})
        keys.save(key, revision)
    unsubscribe_key(hooks, key)  # also when revoked already: a retry finishes the job
    return key


def authenticate_key(keys: ApiKeyRepository, secret: str | None) -> ApiKey:
    """The active key for this secret, or 401 (the same answer for unknown and revoked keys)."""
    if not secret or not secret.startswith(KEY_PREFIX):
        raise Unauthenticated("send a company API key as 'Authorization: Bearer ik_live_...'")
    key = keys.by_hash(hash_key(secret))
    if key is None or not key.active:
        raise Unauthenticated("this API key is not valid or was revoked")
    return key


def require_scope(key: ApiKey, scope: Scope) -> None:
    if scope not in key.scopes:
        raise Forbidden(f"this API key lacks the scope {scope}; create a key that has it")
