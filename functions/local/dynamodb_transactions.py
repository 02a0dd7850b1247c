"""moto's TransactWriteItems, made cheap and safe for a threaded server whose tables have streams.

moto backs a transaction up by deep-copying every table it writes, whole (items and stream
records), before applying its writes one by one, and rolls back a failed one by swapping the
copies in for the live tables. So every transaction costs time and memory in proportion to the
table: at a thousand interviews the API spent seconds and tens of megabytes copying per call.
The swap also took the live table's stream shard away from its readers (who then saw the
cancelled writes and nothing after) and lost the writes other threads made meanwhile.

Installed by `EmbeddedAws`, `AtomicTransactions` replaces it: under one lock that every item
write and stream read takes, it applies the writes as moto does, after copying only the item
each one is about to change; a failed transaction puts those items back, in the same live
table, and drops the stream records its writes added. Stream reads take the lock because moto
numbers records by their position: a reader that saw a record about to be rolled back would
skip the next write's record under the same number. Item reads (GetItem, and so BatchGetItem
and TransactGetItems; Query, Scan) take it too, as DynamoDB never shows a transaction's
writes before it commits: a GetItem between a transaction's first write and its rollback saw
a revision that later came back with other contents (a lost update under optimistic
locking: the analytics projectors running at once lost a count that way, once in a run).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

from functions.local.dynamodb_indexes import reindex

_ITEM_WRITES = ("put_item", "update_item", "delete_item")
_READS = ("query", "scan")  # their items are read whole between transactions
_OPERATIONS = {"ConditionCheck", "Put", "Delete", "Update"}
MAX_TRANSACTION_ITEMS = 100


def _holding(lock: threading.RLock, write: Callable[..., Any]) -> Callable[..., Any]:
    def locked(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return write(*args, **kwargs)

    return locked


def _holding_copy(lock: threading.RLock, read: Callable[..., Any]) -> Callable[..., Any]:
    """GetItem between transactions, as a copy: moto serializes the item after the call, and
    a transaction may change that object meanwhile (an Update in place) and roll it back."""

    def locked(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return copy.deepcopy(read(*args, **kwargs))

    return locked


class ItemUndo:
    """The items a transaction changes, as they were, and each stream's length before it."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.saved: list[tuple[Any, Any, Any, Any]] = []  # table, hash, range, item or None
        self.streams: dict[str, tuple[Any, int]] = {}

    def remember(self, table_name: str, key: dict[str, Any]) -> None:
        table = self.backend.get_table(table_name)
        if table_name not in self.streams:
            shard = table.stream_shard
            self.streams[table_name] = (table, len(shard.items) if shard else 0)
        hash_value, range_value = self.backend.get_keys_value(table, key)
        current = table.get_item(hash_value, range_value)
        self.saved.append((table, hash_value, range_value, copy.deepcopy(current)))

    def rollback(self) -> None:
        for table, hash_value, range_value, item in reversed(self.saved):
            _place(table, hash_value, range_value, item)
        for table, length in self.streams.values():
            if table.stream_shard is not None:
                del table.stream_shard.items[length:]


def _place(table: Any, hash_value: Any, range_value: Any, item: Any) -> None:
    """Put `item` back under its key (None: no item), writing no stream record; Query's
    partition maps follow (functions/local/dynamodb_indexes.py)."""
    _put_back(table, hash_value, range_value, item)
    reindex(table, hash_value, range_value)


def _put_back(table: Any, hash_value: Any, range_value: Any, item: Any) -> None:
    if range_value is None:
        if item is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = item
        return
    if item is None:
        table.items[hash_value].pop(range_value, None)
    else:
        table.items[hash_value][range_value] = item


def _key(backend: Any, operation: str, request: dict[str, Any]) -> dict[str, Any]:
    if operation != "Put":
        return dict(request["Key"])
    table = backend.get_table(request["TableName"])
    attrs = request["Item"]
    return {name: attrs[name] for name in table.table_key_attrs if name in attrs}


class ConditionFailed(Exception):
    """An item's condition is false: the reason moto gives, with the item when asked for."""

    def __init__(self, item: dict[str, Any] | None) -> None:
        super().__init__("The conditional request failed")
        self.item = item


