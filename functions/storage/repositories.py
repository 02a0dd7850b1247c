"""Repositories: the only code that knows how domain objects sit in the table.

Every method takes the company id and builds keys from it, so a caller cannot read across tenants.
Writes that change an existing item are conditional on the revision that was read; a concurrent
change surfaces as Conflict instead of being silently overwritten.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from functions.domain.analyses import AnalysisVersion
from functions.domain.companies import Company, User
from functions.domain.errors import Conflict
from functions.domain.interviews import Answer, AnswerStatus, Interview, InterviewStatus
from functions.domain.templates import Template, TemplateStatus
from functions.events.catalog import Event
from functions.storage.pages import Page, decode_cursor, encode_cursor
from functions.storage.records import Record

M = TypeVar("M", bound=BaseModel)
OUTBOX_TTL_SECONDS = 7 * 24 * 3600  # long after the stream (24 h) has carried the record out
OUTBOX_PENDING_SHARDS = 4  # pending outbox items spread over this many gsi1 partitions
UPLOADED_ANSWER_SHARDS = 4  # answers waiting for their pipeline run, over this many partitions


def company_pk(company_id: str) -> str:
    return f"COMPANY#{company_id}"


def _load(model: type[M], record: Record) -> M:
    return model.model_validate(record.data.as_dict())


def _page(
    model: type[M], results: Any, limit: int
) -> Page[tuple[M, int]]:  # results: pynamodb ResultIterator
    items = [(_load(model, r), int(r.revision)) for r in results]
    cursor = encode_cursor(results.last_evaluated_key) if len(items) >= limit else None
    return Page(items=items, next_cursor=cursor)


def _is_condition_failure(error: Exception) -> bool:
    code = getattr(error, "cause_response_code", None)
    return code in {"ConditionalCheckFailedException", "TransactionCanceledException"}


def _connection() -> Connection:
    return Connection(region=Record.Meta.region, host=Record.Meta.host)


def _guard(record: Record, expected_revision: int | None) -> Condition:
    """The write condition (new item, or exactly the revision read) and the next revision."""
    if expected_revision is None:
        record.revision = 0
        return Record.pk.does_not_exist()
    record.revision = expected_revision + 1
    return Record.revision == expected_revision


def _save(record: Record, expected_revision: int | None, what: str) -> int:
    """Put `record`: new when expected_revision is None, else only over that revision."""
    condition = _guard(record, expected_revision)
    try:
        record.save(condition=condition)
    except PutError as error:
        if _is_condition_failure(error):
            raise Conflict(f"{what} was changed by someone else; reload and try again") from None
        raise
    return int(record.revision)


def _pending_partition(event_id: str) -> str:
    return f"OUTBOX#PENDING#{zlib.crc32(event_id.encode()) % OUTBOX_PENDING_SHARDS}"


def _uploaded_partition(answer_id: str) -> str:
    return f"ANSWER#UPLOADED#{zlib.crc32(answer_id.encode()) % UPLOADED_ANSWER_SHARDS}"


def outbox_record(event: Event) -> Record:
    """The transactional outbox: an event stored beside the state change that caused it.

    The table's stream carries every new OUTBOX# item to the publisher (functions/events/
    publisher.py), which puts it on the bus and then clears the item's pending keys; the TTL
    removes it afterwards. Until it is cleared the item sits in gsi1 under a pending partition
    (sparse: published items leave it), where the outbox sweeper finds what the stream path
    did not publish.
    """
    return Record(
        company_pk(event.company_id),
        f"OUTBOX#{event.id}",
        kind="outbox",
        data=event.model_dump(mode="json"),
        gsi1pk=_pending_partition(event.id),
        gsi1sk=f"{event.time.isoformat()}#{event.id}",
        expires_at=int(event.time.timestamp()) + OUTBOX_TTL_SECONDS,
    )


class OutboxRepository:
    """Outbox items the publisher has not yet confirmed on the bus."""

    def pending(self, written_before: datetime) -> Iterator[Event]:
        """Oldest first in each partition; only those written before `written_before`."""
        for shard in range(OUTBOX_PENDING_SHARDS):
            records = Record.by_gsi1.query(
                f"OUTBOX#PENDING#{shard}",
                Record.gsi1sk < written_before.isoformat(),
            )
            for record in records:
                yield Event.model_validate(record.data.as_dict())

    def mark_published(self, events: Iterable[Event]) -> None:
        """Take the events out of the pending index (an item already gone is skipped)."""
        for event in events:
            record = Record(company_pk(event.company_id), f"OUTBOX#{event.id}")
            try:
                record.update(
                    actions=[Record.gsi1pk.remove(), Record.gsi1sk.remove()],
                    condition=Record.pk.exists(),
                )
            except UpdateError as error:
                if not _is_condition_failure(error):
                    raise


def write_record(
    record: Record,
    expected_revision: int | None,
    what: str,
    events: Sequence[Event],
    also: Sequence[Record] = (),
) -> int:
    """`_save`, or with events or `also` (records written as they are), one TransactWrite of
    the guarded record, the others and the events (outbox)."""
    if not events and not also:
        return _save(record, expected_revision, what)
    condition = _guard(record, expected_revision)
    try:
        with TransactWrite(connection=_connection()) as transaction:
            transaction.save(record, condition=condition)
            for other in also:
                transaction.save(other)
            for event in events:
                transaction.save(outbox_record(event), condition=Record.pk.does_not_exist())
    except TransactWriteError as error:
        if _is_condition_failure(error):
            raise Conflict(f"{what} was changed by someone else; reload and try again") from None
        raise
    return int(record.revision)


class CompanyRepository:
    def get(self, company_id: str) -> Company | None:
        try:
            record = Record.get(company_pk(company_id), "COMPANY")
        except Record.DoesNotExist:
            return None
        return _load(Company, record)

    def add(self, company: Company) -> None:
        record = Record(
            company_pk(company.id), "COMPANY", kind="company", data=company.model_dump(mode="json")
        )
        _save(record, None, "company")

    def update(self, company: Company) -> None:
        record = Record(
            company_pk(company.id), "COMPANY", kind="company", data=company.model_dump(mode="json")
        )
        record.save()


class UserRepository:
    def _record(self, user: User) -> Record:
        return Record(
            company_pk(user.company_id),
            f"USER#{user.id}",
            kind="user",
            data=user.model_dump(mode="json"),
            gsi1pk=f"EMAIL#{user.email.lower()}",
            gsi1sk="USER",
        )

    def add(self, user: User, events: Sequence[Event] = ()) -> None:
        if self.by_email(user.email) is not None:
            raise Conflict(f"a user with email {user.email} already exists")
        write_record(self._record(user), None, "user", events)

    def save(self, user: User) -> None:
        """Overwrite an existing profile (profiles are edited by one person at a time)."""
        record = self._record(user)
        try:
            record.save(condition=Record.pk.exists())
        except PutError as error:
            if _is_condition_failure(error):
                raise Conflict(f"user {user.id} no longer exists") from None
            raise

    def by_email(self, email: str) -> User | None:
        for record in Record.by_gsi1.query(f"EMAIL#{email.lower()}", limit=1):
            return _load(User, record)
        return None

    def get(self, company_id: str, user_id: str) -> User | None:
        try:
            return _load(User, Record.get(company_pk(company_id), f"USER#{user_id}"))
        except Record.DoesNotExist:
            return None

    def members(self, company_id: str) -> list[User]:
        records = Record.query(company_pk(company_id), Record.sk.startswith("USER#"))
        return [_load(User, r) for r in records]


class TemplateRepository:
    """Templates as a head item (the latest version, what lists show) plus immutable versions."""

    def _head(self, template: Template) -> Record:
        return Record(
            company_pk(template.company_id),
            f"TEMPLATE#{template.id}",
            kind="template",
            status=template.status.value,
            data=template.model_dump(mode="json"),
        )

    def _version(self, template: Template) -> Record:
        return Record(
            company_pk(template.company_id),
            f"TPLVER#{template.id}#{template.version:05d}",
            kind="template_version",
            status=template.status.value,
            data=template.model_dump(mode="json"),
        )

    def latest(self, company_id: str, template_id: str) -> tuple[Template, int] | None:
        try:
            record = Record.get(company_pk(company_id), f"TEMPLATE#{template_id}")
        except Record.DoesNotExist:
            return None
        return _load(Template, record), int(record.revision)

    def version(self, company_id: str, template_id: str, version: int) -> Template | None:
        try:
            record = Record.get(company_pk(company_id), f"TPLVER#{template_id}#{version:05d}")
        except Record.DoesNotExist:
            return None
        return _load(Template, record)

    def versions(self, company_id: str, template_id: str) -> list[Template]:
        records = Record.query(
            company_pk(company_id), Record.sk.startswith(f"TPLVER#{template_id}#")
        )
        return [_load(Template, r) for r in records]

    def page(
        self, company_id: str, *, status: TemplateStatus | None, limit: int, cursor: str | None
    ) -> Page[tuple[Template, int]]:
        pk = company_pk(company_id)
        results = Record.query(
            pk,
            Record.sk.startswith("TEMPLATE#"),
            filter_condition=(Record.status == status.value) if status else None,
            limit=limit,
            page_size=limit,
            scan_index_forward=False,
            last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
        )
        return _page(Template, results, limit)

    def add(self, template: Template) -> None:
        self.write(head=template, head_revision=None, versions=[template])

    def write(
        self,
        *,
        head: Template,
        head_revision: int | None,
        versions: Iterable[Template],
        events: Sequence[Event] = (),
    ) -> None:
        """Atomically move the head to `head` and write the given versions."""
        write_record(
            self._head(head),
            head_revision,
            f"template {head.id}",
            events,
            also=[self._version(template) for template in versions],
        )


class InterviewRepository:
    def _record(self, interview: Interview) -> Record:
        pk = company_pk(interview.company_id)
        return Record(
            pk,
            f"INTERVIEW#{interview.id}",
            kind="interview",
            status=interview.status.value,
            reviewer_ids=interview.reviewer_ids or None,
            search=f"{interview.candidate.name} {interview.candidate.email}".lower(),
            data=interview.model_dump(mode="json"),
            gsi1pk=f"TOKEN#{interview.token_hash}",
            gsi1sk="INTERVIEW",
            gsi2pk=f"{pk}#STATUS#{interview.status.value}",
            gsi2sk=f"INTERVIEW#{interview.id}",
            gsi3pk=f"{pk}#TEMPLATE#{interview.template_id}",
            gsi3sk=f"INTERVIEW#{interview.id}",
        )

    def add(self, interview: Interview, events: Sequence[Event] = ()) -> None:
        write_record(self._record(interview), None, "interview", events)

    def save(
        self,
        interview: Interview,
        revision: int,
        events: Sequence[Event] = (),
        versions: Sequence[AnalysisVersion] = (),
    ) -> int:
        """Over `revision` only; the events and analysis versions are written in the same
        transaction (outbox)."""
        return write_record(
            self._record(interview),
            revision,
            f"interview {interview.id}",
            events,
            also=[self._version_record(v) for v in versions],
        )

    # Analysis versions -----------------------------------------------------------------------

    def _version_record(self, version: AnalysisVersion) -> Record:
        return Record(
            company_pk(version.company_id),
            f"ANALYSIS#{version.interview_id}#{version.version:05d}",
            kind="analysis_version",
            data=version.model_dump(mode="json"),
        )

    def analysis_versions(self, company_id: str, interview_id: str) -> list[AnalysisVersion]:
        """Every recorded version of the interview's analysis, newest first."""
        records = Record.query(
            company_pk(company_id),
            Record.sk.startswith(f"ANALYSIS#{interview_id}#"),
            scan_index_forward=False,
        )
        return [_load(AnalysisVersion, r) for r in records]

    def analysis_version(
        self, company_id: str, interview_id: str, version: int
    ) -> AnalysisVersion | None:
        try:
            record = Record.get(company_pk(company_id), f"ANALYSIS#{interview_id}#{version:05d}")
        except Record.DoesNotExist:
            return None
        return _load(AnalysisVersion, record)

    def get(self, company_id: str, interview_id: str) -> tuple[Interview, int] | None:
        try:
            record = Record.get(company_pk(company_id), f"INTERVIEW#{interview_id}")
        except Record.DoesNotExist:
            return None
        return _load(Interview, record), int(record.revision)

    def by_token_hash(self, token_hash: str) -> tuple[Interview, int] | None:
        for record in Record.by_gsi1.query(f"TOKEN#{token_hash}", limit=1):
            if record.kind == "interview":
                return _load(Interview, record), int(record.revision)
        return None

    def page(
        self,
        company_id: str,
        *,
        status: InterviewStatus | None,
        template_id: str | None,
        reviewer_id: str | None,
        limit: int,
        cursor: str | None,
        search: str | None = None,
    ) -> Page[tuple[Interview, int]]:
        pk = company_pk(company_id)
        condition: Condition | None = (
            Record.reviewer_ids.contains(reviewer_id) if reviewer_id else None
        )
        if search:
            # A filter inside the tenant's own partition or index: pages may come back short,
            # and next_cursor goes on through the rest.
            matches = Record.search.contains(search.lower())
            condition = matches if condition is None else condition & matches
        options: dict[str, Any] = {
            "limit": limit,
            "page_size": limit,
            "scan_index_forward": False,
        }
        if template_id:
            if status:
                by_status = Record.status == status.value
                condition = by_status if condition is None else condition & by_status
            key = f"{pk}#TEMPLATE#{template_id}"
            results = Record.by_gsi3.query(
                key,
                filter_condition=condition,
                last_evaluated_key=decode_cursor(cursor, partition=("gsi3pk", key)),
                **options,
            )
        elif status:
            key = f"{pk}#STATUS#{status.value}"
            results = Record.by_gsi2.query(
                key,
                filter_condition=condition,
                last_evaluated_key=decode_cursor(cursor, partition=("gsi2pk", key)),
                **options,
            )
        else:
            results = Record.query(
                pk,
                Record.sk.startswith("INTERVIEW#"),
                filter_condition=condition,
                last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
                **options,
            )
        return _page(Interview, results, limit)

    def count_by_status(self, company_id: str, reviewer_id: str | None) -> dict[str, int]:
        """How many interviews are in each status (one count query per status)."""
        pk = company_pk(company_id)
        condition = Record.reviewer_ids.contains(reviewer_id) if reviewer_id else None
        return {
            status.value: Record.by_gsi2.count(
                f"{pk}#STATUS#{status.value}", filter_condition=condition
            )
            for status in InterviewStatus
        }

    # Answers ---------------------------------------------------------------------------------

    def _answer_record(self, answer: Answer) -> Record:
        record = Record(
            company_pk(answer.company_id),
            f"ANSWER#{answer.interview_id}#{answer.question_index:03d}#{answer.attempt:02d}",
            kind="answer",
            status=answer.status.value,
            data=answer.model_dump(mode="json"),
        )
        if answer.status is AnswerStatus.UPLOADED and answer.uploaded_at is not None:
            # Sparse: an answer is in this index only while it waits for its pipeline run
            # (the re-drive sweep finds those whose S3 event was lost); any later status
            # rewrites the item without these keys.
            record.gsi1pk = _uploaded_partition(answer.id)
            record.gsi1sk = f"{answer.uploaded_at.isoformat()}#{answer.id}"
        return record

    def uploaded_answers(self, uploaded_before: datetime) -> Iterator[Answer]:
        """Answers still `uploaded` (no step of their run has started) that were confirmed
        before `uploaded_before`, across companies: for the scheduled re-drive only."""
        for shard in range(UPLOADED_ANSWER_SHARDS):
            records = Record.by_gsi1.query(
                f"ANSWER#UPLOADED#{shard}", Record.gsi1sk < uploaded_before.isoformat()
            )
            for record in records:
                yield _load(Answer, record)

    def answers(
        self, company_id: str, interview_id: str, *, consistent: bool = False
    ) -> list[tuple[Answer, int]]:
        """Every attempt of every question; `consistent` reads the latest writes (the pipeline
        decides on them whether an interview is fully scored)."""
        records: Iterator[Record] = Record.query(
            company_pk(company_id),
            Record.sk.startswith(f"ANSWER#{interview_id}#"),
            consistent_read=consistent,
        )
        return [(_load(Answer, r), int(r.revision)) for r in records]

    def answer(
        self, company_id: str, interview_id: str, answer_id: str
    ) -> tuple[Answer, int] | None:
        for answer, revision in self.answers(company_id, interview_id, consistent=True):
            if answer.id == answer_id:
                return answer, revision
        return None

    def add_answer(self, answer: Answer) -> None:
        _save(
            self._answer_record(answer),
            None,
            f"question {answer.question_index + 1} attempt {answer.attempt}",
        )

    def save_answer(self, answer: Answer, revision: int, events: Sequence[Event] = ()) -> int:
        return write_record(self._answer_record(answer), revision, f"answer {answer.id}", events)
