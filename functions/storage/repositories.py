"""Repositories: the only code that knows how domain objects sit in the table.

Every method takes the company id and builds keys from it, so a caller cannot read across tenants.
Writes that change an existing item are conditional on the revision that was read; a concurrent
change surfaces as Conflict instead of being silently overwritten.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel
from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from functions.billing.plans import UsageClaim, UsageExhausted
from functions.domain.analyses import AnalysisVersion
from functions.domain.companies import Company, User
from functions.domain.errors import Conflict, EmailUnavailable, NotFound, StaleRevision
from functions.domain.interviews import (
    Answer,
    AnswerStatus,
    DecisionEntry,
    Interview,
    InterviewStatus,
)
from functions.domain.retention import RETENTION_SHARDS, clock_start, shard_of
from functions.domain.templates import Template, TemplateStatus, searchable
from functions.events.catalog import Event
from functions.storage import pii
from functions.storage.audit import audit_records, new_only
from functions.storage.pages import Page, decode_cursor, encode_cursor
from functions.storage.records import Record

M = TypeVar("M", bound=BaseModel)
OUTBOX_TTL_SECONDS = 7 * 24 * 3600  # long after the stream (24 h) has carried the record out
OUTBOX_PENDING_SHARDS = 4  # pending outbox items spread over this many gsi1 partitions
UPLOADED_ANSWER_SHARDS = 4  # answers waiting for their pipeline run, over this many partitions
METERED_WRITE_ATTEMPTS = 5  # a metered transaction that met another on its counter is retried


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


SEARCH_READ_PAGES = 10  # a name search decrypts at most this many pages of items per request


def _search_page(
    model: type[M], results: Any, limit: int, keep: Callable[[M], bool]
) -> Page[tuple[M, int]]:
    """Up to `limit` items `keep` keeps, reading (and decrypting) at most SEARCH_READ_PAGES x
    `limit` items; the cursor goes on after the last item read (results: a ResultIterator
    without an overall limit)."""
    items: list[tuple[M, int]] = []
    for read, record in enumerate(results, start=1):
        item = _load(model, record)
        if keep(item):
            items.append((item, int(record.revision)))
        if len(items) >= limit or read >= limit * SEARCH_READ_PAGES:
            return Page(items=items, next_cursor=encode_cursor(results.last_evaluated_key))
    return Page(items=items, next_cursor=None)


def _is_condition_failure(error: Exception) -> bool:
    code = getattr(error, "cause_response_code", None)
    return code in {"ConditionalCheckFailedException", "TransactionCanceledException"}


def _connection() -> Connection:
    """The connection transactions are written through, one per table binding: each new
    Connection makes a botocore session and client, which parse the service's model again
    (about 0.1 s of CPU for every transactional write when it was made per write)."""
    return _connection_to(Record.Meta.region, Record.Meta.host)


@lru_cache(maxsize=4)
def _connection_to(region: str, host: str | None) -> Connection:
    return Connection(region=region, host=host)


def _guard(record: Record, expected_revision: int | None) -> Condition:
    """The write condition (new item, or exactly the revision read) and the next revision."""
    if expected_revision is None:
        record.revision = 0
        return Record.pk.does_not_exist()
    record.revision = expected_revision + 1
    return Record.revision == expected_revision


def _save(record: Record, expected_revision: int | None, what: str, *, audited: bool = True) -> int:
    """Put `record`: new when expected_revision is None, else only over that revision (with
    the current actor's audit entry in the same transaction, when there is one; bookkeeping
    such as rate-limit buckets and sign-in counts is `audited=False`)."""
    condition = _guard(record, expected_revision)
    try:
        if audited:
            put_audited(record, condition)
        else:
            record.save(condition=condition)
    except (PutError, TransactWriteError) as error:
        if _is_condition_failure(error):
            raise StaleRevision(
                f"{what} was changed by someone else; reload and try again"
            ) from None
        raise
    return int(record.revision)


def delete_audited(record: Record) -> None:
    """Delete one item, with the audit entry of the actor deleting it (one transaction)."""
    entries = audit_records(record, deleted=True)
    if not entries:
        record.delete()
        return
    with TransactWrite(connection=_connection()) as transaction:
        transaction.delete(record)
        for entry in entries:
            transaction.save(entry, condition=new_only())


def put_audited(record: Record, condition: Condition | None = None) -> None:
    """One item, alone, or with the audit entry of the actor changing it (one transaction)."""
    entries = audit_records(record)
    if not entries:
        record.save(condition=condition)
        return
    with TransactWrite(connection=_connection()) as transaction:
        transaction.save(record, condition=condition)
        for entry in entries:
            transaction.save(entry, condition=new_only())


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


def usage_sk(month: str) -> str:
    return f"USAGE#{month}"


def usage_update(claim: UsageClaim) -> tuple[Record, list[Action], Condition | None]:
    """The counter item, its ADD and the limit's condition. A missing counter counts as 0."""
    record = Record(company_pk(claim.company_id), usage_sk(claim.month))
    actions: list[Action] = [Record.used.add(claim.count), Record.kind.set("usage")]
    if claim.limit is None:
        return record, actions, None
    room = claim.limit - claim.count
    if room < 0:  # more than the whole limit: refused even when nothing is used yet
        return record, actions, Record.used.exists() & (Record.used < 0)
    return record, actions, Record.used.does_not_exist() | (Record.used <= room)


