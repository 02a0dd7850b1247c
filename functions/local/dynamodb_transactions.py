"""moto's TransactWriteItems, made safe for a threaded server whose tables have streams.

moto applies a transaction's writes one by one and, when one fails (a revision guard's
condition, say), rolls back by putting a deep copy of each table, taken before the transaction,
in place of the live table. The live table's stream shard leaves with it: stream readers hold
iterators on that shard, which keeps the rolled-back writes' records and never gets another
one, so the outbox publisher would publish events of a cancelled write and then nothing at all
(no webhook, no email) until a restart; and a write another thread made meanwhile is lost.

Installed by `EmbeddedAws`: every item write and every stream read takes one lock, and after a
rollback the live table takes the copy's items back and drops the stream records of the
rolled-back writes. Stream reads wait too because moto numbers records by their position: a
reader that saw a rolled-back record would skip the next write's record under the same number.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_ITEM_WRITES = ("put_item", "update_item", "delete_item")


def _holding(lock: threading.RLock, write: Callable[..., Any]) -> Callable[..., Any]:
    def locked(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return write(*args, **kwargs)

    return locked


def _live_tables(backend: Any, transact_items: list[dict[str, Any]]) -> dict[str, Any]:
    """Each table the transaction writes, with its stream's length before it."""
    names = {op.get("TableName") for item in transact_items for op in item.values()}
    tables = {name: backend.tables[name] for name in names if name in backend.tables}
    return {
        name: (table, len(table.stream_shard.items) if table.stream_shard else 0)
        for name, table in tables.items()
    }


def _keep_live_tables(backend: Any, before: dict[str, Any]) -> None:
    """Undo moto's swap of a rolled-back table for its copy: same table, same stream."""
    for name, (live, stream_length) in before.items():
        restored = backend.tables.get(name)
        if restored is None or restored is live:
            continue
        live.items = restored.items
        if live.stream_shard is not None:
            del live.stream_shard.items[stream_length:]
        backend.tables[name] = live


class AtomicTransactions:
    def __init__(self) -> None:
        self._originals: dict[str, Any] = {}
        self._stream_read: Any = None

    def install(self) -> None:
        from moto.dynamodb.models import DynamoDBBackend
        from moto.dynamodb.models.table import StreamShard

        if self._originals:
            return
        lock = threading.RLock()
        for name in (*_ITEM_WRITES, "transact_write_items"):
            self._originals[name] = DynamoDBBackend.__dict__[name]
        for name in _ITEM_WRITES:
            setattr(DynamoDBBackend, name, _holding(lock, self._originals[name]))
        self._stream_read = StreamShard.__dict__["get"]
        setattr(StreamShard, "get", _holding(lock, self._stream_read))  # noqa: B010
        transact = self._originals["transact_write_items"]

        def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
            with lock:
                before = _live_tables(backend, transact_items)
                try:
                    transact(backend, transact_items)
                finally:
                    _keep_live_tables(backend, before)

        setattr(DynamoDBBackend, "transact_write_items", transact_write_items)  # noqa: B010

    def uninstall(self) -> None:
        from moto.dynamodb.models import DynamoDBBackend
        from moto.dynamodb.models.table import StreamShard

        for name, original in self._originals.items():
            setattr(DynamoDBBackend, name, original)
        if self._originals:
            setattr(StreamShard, "get", self._stream_read)  # noqa: B010
        self._originals = {}
