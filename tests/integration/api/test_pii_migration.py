"""The migration command seals what was written before sealing (functions/storage/migrate_pii.py):
items in the former format (plaintext fields, emails in keys, a plain idempotent response) are
sealed and re-keyed, the API reads and finds them as before, and a second run changes nothing."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from pynamodb.models import Model

from functions import wiring
from functions.storage import pii, sealing
from functions.storage.migrate_pii import migrate
from functions.storage.records import DataKey, Record
from functions.storage.repositories import company_pk, email_pk
from tests.integration.api.conftest import Tenant, invite, published_template
from tests.integration.integrations.support import bearer, create_key

PERSON = {"name": "Ottoline Plaintext", "email": "ottoline.plaintext@legacy.example"}
MEMBER = {"name": "Barnaby Oldformat", "email": "barnaby.oldformat@legacy.example"}
WORDS = ("ottoline", "plaintext", "barnaby", "oldformat", "legacy.example")


def _put_raw(record: Record) -> None:
    """As the code before sealing wrote it: the model's plain serialization, no sealing."""
    item = Model.serialize(record)
    wiring.dynamodb().put_item(TableName=Record.Meta.table_name, Item=item)  # type: ignore[arg-type]


def _raw(company_id: str) -> list[dict[str, Any]]:
    client = wiring.dynamodb()
    items: list[dict[str, Any]] = []
    for pk in (company_pk(company_id), f"{company_pk(company_id)}#IDEMPOTENCY"):
        pages = client.get_paginator("query").paginate(
            TableName=Record.Meta.table_name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
        )
        items.extend(item for page in pages for item in page["Items"])
    for email in (MEMBER["email"],):
        claim = client.get_item(
            TableName=Record.Meta.table_name,
            Key={"pk": {"S": f"EMAIL#{email}"}, "sk": {"S": "EMAIL"}},
        )
        items.extend([claim["Item"]] if "Item" in claim else [])
    return items


def _in_clear(company_id: str) -> list[str]:
    return [
        f"{item['pk']['S']} / {item['sk']['S']}"
        for item in _raw(company_id)
        if any(word in json.dumps(item).lower() for word in WORDS)
    ]


def _to_former_format(tenant: Tenant, interview_id: str, user_id: str) -> None:
    pk = company_pk(tenant.company_id)
    interview = Record.get(pk, f"INTERVIEW#{interview_id}")
    data = interview.data.as_dict()
    interview.search = f"{PERSON['name']} {PERSON['email']} {data['template_name']}".lower()
    _put_raw(interview)
    user = Record.get(pk, f"USER#{user_id}")
    user.gsi1pk = f"EMAIL#{MEMBER['email']}"
    _put_raw(user)
    claim = Record.get(email_pk(MEMBER["email"]), "EMAIL")
    claim.delete()
    _put_raw(Record(f"EMAIL#{MEMBER['email']}", "EMAIL", kind="email_claim", data=claim.data))
    for candidate in Record.query(pk, Record.sk.startswith("CANDIDATE#")):
        candidate.gsi2pk = f"{pk}#CANDEMAIL#{candidate.data['email']}"
        _put_raw(candidate)
    for outbox in Record.query(pk, Record.sk.startswith("OUTBOX#")):
        _put_raw(outbox)
    client = wiring.dynamodb()
    pages = client.get_paginator("query").paginate(
        TableName=Record.Meta.table_name,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"{pk}#IDEMPOTENCY"}},
    )
    for item in (i for page in pages for i in page["Items"]):
        response = json.loads(item["response"]["S"])
        plain = sealing.open_value(tenant.company_id, "idempotency", response)
        item["response"] = {"S": json.dumps(plain)}
        client.put_item(TableName=Record.Meta.table_name, Item=item)