def used_in(raw_item: dict[str, Any] | None) -> int:
    """The count of a counter item in DynamoDB's JSON (as a refused condition returns it)."""
    if not raw_item or "used" not in raw_item:
        return 0
    return int(raw_item["used"]["N"])


def _exhausted(error: TransactWriteError) -> UsageExhausted | None:
    """The usage claim's refusal: it is the transaction's only update, so its last item."""
    reasons = error.cancellation_reasons
    last = reasons[-1] if reasons else None
    if last is not None and last.code == "ConditionalCheckFailed":
        return UsageExhausted(used_in(last.raw_item))
    return None


def _met_another(error: TransactWriteError) -> bool:
    """DynamoDB cancels a transaction that meets another on an item (TransactionConflict)."""
    return any(
        r is not None and r.code == "TransactionConflict" for r in error.cancellation_reasons
    )


def write_record(
    record: Record,
    expected_revision: int | None,
    what: str,
    events: Sequence[Event],
    also: Sequence[Record] = (),
    usage: UsageClaim | None = None,
) -> int:
    """`_save`, or with events, `also` (records written as they are) or a usage claim, one
    TransactWrite of the guarded record, the others, the events (outbox) and the claim
    (UsageExhausted when it is refused; retried when it met another transaction)."""
    if not events and not also and usage is None:
        return _save(record, expected_revision, what)
    condition = _guard(record, expected_revision)
    attempts = METERED_WRITE_ATTEMPTS if usage is not None else 1
    for attempt in range(1, attempts + 1):
        try:
            _transact(record, condition, also, events, usage)
        except TransactWriteError as error:
            exhausted = _exhausted(error) if usage is not None else None
            if exhausted is not None:
                raise exhausted from None
            if attempt < attempts and _met_another(error):
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 - jitter only
                continue
            if _is_condition_failure(error):
                raise StaleRevision(
                    f"{what} was changed by someone else; reload and try again"
                ) from None
            raise
        break
    return int(record.revision)


def _transact(
    record: Record,
    condition: Condition,
    also: Sequence[Record],
    events: Sequence[Event],
    usage: UsageClaim | None,
) -> None:
    """One TransactWrite: the guarded record, the others, its audit entry, the events and the
    usage claim."""
    with TransactWrite(connection=_connection()) as transaction:
        transaction.save(record, condition=condition)
        for other in also:
            transaction.save(other)
        for entry in audit_records(record):
            transaction.save(entry, condition=new_only())
        for event in events:
            transaction.save(outbox_record(event), condition=Record.pk.does_not_exist())
        if usage is not None:
            counter, actions, limit = usage_update(usage)
            transaction.update(counter, actions, condition=limit, return_values="ALL_OLD")


def claim_usage(claim: UsageClaim) -> None:
    """The claim on its own (a write too large for one transaction meters itself first, then
    `release_usage` gives back what it did not use)."""
    for attempt in range(1, METERED_WRITE_ATTEMPTS + 1):
        counter, actions, limit = usage_update(claim)
        try:
            with TransactWrite(connection=_connection()) as transaction:
                transaction.update(counter, actions, condition=limit, return_values="ALL_OLD")
        except TransactWriteError as error:
            exhausted = _exhausted(error)
            if exhausted is not None:
                raise exhausted from None
            if attempt < METERED_WRITE_ATTEMPTS and _met_another(error):
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 - jitter only
                continue
            raise
        return


def release_usage(claim: UsageClaim, count: int) -> None:
    """Give back `count` of a claim (what a metered write did not create after all)."""
    if count > 0:
        Record(company_pk(claim.company_id), usage_sk(claim.month)).update(
            actions=[Record.used.add(-count)]
        )


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
        put_audited(record)


def email_pk(email: str) -> str:
    """The email claim's key and the profiles' index key: the address's blind index (a keyed
    HMAC, functions/storage/pii.py), never the address."""
    return f"EMAIL#{pii.user_index(email)}"


def write_events(events: Sequence[Event]) -> None:
    """Outbox items on their own, for an effect that happened outside the table."""
    if not events:
        return
    with TransactWrite(connection=_connection()) as transaction:
        for event in events:
            transaction.save(outbox_record(event), condition=Record.pk.does_not_exist())