def _check(backend: Any, table_name: str, key: dict[str, Any], request: dict[str, Any]) -> None:
    from moto.dynamodb.comparisons import get_filter_expression

    condition = request.get("ConditionExpression")
    if condition is None:
        return
    current = backend.get_item(table_name, key)
    expression = get_filter_expression(
        condition, request.get("ExpressionAttributeNames"), request.get("ExpressionAttributeValues")
    )
    if not expression.expr(current):
        wants_old = request.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
        old = current.to_json()["Attributes"] if wants_old and current else None
        raise ConditionFailed(old)


def _apply(backend: Any, operation: str, request: dict[str, Any], key: dict[str, Any]) -> None:
    """One write of the transaction, as moto's own TransactWriteItems makes it."""
    table_name = request["TableName"]
    conditions = {
        "condition_expression": request.get("ConditionExpression"),
        "expression_attribute_names": request.get("ExpressionAttributeNames"),
        "expression_attribute_values": request.get("ExpressionAttributeValues"),
    }
    if operation == "Put":
        backend.put_item(table_name, request["Item"], **conditions)
    elif operation == "Delete":
        backend.delete_item(table_name, key, **conditions)
    elif operation == "Update":
        backend.update_item(
            table_name, key, update_expression=request["UpdateExpression"], **conditions
        )


def _operation(transact_item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    from moto.dynamodb.exceptions import TransactWriteSingleOpException

    if len(transact_item) > 1:
        raise TransactWriteSingleOpException
    operation, request = next(iter(transact_item.items()))
    if operation not in _OPERATIONS:
        raise ValueError("Unsupported transaction operation")
    return operation, request


def _write(backend: Any, undo: ItemUndo, transact_item: dict[str, Any], seen: set[str]) -> None:
    from moto.dynamodb.exceptions import MultipleTransactionsException

    operation, request = _operation(transact_item)
    table_name = request["TableName"]
    key = _key(backend, operation, request)
    target = f"{table_name}\0{sorted(key.items())}"
    if target in seen:
        raise MultipleTransactionsException()
    seen.add(target)
    _check(backend, table_name, key, request)
    if operation != "ConditionCheck":
        undo.remember(table_name, key)
        _apply(backend, operation, request, key)


def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
    """moto's semantics (errors per item, cancellation reasons in order), item-sized backup."""
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
    )

    if len(transact_items) > MAX_TRANSACTION_ITEMS:
        raise TooManyTransactionsException()
    undo = ItemUndo(backend)
    seen: set[str] = set()
    errors: list[tuple[str | None, str | None, Any]] = []
    for transact_item in transact_items:
        try:
            _write(backend, undo, transact_item, seen)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            undo.rollback()
            raise
        except ConditionFailed as failed:
            errors.append(("ConditionalCheckFailed", str(failed), failed.item))
        except ConditionalCheckFailed as error:
            errors.append(("ConditionalCheckFailed", str(error.message), None))
        except Exception as error:  # moto reports any other failure as the item's reason
            errors.append((type(error).__name__, str(error), None))
    if any(code is not None for code, _, _ in errors):
        undo.rollback()
        raise TransactionCanceledException(errors)


class AtomicTransactions:
    def __init__(self) -> None:
        self._originals: dict[str, Any] = {}
        self._stream_read: Any = None
        self.lock = threading.RLock()

    def install(self) -> None:
        from moto.dynamodb.models import DynamoDBBackend
        from moto.dynamodb.models.table import StreamShard

        if self._originals:
            return
        for name in (*_ITEM_WRITES, *_READS, "get_item", "transact_write_items"):
            self._originals[name] = DynamoDBBackend.__dict__[name]
        for name in (*_ITEM_WRITES, *_READS):
            setattr(DynamoDBBackend, name, _holding(self.lock, self._originals[name]))
        get_item = _holding_copy(self.lock, self._originals["get_item"])
        setattr(DynamoDBBackend, "get_item", get_item)  # noqa: B010
        self._stream_read = StreamShard.__dict__["get"]
        setattr(StreamShard, "get", _holding(self.lock, self._stream_read))  # noqa: B010
        locked_transaction = _holding(self.lock, transact_write_items)
        setattr(DynamoDBBackend, "transact_write_items", locked_transaction)  # noqa: B010

    def uninstall(self) -> None:
        from moto.dynamodb.models import DynamoDBBackend
        from moto.dynamodb.models.table import StreamShard

        for name, original in self._originals.items():
            setattr(DynamoDBBackend, name, original)
        if self._originals:
            setattr(StreamShard, "get", self._stream_read)  # noqa: B010
        self._originals = {}
