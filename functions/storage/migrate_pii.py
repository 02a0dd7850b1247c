"""Seal personal data written before it was sealed: python -m functions.storage.migrate_pii
(`make migrate-pii`; the stage's APP_* settings say which table and KMS key).

One pass over the table (a Scan: an operator's command, never a request path), idempotent:
    - items of a kind in functions/storage/sealing.py whose fields are still in clear, or whose
      keys still hold an email (a profile's gsi1pk, an interview's search attribute, a directory
      entry's gsi2pk) are written again through their repository's record, which seals the
      fields and sets the blind indexes; over the revision read, keeping it;
    - an email claim keyed by the address (pk EMAIL#<email>) moves to its blind index;
    - a saved idempotent response in clear is sealed under its company's key;
    - a wrapped data key (kind data_key: DEK#COMPANY, DEK#CANDIDATE#..., PII#KEYS) moves to the
      keys table (functions/storage/pii.py): put there unless a key is there already, then
      deleted here, so the platform table and its backups hold ciphertext only.
Sign-in and sign-up counters keyed by the former unkeyed digest are left to expire (minutes to
hours). Running it again changes nothing; an item changed meanwhile by a request (its revision
moved on) is skipped, and was sealed by that write.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.domain.companies import User
from functions.domain.interviews import Interview
from functions.integrations.models import CandidateProfile
from functions.storage import pii, sealing
from functions.storage.records import DataKey, Record, as_dict
from functions.storage.repositories import (
    InterviewRepository,
    UserRepository,
    _connection,
    _is_condition_failure,
    email_pk,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def _raw_items(client: DynamoDBClient) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator("scan").paginate(TableName=Record.Meta.table_name):
        yield from page["Items"]


def _text(raw: dict[str, Any], name: str) -> str:
    return str(raw.get(name, {}).get("S", ""))


def _in_clear(raw: dict[str, Any]) -> bool:
    """Some field the catalog seals is stored as plain JSON, or a key attribute holds an email."""
    kind = _text(raw, "kind")
    if any("@" in _text(raw, key) for key in ("gsi1pk", "gsi2pk", "search")):
        return True
    if kind == "interview" and " " in _text(raw, "search"):
        return True
    spec = sealing.SEALED.get(kind)
    if spec is None or "data" not in raw:
        return False
    # Read as a kind the catalog does not know, so nothing is opened: the fields as stored.
    data = as_dict(Record.from_raw_data({**raw, "kind": {"S": "raw"}}).data)
    for path in spec.paths:
        value: Any = data
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None and not sealing.is_sealed(value):
            return True
    return False


def _rewritten(record: Record) -> Record:
    """The item as its repository writes it now (blind indexes), or as read for other kinds."""
    data = as_dict(record.data)
    if record.kind == "user":
        fresh = UserRepository()._record(User.model_validate(data))
    elif record.kind == "interview":
        fresh = InterviewRepository()._record(Interview.model_validate(data))
    elif record.kind == "candidate":
        from functions.integrations.store import CandidateRepository

        fresh = CandidateRepository()._record(CandidateProfile.model_validate(data))
    else:
        return record
    fresh.revision = record.revision
    return fresh


def _seal_item(raw: dict[str, Any]) -> bool:
    record = Record.from_raw_data(raw)  # opens what is sealed, reads the rest as it is
    fresh = _rewritten(record)
    try:
        fresh.save(condition=Record.revision == record.revision)
    except PutError as error:
        if _is_condition_failure(error):
            return False  # a request wrote it meanwhile (and sealed it)
        raise
    return True


def _move_claim(raw: dict[str, Any]) -> bool:
    email = _text(raw, "pk").removeprefix("EMAIL#")
    old = Record.from_raw_data(raw)
    new = Record(email_pk(email), "EMAIL", kind="email_claim", data=as_dict(old.data))
    try:
        with TransactWrite(connection=_connection()) as transaction:
            transaction.save(new, condition=Record.pk.does_not_exist())
            transaction.delete(old)
    except TransactWriteError as error:
        if not _is_condition_failure(error):
            raise
        old.delete()  # the blind-index claim exists already: the address one is left over
    return True


def _seal_response(client: DynamoDBClient, raw: dict[str, Any]) -> bool:
    pk, sk, response = _text(raw, "pk"), _text(raw, "sk"), _text(raw, "response")
    if not response or sealing.is_sealed(json.loads(response)):
        return False
    company_id = pk.removeprefix("COMPANY#").removesuffix("#IDEMPOTENCY")
    sealed = json.dumps(sealing.seal_value(company_id, "idempotency", json.loads(response)))
    with suppress(client.exceptions.ConditionalCheckFailedException):  # replaced meanwhile
        client.update_item(
            TableName=Record.Meta.table_name,
            Key={"pk": {"S": pk}, "sk": {"S": sk}},
            UpdateExpression="SET #r = :after",
            ConditionExpression="#r = :before",
            ExpressionAttributeNames={"#r": "response"},
            ExpressionAttributeValues={":after": {"S": sealed}, ":before": {"S": response}},
        )
    return True


def _move_key(client: DynamoDBClient, raw: dict[str, Any]) -> bool:
    """The key item into the keys table (a key already there wins: it is the one in use), then
    out of the platform table, only if it is still the item read."""
    key = {"pk": raw["pk"], "sk": raw["sk"]}
    wrapped = str(as_dict(Record.from_raw_data(raw).data)["wrapped"])
    with suppress(client.exceptions.ConditionalCheckFailedException):
        client.put_item(
            TableName=DataKey.Meta.table_name,
            Item={**key, "wrapped": {"S": wrapped}},
            ConditionExpression="attribute_not_exists(pk)",
        )
    with suppress(client.exceptions.ConditionalCheckFailedException):
        client.delete_item(
            TableName=Record.Meta.table_name,
            Key=key,
            ConditionExpression="kind = :kind",
            ExpressionAttributeValues={":kind": {"S": pii.LEGACY_KIND}},
        )
    return True


def migrate(client: DynamoDBClient) -> dict[str, int]:
    """One pass over the bound table; how many items each step changed."""
    done: Counter[str] = Counter()
    for raw in _raw_items(client):
        pk, kind = _text(raw, "pk"), _text(raw, "kind")
        if kind == pii.LEGACY_KIND:
            done["keys_moved"] += _move_key(client, raw)
        elif kind == "email_claim" and "@" in pk:
            done["claims_moved"] += _move_claim(raw)
        elif pk.endswith("#IDEMPOTENCY") and "response" in raw:
            done["responses_sealed"] += _seal_response(client, raw)
        elif kind and _in_clear(raw):
            done["items_sealed"] += _seal_item(raw)
    return {
        "claims_moved": 0,
        "responses_sealed": 0,
        "items_sealed": 0,
        "keys_moved": 0,
        **done,
    }


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    from functions import wiring

    wiring.users()  # binds the table and installs the key ring from the stage's settings
    print(json.dumps(migrate(wiring.dynamodb())))


if __name__ == "__main__":
    main()