class UserRepository:
    """Profiles under their company, plus one `EMAIL#<email>` item per address: the claim that
    makes an email belong to exactly one company, written in the same transaction as the
    profile and only if no one holds it yet (two admins adding one address at once: one wins)."""

    def _record(self, user: User) -> Record:
        return Record(
            company_pk(user.company_id),
            f"USER#{user.id}",
            kind="user",
            status="active" if user.active else "deactivated",
            data=user.model_dump(mode="json"),
            gsi1pk=email_pk(user.email),
            gsi1sk="USER",
        )

    def _claim(self, user: User) -> Record:
        return Record(
            email_pk(user.email),
            "EMAIL",
            kind="email_claim",
            data={"company_id": user.company_id, "user_id": user.id},
        )

    def add(self, user: User) -> None:
        """The profile and its email claim, or EmailUnavailable when the address
        belongs to anyone already, in this company or another (the same refusal either way)."""
        if self._unclaimed(user.email) is not None:  # a profile from before claims existed
            raise EmailUnavailable
        try:
            # The token makes a retried request (its first answer lost) succeed, not conflict.
            with TransactWrite(
                connection=_connection(), client_request_token=user.id
            ) as transaction:
                profile = self._record(user)
                transaction.save(profile, condition=Record.pk.does_not_exist())
                transaction.save(self._claim(user), condition=Record.pk.does_not_exist())
                # Named after the user: a retried request (same token) writes the same items.
                for entry in audit_records(profile, entry_id=user.id):
                    transaction.save(entry, condition=new_only())
        except TransactWriteError as error:
            if _is_condition_failure(error):
                raise EmailUnavailable from None
            raise

    def remove(self, user: User) -> None:
        """Undo `add` (its identity could not be created): the profile and the claim go."""
        claim = self._claim(user)
        with TransactWrite(connection=_connection()) as transaction:
            profile = self._record(user)
            transaction.delete(profile)
            transaction.delete(claim, condition=Record.data["user_id"] == user.id)
            for entry in audit_records(profile, deleted=True):
                transaction.save(entry, condition=new_only())

    def update(
        self, company_id: str, user_id: str, change: Callable[[User], User]
    ) -> tuple[User, User]:
        """Apply `change` to the stored profile and write it over the revision read (retried on
        a concurrent write), so an admin's deactivation and the member's own edit never undo
        each other. Returns the profile before and after; NotFound when there is none."""
        for _ in range(3):
            try:
                record = Record.get(company_pk(company_id), f"USER#{user_id}", consistent_read=True)
            except Record.DoesNotExist:
                raise NotFound(f"user {user_id} not found") from None
            current = _load(User, record)
            updated = change(current)
            if updated == current:
                return current, current
            try:
                _save(self._record(updated), int(record.revision), f"user {user_id}")
            except Conflict:
                continue
            return current, updated
        raise Conflict(f"user {user_id} is being changed by someone else; try again")

    def by_email(self, email: str) -> User | None:
        """Through the email's claim (a consistent read names the one company that holds it);
        profiles written before claims existed are found by the email index."""
        try:
            claim = Record.get(email_pk(email), "EMAIL", consistent_read=True)
        except Record.DoesNotExist:
            return self._unclaimed(email)
        return self.get(str(claim.data["company_id"]), str(claim.data["user_id"]))

    def _unclaimed(self, email: str) -> User | None:
        """The one profile the email index holds for `email` (None for none, or for several:
        which company would be a guess)."""
        found = [r for r in Record.by_gsi1.query(email_pk(email), limit=2) if r.kind == "user"]
        return _load(User, found[0]) if len(found) == 1 else None

    def get(self, company_id: str, user_id: str) -> User | None:
        try:
            record = Record.get(company_pk(company_id), f"USER#{user_id}", consistent_read=True)
        except Record.DoesNotExist:
            return None
        return _load(User, record)

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
            search=searchable(template),
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
        self,
        company_id: str,
        *,
        status: TemplateStatus | None,
        limit: int,
        cursor: str | None,
        search: str | None = None,
    ) -> Page[tuple[Template, int]]:
        pk = company_pk(company_id)
        condition: Condition | None = (Record.status == status.value) if status else None
        if search:
            # Inside the tenant's partition: pages may come back short; next_cursor goes on.
            matches = Record.search.contains(search.lower())
            condition = matches if condition is None else condition & matches
        results = Record.query(
            pk,
            Record.sk.startswith("TEMPLATE#"),
            filter_condition=condition,
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


def _retention_keys(interview: Interview) -> tuple[str | None, str | None]:
    """The purge's index entry, until the recordings are gone (then the item leaves it)."""
    if interview.recordings_deleted_at is not None:
        return None, None
    start = clock_start(interview).isoformat()
    return f"RETAIN#{shard_of(interview.id)}", f"{start}#{interview.company_id}#{interview.id}"


def _is_email(text: str) -> bool:
    local, at, domain = text.strip().partition("@")
    return bool(at and local and "." in domain and " " not in text.strip())


def _matching(search: str) -> Callable[[Interview], bool]:
    needle = search.strip().casefold()

    def keep(interview: Interview) -> bool:
        fields = (interview.candidate.name, interview.candidate.email, interview.template_name)
        return any(needle in field.casefold() for field in fields)

    return keep


class InterviewRepository:
    def _record(self, interview: Interview) -> Record:
        pk = company_pk(interview.company_id)
        record = Record(
            pk,
            f"INTERVIEW#{interview.id}",
            kind="interview",
            status=interview.status.value,
            reviewer_ids=interview.reviewer_ids or None,
            # What listInterviews' q finds by a whole email across the partition: the blind
            # index of the candidate's email (names are sealed, matched on a decrypted page).
            search=pii.candidate_index(interview.company_id, interview.candidate.email),
            data=interview.model_dump(mode="json"),
            gsi1pk=f"TOKEN#{interview.token_hash}",
            gsi1sk="INTERVIEW",
            gsi2pk=f"{pk}#STATUS#{interview.status.value}",
            gsi2sk=f"INTERVIEW#{interview.id}",
            gsi3pk=f"{pk}#TEMPLATE#{interview.template_id}",
            gsi3sk=f"INTERVIEW#{interview.id}",
        )
        record.gsi4pk, record.gsi4sk = _retention_keys(interview)
        return record

    def retention_candidates(self, started_before: datetime) -> Iterator[tuple[str, str, datetime]]:
        """(company id, interview id, clock start) of every interview whose recordings are not
        purged and whose retention clock started before `started_before`, oldest first per
        partition (the index is keys only: nothing but these is read)."""
        for shard in range(RETENTION_SHARDS):
            records = Record.by_gsi4.query(
                f"RETAIN#{shard}", Record.gsi4sk < started_before.isoformat()
            )
            for record in records:
                started, company_id, interview_id = (record.gsi4sk or "").rsplit("#", 2)
                yield company_id, interview_id, datetime.fromisoformat(started)

    def add(
        self, interview: Interview, events: Sequence[Event] = (), usage: UsageClaim | None = None
    ) -> None:
        """A new interview with its events; with `usage`, counted against the company's monthly
        quota in the same transaction (UsageExhausted when it is used up)."""
        write_record(self._record(interview), None, "interview", events, usage=usage)

    def save(
        self,
        interview: Interview,
        revision: int,
        events: Sequence[Event] = (),
        versions: Sequence[AnalysisVersion] = (),
        decisions: Sequence[DecisionEntry] = (),
    ) -> int:
        """Over `revision` only; the events, analysis versions and decision history entries
        are written in the same transaction (outbox)."""
        return write_record(
            self._record(interview),
            revision,
            f"interview {interview.id}",
            events,
            also=[
                *[self._version_record(v) for v in versions],
                *[self._decision_record(interview, d) for d in decisions],
            ],
        )

    # Decision history ------------------------------------------------------------------------

    def _decision_record(self, interview: Interview, entry: DecisionEntry) -> Record:
        return Record(
            company_pk(interview.company_id),
            f"DECISION#{interview.id}#{entry.id}",
            kind="decision",
            data=entry.model_dump(mode="json"),
        )

    def decisions(self, company_id: str, interview_id: str) -> list[DecisionEntry]:
        """Every recorded decision on the interview, newest first."""
        records = Record.query(
            company_pk(company_id),
            Record.sk.startswith(f"DECISION#{interview_id}#"),
            scan_index_forward=False,
        )
        return [_load(DecisionEntry, r) for r in records]

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

    def get(
        self, company_id: str, interview_id: str, *, consistent: bool = False
    ) -> tuple[Interview, int] | None:
        try:
            record = Record.get(
                company_pk(company_id), f"INTERVIEW#{interview_id}", consistent_read=consistent
            )
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
        keep: Callable[[Interview], bool] | None = None
        if search and _is_email(search):
            # A whole email: its blind index, a filter inside the tenant's own partition or
            # index (pages may come back short, and next_cursor goes on through the rest).
            matches = Record.search == pii.candidate_index(company_id, search)
            condition = matches if condition is None else condition & matches
        elif search:
            # Part of a name, an email or the template's name: names and emails are sealed, so
            # pages are decrypted and matched here, at most SEARCH_READ_PAGES of them per
            # request (a page may come back short, and next_cursor goes on through the rest).
            keep = _matching(search)
        options: dict[str, Any] = {
            "limit": None if keep else limit,
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
        if keep is not None:
            return _search_page(Interview, results, limit, keep)
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
