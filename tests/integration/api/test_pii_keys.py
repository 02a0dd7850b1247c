"""The keys behind sealed personal data (functions/storage/pii.py) against moto's KMS: wrapped
data keys per company and per candidate, the short-lived cache (one KMS call per company per
period), blind indexes instead of emails in keys, and crypto-shredding a candidate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from fastapi.testclient import TestClient

from functions import wiring
from functions.storage import pii, sealing
from functions.storage.records import DataKey, Record, as_dict
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, invite, published_template


def _raw(pk: str, sk: str) -> Any:
    return Record._get_connection().get_item(pk, sk, consistent_read=True).get("Item")


def _raw_key(pk: str, sk: str) -> Any:
    return DataKey._get_connection().get_item(pk, sk, consistent_read=True).get("Item")


def test_keys_are_stored_wrapped_and_emails_only_as_blind_indexes(
    client: TestClient, tenant: Tenant
) -> None:
    email = "Wrapped.Key@keys.example"
    invitation = invite(
        client,
        tenant.hr,
        published_template(client, tenant.hr)["id"],
        candidate={"name": "Keyed Person", "email": email},
    )
    index = pii.candidate_index(tenant.company_id, email)
    assert index == pii.candidate_index(tenant.company_id, " wrapped.key@KEYS.example ")
    assert index != pii.candidate_index("another-company", email)  # no link across tenants
    company_key = _raw_key(company_pk(tenant.company_id), pii.COMPANY_KEY_SK)
    candidate_key = _raw_key(company_pk(tenant.company_id), pii.candidate_key_sk(index))
    assert company_key["wrapped"]["S"] and candidate_key["wrapped"]["S"]  # in the keys table
    raw = _raw(company_pk(tenant.company_id), f"INTERVIEW#{invitation['id']}")
    sealed = raw["data"]["M"]["candidate"]["M"]["email"]["M"]
    assert sealed["$pii"]["S"] == f"k:{index}"  # sealed under the candidate's own key
    assert raw["search"]["S"] == index
    claim = _raw(f"EMAIL#{pii.user_index(tenant.hr.email)}", "EMAIL")
    assert claim is not None and claim["kind"]["S"] == "email_claim"
    assert _raw(f"EMAIL#{tenant.hr.email}", "EMAIL") is None


def test_one_kms_call_per_company_per_cache_period(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.hr)
    for n in range(5):
        invite(
            client, tenant.hr, template["id"], candidate={"name": f"P{n}", "email": f"p{n}@x.io"}
        )
    keys = pii.ring()
    keys.forget()
    before = keys.kms_calls
    listed = client.get("/interviews", params={"limit": 50}, headers=tenant.hr.headers)
    assert len(listed.json()["items"]) == 5
    # The company key, and the platform's index key (the signed-in profile is found by its
    # email's blind index); the five candidate keys are unwrapped by the company key, locally.
    assert keys.kms_calls - before == 2
    client.get("/interviews", params={"limit": 50}, headers=tenant.hr.headers)
    assert keys.kms_calls - before == 2  # cached


def test_a_value_moved_to_another_company_does_not_open(
    tenant: Tenant, other_tenant: Tenant
) -> None:
    sealed = sealing.seal_value(tenant.company_id, "probe", {"name": "Moved"})
    assert sealing.open_value(tenant.company_id, "probe", sealed) == {"name": "Moved"}
    with pytest.raises(InvalidTag):
        sealing.open_value(other_tenant.company_id, "probe", sealed)


def test_a_shredded_candidate_reads_as_erased_everywhere(
    client: TestClient, tenant: Tenant, make_tenant: Callable[..., Tenant]
) -> None:
    email = "shred.me@erase.example"
    template = published_template(client, tenant.hr)
    invitation = invite(
        client, tenant.hr, template["id"], candidate={"name": "Shred Me", "email": email}
    )
    bystander = invite(
        client, tenant.hr, template["id"], candidate={"name": "Keep Me", "email": "keep@x.io"}
    )
    pii.shred_candidate_key(tenant.company_id, email)
    pii.shred_candidate_key(tenant.company_id, email)  # idempotent
    pii.shred_candidate_key(tenant.company_id, "never.seen@erase.example")  # no key: no error
    shown = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers)
    assert shown.status_code == 200, shown.text
    assert shown.json()["candidate"]["name"] == sealing.ERASED_TEXT
    assert shown.json()["candidate"]["email"] == sealing.ERASED_EMAIL
    listed = client.get("/interviews", headers=tenant.hr.headers)
    assert listed.status_code == 200, listed.text
    kept = client.get(f"/interviews/{bystander['id']}", headers=tenant.hr.headers).json()
    assert kept["candidate"]["name"] == "Keep Me"
    # A later invitation to the same address gets a new key and reads normally.
    again = invite(
        client, tenant.hr, template["id"], candidate={"name": "Back Again", "email": email}
    )
    shown = client.get(f"/interviews/{again['id']}", headers=tenant.hr.headers).json()
    assert shown["candidate"]["name"] == "Back Again"
    old = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    assert old["candidate"]["name"] == sealing.ERASED_TEXT  # the new key opens none of the old


def test_a_name_search_reads_past_the_first_page_within_its_bound(
    client: TestClient, tenant: Tenant
) -> None:
    """Names are sealed, so `q` is matched on decrypted pages: up to SEARCH_READ_PAGES pages of
    `limit` items per request, then the cursor goes on."""
    from functions.storage.repositories import SEARCH_READ_PAGES

    template = published_template(client, tenant.hr)
    oldest = invite(
        client, tenant.hr, template["id"], candidate={"name": "Quinby Farpage", "email": "q@x.io"}
    )
    for n in range(SEARCH_READ_PAGES + 1):
        person = {"name": f"Other {n}", "email": f"o{n}@x.io"}
        invite(client, tenant.hr, template["id"], candidate=person)
    first = client.get(
        "/interviews", params={"q": "farpage", "limit": 1}, headers=tenant.hr.headers
    ).json()
    assert first["items"] == [] and first["next_cursor"]  # the bound: 10 read, none matched
    second = client.get(
        "/interviews",
        params={"q": "farpage", "limit": 1, "cursor": first["next_cursor"]},
        headers=tenant.hr.headers,
    ).json()
    assert [i["id"] for i in second["items"]] == [oldest["id"]]
    two = client.get(
        "/interviews", params={"q": "other", "limit": 2}, headers=tenant.hr.headers
    ).json()
    assert [i["candidate"]["name"] for i in two["items"]] == ["Other 10", "Other 9"]


def test_a_backup_of_the_table_taken_before_a_shred_does_not_open_after_it(
    client: TestClient, tenant: Tenant
) -> None:
    """Issue 17: the wrapped keys live in their own table, which keeps no backup. A copy of the
    platform table from before the erasure (a point-in-time backup), restored after it, holds
    the candidate's ciphertext but not the key: it reads as erased. The bystander still opens."""
    template = published_template(client, tenant.hr)
    person = {"name": "Backed Up", "email": "backed.up@shred.example"}
    shredded = invite(client, tenant.hr, template["id"], candidate=person)
    kept = invite(client, tenant.hr, template["id"], candidate={"name": "Kept", "email": "k@x.io"})
    db, table = wiring.dynamodb(), wiring.get_settings().table_name
    pages = db.get_paginator("query").paginate(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": company_pk(tenant.company_id)}},
    )
    backup = [item for page in pages for item in page["Items"]]
    assert len(backup) >= 3

    pii.shred_candidate_key(tenant.company_id, person["email"])
    for item in backup:  # the backup restored over the table
        db.put_item(TableName=table, Item=item)
    pii.ring().forget()  # a new process: nothing cached

    index = pii.candidate_index(tenant.company_id, person["email"])
    with pytest.raises(pii.KeyErased):
        pii.ring().candidate_key(tenant.company_id, index, create=False)
    shown = client.get(f"/interviews/{shredded['id']}", headers=tenant.hr.headers).json()
    assert shown["candidate"]["name"] == sealing.ERASED_TEXT
    assert shown["candidate"]["email"] == sealing.ERASED_EMAIL
    restored = next(i for i in backup if i["sk"]["S"] == f"INTERVIEW#{shredded['id']}")
    assert as_dict(Record.from_raw_data(restored).data)["candidate"]["name"] == sealing.ERASED_TEXT
    other = client.get(f"/interviews/{kept['id']}", headers=tenant.hr.headers).json()
    assert other["candidate"]["name"] == "Kept"

    keys = [
        f"{item['pk']['S']} / {item['sk']['S']}"
        for page in db.get_paginator("scan").paginate(TableName=table)
        for item in page["Items"]
        if item["sk"]["S"].startswith("DEK#") or item["pk"]["S"] == pii.KEYS_PK
    ]
    assert keys == []  # the platform table holds ciphertext only
