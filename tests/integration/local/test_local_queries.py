"""Query on the embedded AWS costs what DynamoDB's does (functions/local/dynamodb_indexes.py):
the items of one partition, on the base table and on a global secondary index, never the whole
table; and it answers exactly what moto's own walk over the table answers, after every kind of
write (put, update that moves or drops the index key, delete, batch, a cancelled transaction)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.dynamodb.models.table import Table

from functions.local.aws import EmbeddedAws

TABLE = "queries"


@pytest.fixture(scope="module")
def aws() -> Iterator[EmbeddedAws]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOCAL_VERIFY_QUERIES", "1")  # every Query also walked moto's way
        with EmbeddedAws(port=0, reset=True) as embedded:
            yield embedded


@pytest.fixture(scope="module")
def dynamodb(aws: EmbeddedAws) -> Any:
    client = boto3.client("dynamodb", endpoint_url=aws.endpoint_url)
    attributes = ["pk", "sk", "gsi1pk", "gsi1sk"]
    client.create_table(
        TableName=TABLE,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in attributes],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi1",
                "KeySchema": [
                    {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                    {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return client


def _item(pk: str, sk: str, group: str | None) -> dict[str, Any]:
    item = {"pk": {"S": pk}, "sk": {"S": sk}}
    if group is not None:
        item |= {"gsi1pk": {"S": group}, "gsi1sk": {"S": sk}}
    return item


def _query(dynamodb: Any, **request: Any) -> list[tuple[str, str]]:
    """Every page of a Query, as (pk, sk)."""
    found: list[tuple[str, str]] = []
    while True:
        page = dynamodb.query(TableName=TABLE, **request)
        found += [(i["pk"]["S"], i["sk"]["S"]) for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return found
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _by_group(model: dict[tuple[str, str], str | None], group: str) -> list[tuple[str, str]]:
    return sorted((k for k, g in model.items() if g == group), key=lambda k: (k[1], k[0]))


def test_queries_answer_what_the_table_holds_after_every_kind_of_write(
    aws: EmbeddedAws, dynamodb: Any
) -> None:
    rng = random.Random(7)
    model: dict[tuple[str, str], str | None] = {}  # (pk, sk) -> gsi1pk, kept by the test
    groups = ["G#a", "G#b", "G#c", None]

    def put(pk: str, sk: str, group: str | None) -> None:
        dynamodb.put_item(TableName=TABLE, Item=_item(pk, sk, group))
        model[(pk, sk)] = group

    for n in range(300):
        put(f"P#{n % 7}", f"S#{n:04d}", rng.choice(groups))
    # The index's map is built now, at this first Query: the writes below must keep it true.
    assert sorted(
        _query(
            dynamodb,
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :g",
            ExpressionAttributeValues={":g": {"S": "G#a"}},
        )
    ) == sorted(_by_group(model, "G#a"))
    for (pk, sk), _ in list(model.items())[:60]:  # move to another group, or out of the index
        group = rng.choice(groups)
        if group is None:
            dynamodb.update_item(
                TableName=TABLE,
                Key={"pk": {"S": pk}, "sk": {"S": sk}},
                UpdateExpression="REMOVE gsi1pk, gsi1sk",
            )
        else:
            dynamodb.update_item(
                TableName=TABLE,
                Key={"pk": {"S": pk}, "sk": {"S": sk}},
                UpdateExpression="SET gsi1pk = :g, gsi1sk = :s",
                ExpressionAttributeValues={":g": {"S": group}, ":s": {"S": sk}},
            )
        model[(pk, sk)] = group
    for pk, sk in list(model)[60:90]:
        dynamodb.delete_item(TableName=TABLE, Key={"pk": {"S": pk}, "sk": {"S": sk}})
        del model[(pk, sk)]
    dynamodb.batch_write_item(
        RequestItems={
            TABLE: [{"PutRequest": {"Item": _item("P#9", f"B#{n}", "G#b")}} for n in range(20)]
        }
    )
    model |= {("P#9", f"B#{n}"): "G#b" for n in range(20)}
    # A cancelled transaction: its first write is undone, in the table and in the index.
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": TABLE, "Item": _item("P#1", "T#undone", "G#a")}},
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": _item("P#2", "S#0002", "G#c"),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )

    for group in ("G#a", "G#b", "G#c"):
        found = _query(
            dynamodb,
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :g",
            ExpressionAttributeValues={":g": {"S": group}},
            Limit=7,
        )
        assert sorted(found) == sorted(_by_group(model, group)), group
    for pk in ("P#1", "P#3", "P#9"):
        expected = sorted(k for k in model if k[0] == pk)
        assert (
            _query(
                dynamodb,
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": pk}},
                Limit=5,
            )
            == expected
        )
        assert _query(
            dynamodb,
            KeyConditionExpression="pk = :p AND begins_with(sk, :s)",
            ExpressionAttributeValues={":p": {"S": pk}, ":s": {"S": "S#01"}},
            ScanIndexForward=False,
        ) == sorted((k for k in expected if k[1].startswith("S#01")), reverse=True)
        assert _query(
            dynamodb,
            KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
            ExpressionAttributeValues={
                ":p": {"S": pk},
                ":a": {"S": "S#0050"},
                ":b": {"S": "S#0150"},
            },
        ) == [k for k in expected if "S#0050" <= k[1] <= "S#0150"]
    assert aws.queries.mismatches == 0


def test_a_query_reads_one_partition_not_the_table(
    aws: EmbeddedAws, dynamodb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trend guard: with 2,000 other items in the table, neither a base-table nor an index
    Query makes moto list the table (it did for every Query)."""
    requests = [
        {"PutRequest": {"Item": _item(f"OTHER#{n % 40}", f"X#{n}", f"G#other{n % 40}")}}
        for n in range(2000)
    ]
    for start in range(0, len(requests), 25):
        dynamodb.batch_write_item(RequestItems={TABLE: requests[start : start + 25]})
    # The index's map is built at its first Query, from the table, once.
    _query(dynamodb, IndexName="gsi1", KeyConditionExpression="gsi1pk = :g",
           ExpressionAttributeValues={":g": {"S": "G#a"}})  # fmt: skip
    listed = 0
    walk = Table.all_items

    def counted(table: Table) -> Any:
        nonlocal listed
        listed += 1
        return walk(table)

    monkeypatch.setattr(Table, "all_items", counted)
    monkeypatch.setattr(aws.queries, "_verify", False)  # the walk itself would count
    dynamodb.put_item(TableName=TABLE, Item=_item("P#1", "S#late", "G#a"))
    found = _query(
        dynamodb,
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :g",
        ExpressionAttributeValues={":g": {"S": "G#a"}},
    )
    assert ("P#1", "S#late") in found
    _query(
        dynamodb, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "P#1"}}
    )
    assert listed == 0