def test_the_command_seals_former_items_and_a_second_run_changes_nothing(
    client: TestClient, tenant: Tenant
) -> None:
    template = published_template(client, tenant.hr)
    headers = {**tenant.hr.headers, "Idempotency-Key": "legacy-1"}
    body = {"template_id": template["id"], "candidate": PERSON}
    interview = client.post("/interviews", json=body, headers=headers).json()
    member = client.post(
        "/users", json={**MEMBER, "role": "interviewer"}, headers=tenant.admin.headers
    ).json()
    imported = client.post(
        "/integrations/candidates",
        json={"source": "api", "candidates": [{"external_id": "legacy-1", **PERSON}]},
        headers=bearer(create_key(client, tenant.admin)),
    )
    assert imported.status_code == 200, imported.text
    invite(client, tenant.hr, template["id"])  # an item that is sealed already
    _to_former_format(tenant, interview["id"], member["id"])
    assert len(_in_clear(tenant.company_id)) >= 5  # the former format, as seeded

    first = migrate(wiring.dynamodb())
    assert first["claims_moved"] >= 1 and first["responses_sealed"] >= 1
    assert first["items_sealed"] >= 4
    assert _in_clear(tenant.company_id) == []
    assert migrate(wiring.dynamodb()) == {
        "claims_moved": 0,
        "responses_sealed": 0,
        "items_sealed": 0,
        "keys_moved": 0,
    }

    shown = client.get(f"/interviews/{interview['id']}", headers=tenant.hr.headers).json()
    assert shown["candidate"]["name"] == PERSON["name"]
    found = client.get("/interviews", params={"q": PERSON["email"]}, headers=tenant.hr.headers)
    assert [i["id"] for i in found.json()["items"]] == [interview["id"]]
    again = client.post("/interviews", json=body, headers=headers)  # the sealed saved response
    assert again.status_code == 201 and again.json()["id"] == interview["id"]
    assert wiring.users().by_email(MEMBER["email"]) is not None  # through the moved claim
    directory = client.get(
        "/candidates", params={"search": PERSON["email"]}, headers=tenant.hr.headers
    )
    assert [c["name"] for c in directory.json()["items"]] == [PERSON["name"]]


def _keys_in_platform_table() -> list[str]:
    pages = wiring.dynamodb().get_paginator("scan").paginate(TableName=Record.Meta.table_name)
    return [
        f"{item['pk']['S']} / {item['sk']['S']}"
        for page in pages
        for item in page["Items"]
        if item.get("kind", {}).get("S") == pii.LEGACY_KIND
    ]


def test_the_command_moves_keys_out_of_the_platform_table(
    client: TestClient, tenant: Tenant
) -> None:
    """Issue 17: keys written to the platform table before the keys table existed are read
    from there until the command moves them (then the table and its backups hold none)."""
    template = published_template(client, tenant.hr)
    interview = invite(client, tenant.hr, template["id"], candidate=PERSON)
    pk = company_pk(tenant.company_id)
    moved = list(DataKey.query(pk)) + list(DataKey.query(pii.KEYS_PK))
    assert len(moved) >= 3  # the company key, the candidate's, the blind-index key
    for key in moved:  # as the code before the keys table wrote them
        _put_raw(Record(key.pk, key.sk, kind=pii.LEGACY_KIND, data={"wrapped": key.wrapped}))
        key.delete()
    pii.ring().forget()
    shown = client.get(f"/interviews/{interview['id']}", headers=tenant.hr.headers).json()
    assert shown["candidate"]["name"] == PERSON["name"]  # read from where they were

    first = migrate(wiring.dynamodb())
    assert first["keys_moved"] >= len(moved)
    assert _keys_in_platform_table() == []
    assert {(k.pk, k.sk, k.wrapped) for k in moved} <= {
        (k.pk, k.sk, k.wrapped) for k in [*DataKey.query(pk), *DataKey.query(pii.KEYS_PK)]
    }
    assert migrate(wiring.dynamodb())["keys_moved"] == 0
    pii.ring().forget()
    shown = client.get(f"/interviews/{interview['id']}", headers=tenant.hr.headers).json()
    assert shown["candidate"]["name"] == PERSON["name"]
