"""The embedded AWS stays small as data grows (issue 11): a transaction copies the items it
writes, not its tables; stream records and shard iterators go once read; moto forgets the
objects it no longer holds. Guarded by memory and counts, never by time."""

from __future__ import annotations

import gc
from typing import Any

import boto3
import pytest

from functions.local.aws import EmbeddedAws

TABLE = "growth"
ITEMS = 1500
PADDING = "x" * 1000


@pytest.fixture(scope="module")
def dynamodb(embedded_aws: EmbeddedAws) -> Any:
    client = boto3.client("dynamodb", endpoint_url=embedded_aws.endpoint_url)
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return client


def _table() -> Any:
    from moto.dynamodb.models import dynamodb_backends

    return next(
        backend.tables[TABLE]
        for regions in dynamodb_backends.values()
        for backend in regions.values()
        if TABLE in backend.tables
    )


def _iterators() -> int:
    from moto.dynamodbstreams.models import dynamodbstreams_backends

    return sum(
        len(backend.shard_iterators)
        for regions in dynamodbstreams_backends.values()
        for backend in regions.values()
    )


def _fill(dynamodb: Any, prefix: str, count: int) -> None:
    for start in range(0, count, 25):
        batch = [
            {"PutRequest": {"Item": {"pk": {"S": f"{prefix}-{n}"}, "padding": {"S": PADDING}}}}
            for n in range(start, min(count, start + 25))
        ]
        dynamodb.batch_write_item(RequestItems={TABLE: batch})


class Reader:
    """Follows the stream as the outbox publisher does."""

    def __init__(self, dynamodb: Any, endpoint_url: str) -> None:
        self.streams = boto3.client("dynamodbstreams", endpoint_url=endpoint_url)
        arn = dynamodb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        self.iterator = self.streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]

    def read(self) -> list[str]:
        page = self.streams.get_records(ShardIterator=self.iterator, Limit=100)
        self.iterator = page["NextShardIterator"]
        return [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]]

    def read_all(self) -> list[str]:
        keys: list[str] = []
        while batch := self.read():
            keys += batch
        return keys


def test_a_transaction_copies_the_items_it_writes_not_the_table(
    dynamodb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.dynamodb.models.dynamo_type import Item

    _fill(dynamodb, "existing", ITEMS)
    copied: list[Any] = []
    copy_item = Item.__deepcopy__

    def counting(item: Any, memo: dict[int, Any]) -> Any:
        copied.append(item.hash_key)
        return copy_item(item, memo)

    monkeypatch.setattr(Item, "__deepcopy__", counting)
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "new"}}}},
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": {"pk": {"S": "existing-7"}},
                    "UpdateExpression": "SET seen = :yes",
                    "ExpressionAttributeValues": {":yes": {"BOOL": True}},
                }
            },
        ]
    )
    # moto copied the whole table, every item of it, around each transaction.
    assert len(copied) <= 4  # the updated item (by the transaction and by moto's update)
    assert dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": "existing-7"}})["Item"]["seen"]


def test_a_cancelled_transaction_restores_the_items_it_changed(dynamodb: Any) -> None:
    key = {"pk": {"S": "existing-8"}}
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException) as cancelled:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": key,
                        "UpdateExpression": "SET padding = :short",
                        "ExpressionAttributeValues": {":short": {"S": "changed"}},
                    }
                },
                {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "existing-9"}}}},
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": {"pk": {"S": "existing-10"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
            ]
        )
    reasons = cancelled.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "None", "ConditionalCheckFailed"]
    assert reasons[2]["Item"]["pk"] == {"S": "existing-10"}
    assert dynamodb.get_item(TableName=TABLE, Key=key)["Item"]["padding"]["S"] == PADDING
    assert "Item" in dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": "existing-9"}})


def test_stream_records_and_iterators_go_once_read(
    dynamodb: Any, embedded_aws: EmbeddedAws
) -> None:
    reader = Reader(dynamodb, embedded_aws.endpoint_url)
    reader.read_all()
    _fill(dynamodb, "streamed", 600)
    keys = reader.read_all()
    assert keys == [f"streamed-{n}" for n in range(600)]  # in order, none skipped
    reader.read()  # asking for what follows says the last batch was dealt with
    assert len(_table().stream_shard.items) == 0  # moto kept every record for ever
    assert _iterators() <= 4  # moto kept one iterator per GetRecords for ever

    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "after-trim"}})
    assert reader.read() == ["after-trim"]  # sequence numbers unchanged by the trim


def test_moto_forgets_objects_it_no_longer_holds(dynamodb: Any) -> None:
    from moto.dynamodb.models.dynamo_type import Item

    def live_items() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o) is Item)

    before = live_items()
    for n in range(300):  # the same item, rewritten: one item held, 299 replaced
        dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "rewritten"}, "n": {"N": str(n)}})
    assert live_items() - before < 50  # moto tracked every Item it ever made
