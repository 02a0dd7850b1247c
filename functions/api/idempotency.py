"""Idempotency-Key on the POSTs that create something: a retried request (a dropped connection,
a double click) gets the first response back instead of creating a second invitation, template,
team member or upload attempt. Powertools' idempotency utility keeps the records in the
platform table, in the caller's own tenant partition, for 24 hours, the saved response sealed
under the company's data key (functions/storage/sealing.py: it names candidates and members)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header
from pydantic import BaseModel

from functions import wiring
from functions.domain.errors import Conflict, InvalidInput
from functions.settings import get_settings

RETENTION_SECONDS = 24 * 3600

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Any unique string per intended operation; a retry with the same key "
        "and body returns the first response",
    ),
]


def run_once(
    key: str | None,
    *,
    tenant: str,
    operation: str,
    caller: str,
    payload: dict[str, Any],
    action: Callable[[], BaseModel],
) -> dict[str, Any]:
    """Run `action` once per (tenant, operation, caller, key); replay its JSON afterwards."""
    if not key:
        return action().model_dump(mode="json")
    # Imported here: Powertools' idempotency brings boto3, which most requests never need.
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    from functions.storage import sealing  # cryptography's bindings, for these requests only

    store = DynamoDBPersistenceLayer(
        table_name=get_settings().table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=f"COMPANY#{tenant}#IDEMPOTENCY",
        expiry_attr="expires_at",
        status_attr="idempotency_status",
        data_attr="response",
        boto3_client=wiring.dynamodb(),
    )
    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="payload",
        expires_after_seconds=RETENTION_SECONDS,
    )

    @idempotent_function(data_keyword_argument="request", persistence_store=store, config=config)  # type: ignore[untyped-decorator]
    def once(request: dict[str, Any]) -> dict[str, Any]:
        # The saved response names people (a candidate, a member): stored sealed.
        return sealing.seal_value(tenant, "idempotency", action().model_dump(mode="json"))

    try:
        sealed = once(request={"key": f"{operation}:{caller}:{key}", "payload": payload})
        result: dict[str, Any] = sealing.open_value(tenant, "idempotency", sealed)
    except IdempotencyValidationError:
        raise InvalidInput(
            "this Idempotency-Key was already used with a different request; use a new key"
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict(
            "a request with this Idempotency-Key is still being processed; retry in a moment"
        ) from None
    return result
