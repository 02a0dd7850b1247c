"""A cancelled TransactWriteItems on the embedded AWS: the table's stream keeps flowing and shows
nothing of the cancelled writes (functions/local/dynamodb_transactions.py), so the outbox
publisher neither publishes a cancelled event nor stops seeing new ones."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest

from functions.local.aws import EmbeddedAws

TABLE = "transactions-stream"


@pytest.fixture(scope="module")
def clients(embedded_aws: EmbeddedAws) -> tuple[Any, Any]:
    dynamodb = boto3.client("dynamodb", endpoint_url=embedded_aws.endpoint_url)
    dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return dynamodb, boto3.client("dynamodbstreams", endpoint_url=embedded_aws.endpoint_url)


class StreamReader:
    """Reads the stream as the local outbox publisher does: one iterator, followed."""

    def __init__(self, dynamodb: Any, streams: Any) -> None:
        arn = dynamodb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        self.streams = streams
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        self.iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
        )["ShardIterator"]

    def keys(self) -> list[str]:
        page = self.streams.get_records(ShardIterator=self.iterator)
        self.iterator = page["NextShardIterator"]
        return [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]]


def _put(key: str, **condition: Any) -> dict[str, Any]:
    return {"Put": {"TableName": TABLE, "Item": {"pk": {"S": key}}, **condition}}


def _keys(dynamodb: Any) -> set[str]:
    items = dynamodb.scan(TableName=TABLE, ConsistentRead=True)["Items"]
    return {i["pk"]["S"] for i in items}


def test_a_cancelled_transaction_leaves_no_trace_and_the_stream_flowing(
    clients: tuple[Any, Any],
) -> None:
    dynamodb, streams = clients
    reader = StreamReader(dynamodb, streams)
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "record"}})
    assert reader.keys() == ["record"]

    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(
            TransactItems=[
                _put("outbox-event"),  # applied by moto, then rolled back
                _put("record", ConditionExpression="attribute_not_exists(pk)"),
            ]
        )
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "later"}})

    assert reader.keys() == ["later"]  # not the cancelled event; and the later write
    assert _keys(dynamodb) == {"record", "later"}


def test_writes_during_a_cancelled_transaction_are_kept(clients: tuple[Any, Any]) -> None:
    dynamodb, _ = clients
    for n in range(0, 1000, 25):  # a table big enough for moto's copy of it to take a while
        batch = [{"PutRequest": {"Item": {"pk": {"S": f"old-{m}"}}}} for m in range(n, n + 25)]
        dynamodb.batch_write_item(RequestItems={TABLE: batch})
    keys = [f"parallel-{n}" for n in range(40)]

    def write_in_parallel() -> None:
        for key in keys:
            dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": key}})

    writer = threading.Thread(target=write_in_parallel)
    writer.start()
    for n in range(20):
        with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
            dynamodb.transact_write_items(
                TransactItems=[
                    _put(f"cancelled-{n}"),
                    _put("record", ConditionExpression="attribute_not_exists(pk)"),
                ]
            )
    writer.join()
    assert set(keys) <= _keys(dynamodb)
    assert not {k for k in _keys(dynamodb) if k.startswith("cancelled-")}


def test_reads_never_see_the_writes_of_a_transaction_that_is_cancelled(
    clients: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A transaction held between its first write and its rollback: a GetItem (and so a
    BatchGetItem) waits for it, then sees the committed item, as DynamoDB shows it."""
    from moto.dynamodb.models import dynamodb_backends

    from functions.local import dynamodb_transactions

    dynamodb, _ = clients
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "dirty"}, "v": {"S": "committed"}})
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "record"}})
    written, release = threading.Event(), threading.Event()
    apply = dynamodb_transactions._apply

    def held(backend: Any, operation: str, request: dict[str, Any], key: Any) -> None:
        apply(backend, operation, request, key)
        if key == {"pk": {"S": "dirty"}}:
            written.set()
            release.wait(10)

    monkeypatch.setattr(dynamodb_transactions, "_apply", held)

    def transaction() -> None:
        with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
            dynamodb.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": TABLE,
                             "Item": {"pk": {"S": "dirty"}, "v": {"S": "cancelled"}}}},
                    _put("record", ConditionExpression="attribute_not_exists(pk)"),
                ]
            )  # fmt: skip

    writer = threading.Thread(target=transaction)
    writer.start()
    assert written.wait(10)
    backend = next(
        b for regions in dynamodb_backends.values() for b in regions.values() if TABLE in b.tables
    )
    seen: list[str] = []
    reader = threading.Thread(
        target=lambda: seen.append(backend.get_item(TABLE, {"pk": {"S": "dirty"}}).attrs["v"].value)
    )
    reader.start()
    reader.join(0.5)
    assert seen == []  # the transaction is not over: the read waits
    release.set()
    writer.join(10)
    reader.join(10)
    assert seen == ["committed"]
    answer = dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": "dirty"}}, ConsistentRead=True)
    assert answer["Item"]["v"]["S"] == "committed"
