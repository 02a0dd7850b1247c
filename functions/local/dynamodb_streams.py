"""moto's DynamoDB Streams, made to forget what its readers consumed.

moto keeps every stream record of a table for as long as the process lives, and every shard
iterator it ever handed out (one per GetRecords call, so several a second from an idle reader).
DynamoDB Streams keeps records 24 hours and an iterator 15 minutes.

Installed by `EmbeddedAws`, `TrimmedStreams`:
- keeps an iterator 15 minutes from its creation, and forgets it sooner once its reader has
  moved on: reading with the iterator a GetRecords returned retires the one it came from;
- drops a shard's records that every live iterator has passed (the reader that asks for the
  records after a batch has dealt with that batch), and any older than 24 hours. A shard's
  sequence numbers stay as they were (moto numbers records by position: the shard's starting
  number moves past the dropped ones);
- wakes waiting readers when a record is added (`STREAM_WRITES`), so a local reader can block
  instead of polling several times a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from functions.local.wakeups import Wakeups

ITERATOR_SECONDS = 15 * 60
RETENTION = timedelta(hours=24)


STREAM_WRITES = Wakeups()  # a record was added to a stream


def expired_iterator(arn: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError("ExpiredIteratorException", f"Iterator expired: {arn[:40]}...")


def _forget_expired(iterators: dict[str, Any], now: float) -> None:
    for arn in [a for a, it in iterators.items() if now - it.created > ITERATOR_SECONDS]:
        del iterators[arn]


def _old_records(shard: Any) -> int:
    """How many records at the shard's head are past DynamoDB Streams' retention."""
    from moto.core.utils import utcnow

    cutoff = utcnow() - RETENTION
    old = 0
    for record in shard.items:
        created = record.record["dynamodb"]["ApproximateCreationDateTime"]
        if created.replace(tzinfo=None) >= cutoff:
            break
        old += 1
    return old


def trim(shard: Any, iterators: dict[str, Any]) -> None:
    """Drop the records every live iterator on `shard` has passed, and the expired ones."""
    positions = [it.sequence_number for it in iterators.values() if it.stream_shard is shard]
    consumed = min(positions) - shard.starting_sequence_number if positions else 0
    drop = min(max(consumed, _old_records(shard)), len(shard.items))
    if drop > 0:
        del shard.items[:drop]
        shard.starting_sequence_number += drop


class TrimmedStreams:
    def __init__(self, lock: threading.RLock) -> None:
        self.lock = lock  # the one item writes take (AtomicTransactions)
        self._originals: dict[str, Any] = {}
        self._add: Any = None

    def install(self) -> None:
        from moto.dynamodb.models.table import StreamShard
        from moto.dynamodbstreams.models import DynamoDBStreamsBackend

        if self._originals:
            return
        for name in ("get_shard_iterator", "get_records"):
            self._originals[name] = DynamoDBStreamsBackend.__dict__[name]
        self._add = StreamShard.__dict__["add"]
        setattr(StreamShard, "add", _announcing(self._add))  # noqa: B010
        new_iterator = self._get_shard_iterator(self._originals["get_shard_iterator"])
        setattr(DynamoDBStreamsBackend, "get_shard_iterator", new_iterator)  # noqa: B010
        records = self._get_records(self._originals["get_records"])
        setattr(DynamoDBStreamsBackend, "get_records", records)  # noqa: B010

    def uninstall(self) -> None:
        from moto.dynamodb.models.table import StreamShard
        from moto.dynamodbstreams.models import DynamoDBStreamsBackend

        for name, original in self._originals.items():
            setattr(DynamoDBStreamsBackend, name, original)
        if self._originals:
            setattr(StreamShard, "add", self._add)  # noqa: B010
        self._originals = {}

    def _get_shard_iterator(self, original: Callable[..., Any]) -> Callable[..., Any]:
        lock = self.lock

        def get_shard_iterator(backend: Any, *args: Any, **kwargs: Any) -> Any:
            with lock:
                _forget_expired(backend.shard_iterators, time.monotonic())
                iterator = original(backend, *args, **kwargs)
                iterator.created = time.monotonic()
                return iterator

        return get_shard_iterator

    def _get_records(self, original: Callable[..., Any]) -> Callable[..., Any]:
        lock = self.lock

        def get_records(backend: Any, iterator_arn: str, limit: int) -> dict[str, Any]:
            with lock:
                iterators = backend.shard_iterators
                _forget_expired(iterators, time.monotonic())
                iterator = iterators.get(iterator_arn)
                if iterator is None:
                    raise expired_iterator(iterator_arn)
                shard = iterator.stream_shard
                # An iterator older than the shard's oldest record reads from there on.
                iterator.sequence_number = max(
                    iterator.sequence_number, shard.starting_sequence_number
                )
                result: dict[str, Any] = original(backend, iterator_arn, limit)
                following = iterators[result["NextShardIterator"]]
                following.created, following.previous = time.monotonic(), iterator_arn
                iterators.pop(getattr(iterator, "previous", ""), None)  # its reader moved on
                trim(shard, iterators)
                return result

        return get_records


def _announcing(add: Callable[..., Any]) -> Callable[..., Any]:
    def announced(shard: Any, *args: Any, **kwargs: Any) -> Any:
        result = add(shard, *args, **kwargs)
        STREAM_WRITES.added()
        return result

    return announced
