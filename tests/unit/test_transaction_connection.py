"""Transactions share one PynamoDB connection per table binding: a Connection made per write
meant a new botocore session and client, parsing DynamoDB's service model again every time
(about 0.1 s of CPU per transactional write, several per answer on its critical path)."""

from __future__ import annotations

from functions.settings import Settings
from functions.storage import repositories
from functions.storage.records import Record, bind_table


def test_transactions_reuse_one_connection_per_endpoint() -> None:
    saved = (Record.Meta.table_name, Record.Meta.region, Record.Meta.host)
    try:
        bind_table(Settings(stage="local", aws_endpoint_url="http://127.0.0.1:4001"))
        first = repositories._connection()
        assert repositories._connection() is first
        bind_table(Settings(stage="local", aws_endpoint_url="http://127.0.0.1:4002"))
        moved = repositories._connection()
        assert moved is not first
        assert moved.host == "http://127.0.0.1:4002"
    finally:
        Record.Meta.table_name, Record.Meta.region, Record.Meta.host = saved
        Record._connection = None
