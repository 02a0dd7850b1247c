"""The analytics items in the company's partition (the only analytics module that touches
the table; imported by wiring at run time, never by the API's import).

    facts      sk=STATS#IV#<interview id>                         one interview's merged facts
    aggregate  sk=STATS#AGG#<template|ALL>#<lang|ALL>#D#<yyyy-mm-dd>   a day's counters
               sk=STATS#AGG#<template|ALL>#<lang|ALL>#M#<yyyy-mm>      a month's counters
    marker     sk=STATS#SEEN#<event id>   (TTL 8 days)            this event was projected

Every write of a projected event is one TransactWrite: the marker (conditional on not
existing), the facts over their revision and each changed aggregate over its revision.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from pydantic import BaseModel
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.analytics.counters import Counters, Slice
from functions.analytics.facts import InterviewFacts
from functions.domain.errors import Conflict
from functions.events.catalog import Event
from functions.storage.records import Record
from functions.storage.repositories import _connection, _guard, _load, company_pk

M = TypeVar("M", bound=BaseModel)
SEEN_TTL_SECONDS = 8 * 24 * 3600  # beyond the outbox's 7 days and SQS's 4 days
FACTS = "STATS#IV#"
AGGREGATE = "STATS#AGG#"


class AlreadyProjected(Exception):
    """The event's marker exists: it was projected before."""


def aggregate_sk(s: Slice) -> str:
    template, lang, grain, when = s
    return f"{AGGREGATE}{template}#{lang}#{grain}#{when}"


def _slice_of(sk: str) -> Slice:
    template, lang, grain, when = sk[len(AGGREGATE) :].split("#")
    return Slice((template, lang, grain, when))


class _Aggregate(BaseModel):
    counters: dict[str, int]


def _counters(record: Record) -> Counters:
    return _load(_Aggregate, record).counters


class AnalyticsStore:
    """Facts, aggregates and markers of one table (bound by wiring)."""

    def facts(self, company_id: str, interview_id: str) -> tuple[InterviewFacts | None, int | None]:
        try:
            record = Record.get(
                company_pk(company_id), f"{FACTS}{interview_id}", consistent_read=True
            )
        except Record.DoesNotExist:
            return None, None
        return _load(InterviewFacts, record), int(record.revision)

    def aggregates(
        self, company_id: str, slices: Iterable[Slice]
    ) -> dict[Slice, tuple[Counters, int | None]]:
        """The current counters and revision of each slice (({}, None) when it has no item)."""
        wanted = list(slices)
        found: dict[Slice, tuple[Counters, int | None]] = {s: ({}, None) for s in wanted}
        keys = [(company_pk(company_id), aggregate_sk(s)) for s in wanted]
        for record in Record.batch_get(keys, consistent_read=True):
            found[_slice_of(record.sk)] = (_counters(record), int(record.revision))
        return found

    def write(
        self,
        event: Event,
        facts: InterviewFacts,
        facts_revision: int | None,
        aggregates: dict[Slice, tuple[Counters, int | None]],
    ) -> None:
        """One transaction; AlreadyProjected when the marker exists, Conflict when the facts or
        an aggregate changed since they were read."""
        pk = company_pk(event.company_id)
        marker = Record(
            pk,
            f"STATS#SEEN#{event.id}",
            kind="analytics_seen",
            data={"type": event.type},
            expires_at=int(event.time.timestamp()) + SEEN_TTL_SECONDS,
        )
        facts_record = Record(
            pk,
            f"{FACTS}{facts.interview_id}",
            kind="analytics_facts",
            data=facts.model_dump(mode="json"),
        )
        facts_condition = _guard(facts_record, facts_revision)
        try:
            with TransactWrite(connection=_connection()) as transaction:
                transaction.save(marker, condition=Record.pk.does_not_exist())
                transaction.save(facts_record, condition=facts_condition)
                for s, (counters, revision) in aggregates.items():
                    record = self._aggregate_record(pk, s, counters)
                    transaction.save(record, condition=_guard(record, revision))
        except TransactWriteError as error:
            reasons = error.cancellation_reasons or []
            if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
                raise AlreadyProjected(event.id) from None
            raise Conflict("analytics items changed meanwhile") from error

    @staticmethod
    def _aggregate_record(pk: str, s: Slice, counters: Counters) -> Record:
        return Record(pk, aggregate_sk(s), kind="analytics_aggregate", data={"counters": counters})

    # Reads ------------------------------------------------------------------------------------

    def range(
        self, company_id: str, template: str, lang: str, grain: str, first: str, last: str
    ) -> list[Counters]:
        """The counters of the slices from `first` to `last` (inclusive): one Query (paged only
        past 1 MB, i.e. a few hundred items at most for a month of days)."""
        prefix = f"{AGGREGATE}{template}#{lang}#{grain}#"
        records = Record.query(
            company_pk(company_id), Record.sk.between(f"{prefix}{first}", f"{prefix}{last}")
        )
        return [_counters(r) for r in records]

    # Rebuild ----------------------------------------------------------------------------------

    def all_facts(self, company_id: str) -> Iterator[tuple[InterviewFacts, int]]:
        for record in Record.query(company_pk(company_id), Record.sk.startswith(FACTS)):
            yield _load(InterviewFacts, record), int(record.revision)

    def partition(self, company_id: str, prefix: str, model: type[M]) -> Iterator[M]:
        """Every item whose sort key starts with `prefix`, as `model` (rebuild only)."""
        for record in Record.query(company_pk(company_id), Record.sk.startswith(prefix)):
            yield _load(model, record)

    def put_facts(self, company_id: str, facts: InterviewFacts) -> None:
        """Facts derived from stored state, for an interview the projector never saw."""
        record = Record(
            company_pk(company_id),
            f"{FACTS}{facts.interview_id}",
            kind="analytics_facts",
            data=facts.model_dump(mode="json"),
        )
        record.save(condition=Record.pk.does_not_exist())

    def replace_aggregates(self, company_id: str, aggregates: dict[Slice, Counters]) -> int:
        """Delete every aggregate item of the company and write these (rebuild)."""
        pk = company_pk(company_id)
        old = [r for r in Record.query(pk, Record.sk.startswith(AGGREGATE))]
        with Record.batch_write() as batch:
            for record in old:
                batch.delete(record)
        with Record.batch_write() as batch:
            for s, counters in aggregates.items():
                batch.save(self._aggregate_record(pk, s, counters))
        return len(aggregates)
