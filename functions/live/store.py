"""Live interviews and their signalling connections in the table.

    live interview  pk=COMPANY#<cid>  sk=LIVE#<id>   gsi1pk=LIVETOKEN#<sha256 of the link token>
                    status=<status>  (a list Queries the partition's LIVE# items, newest first)
                    gsi4pk=RETAINLIVE#<shard>  gsi4sk=<end>#<cid>#<id>  (the retention purge's
                    index entry, once a call with recordings is over, until they are purged)
    connection      pk=COMPANY#<cid>  sk=LIVECONN#<live id>#<connection id>
                    (a session's connections: one Query of its prefix, never a Scan)
    pointer         pk=WSCONN#<connection id>  sk=WSCONN  (which session a connection belongs to:
                    API Gateway names only the connection; a consistent GetItem finds the rest)
    notes           pk=COMPANY#<cid>  sk=LIVENOTE#<live id>#<user id>  (an interviewer's private
                    notes, sealed)
    transcript line pk=COMPANY#<cid>  sk=LIVETX#<live id>#<speaker>#<seq:08d>  (a confirmed line,
                    written by the live transcriber: data = TranscriptLine as JSON)
Connections and pointers expire (TTL) a little after API Gateway's 2-hour connection limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from pynamodb.exceptions import DeleteError
from pynamodb.transactions import TransactWrite

from functions.domain.retention import RETENTION_SHARDS, shard_of
from functions.events.catalog import Event
from functions.live.domain import LiveInterview, LiveStatus, retention_clock_start
from functions.live.signalling_rules import Connection
from functions.live.transcript import TranscriptLine
from functions.storage.pages import Page, decode_cursor
from functions.storage.records import Record
from functions.storage.repositories import _connection, _load, _page, company_pk, write_record

CONNECTION_TTL_SECONDS = 3 * 3600  # API Gateway cuts a connection at 2 hours


def _live_sk(live_id: str) -> str:
    return f"LIVE#{live_id}"


class LiveInterviewRepository:
    def _record(self, live: LiveInterview) -> Record:
        clock = retention_clock_start(live)
        retain = (
            (f"RETAINLIVE#{shard_of(live.id)}", f"{clock.isoformat()}#{live.company_id}#{live.id}")
            if clock is not None
            else (None, None)
        )
        return Record(
            company_pk(live.company_id),
            _live_sk(live.id),
            kind="live_interview",
            status=live.status.value,
            reviewer_ids=live.interviewer_ids or None,
            data=live.model_dump(mode="json"),
            gsi1pk=f"LIVETOKEN#{live.token_hash}",
            gsi1sk="LIVE",
            gsi4pk=retain[0],
            gsi4sk=retain[1],
        )

    def save(self, live: LiveInterview, revision: int | None, events: Sequence[Event] = ()) -> int:
        """New when `revision` is None, else only over that revision (409 otherwise); the
        events go to the outbox in the same transaction."""
        return write_record(self._record(live), revision, f"live interview {live.id}", events)

    def get(self, company_id: str, live_id: str) -> tuple[LiveInterview, int] | None:
        try:
            record = Record.get(company_pk(company_id), _live_sk(live_id), consistent_read=True)
        except Record.DoesNotExist:
            return None
        return _load(LiveInterview, record), int(record.revision)

    def by_token_hash(self, token_hash: str) -> LiveInterview | None:
        for record in Record.by_gsi1.query(f"LIVETOKEN#{token_hash}", limit=1):
            if record.kind == "live_interview":
                return _load(LiveInterview, record)
        return None

    def page(
        self,
        company_id: str,
        *,
        status: LiveStatus | None,
        interviewer_id: str | None,
        limit: int,
        cursor: str | None,
    ) -> Page[LiveInterview]:
        """Newest first; an interviewer's page holds only the interviews they sit on."""
        pk = company_pk(company_id)
        condition: Any = None
        if status is not None:
            condition = Record.status == status.value
        if interviewer_id is not None:
            mine = Record.reviewer_ids.contains(interviewer_id)
            condition = mine if condition is None else condition & mine
        results = Record.query(
            pk,
            Record.sk.startswith("LIVE#"),
            filter_condition=condition,
            limit=limit,
            page_size=limit,
            scan_index_forward=False,
            last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
        )
        page = _page(LiveInterview, results, limit)
        return Page(items=[live for live, _ in page.items], next_cursor=page.next_cursor)

    def every(self, company_id: str) -> Iterator[LiveInterview]:
        """All of the company's live interviews (one Query of its LIVE# items, paged)."""
        for record in Record.query(company_pk(company_id), Record.sk.startswith("LIVE#")):
            yield _load(LiveInterview, record)

    def retention_candidates(self, started_before: datetime) -> Iterator[tuple[str, str, datetime]]:
        """(company id, live id, end of the call) of every live interview whose recordings are
        not purged and whose call ended before `started_before` (keys-only index reads)."""
        for shard in range(RETENTION_SHARDS):
            records = Record.by_gsi4.query(
                f"RETAINLIVE#{shard}", Record.gsi4sk < started_before.isoformat()
            )
            for record in records:
                started, company_id, live_id = (record.gsi4sk or "").rsplit("#", 2)
                yield company_id, live_id, datetime.fromisoformat(started)

    def scheduled(self, company_id: str) -> Iterator[tuple[LiveInterview, int]]:
        """The company's scheduled live interviews (the reminder's round)."""
        records = Record.query(
            company_pk(company_id),
            Record.sk.startswith("LIVE#"),
            filter_condition=Record.status == LiveStatus.SCHEDULED.value,
        )
        for record in records:
            yield _load(LiveInterview, record), int(record.revision)


def _pointer_pk(connection_id: str) -> str:
    return f"WSCONN#{connection_id}"


def _session_sk(live_id: str, connection_id: str) -> str:
    return f"LIVECONN#{live_id}#{connection_id}"


class ConnectionRepository:
    """Who is connected to which live interview's room."""

    def _records(self, connection: Connection) -> tuple[Record, Record]:
        expires = int(connection.connected_at.timestamp()) + CONNECTION_TTL_SECONDS
        data = connection.model_dump(mode="json")
        pointer = Record(
            _pointer_pk(connection.connection_id),
            "WSCONN",
            kind="live_connection_pointer",
            data=data,
            expires_at=expires,
        )
        member = Record(
            company_pk(connection.company_id),
            _session_sk(connection.live_id, connection.connection_id),
            kind="live_connection",
            data=data,
            expires_at=expires,
        )
        return pointer, member

    def put(self, connection: Connection) -> None:
        """The pointer and the session's entry, together (a rejoin overwrites both)."""
        with TransactWrite(connection=_connection()) as transaction:
            for record in self._records(connection):
                transaction.save(record)

    def get(self, connection_id: str) -> Connection | None:
        try:
            record = Record.get(_pointer_pk(connection_id), "WSCONN", consistent_read=True)
        except Record.DoesNotExist:
            return None
        return _load(Connection, record)

    def in_session(self, company_id: str, live_id: str) -> list[Connection]:
        """Every connection of one room: one Query of its key prefix."""
        records = Record.query(
            company_pk(company_id),
            Record.sk.startswith(f"LIVECONN#{live_id}#"),
            consistent_read=True,
        )
        return [_load(Connection, r) for r in records]

    def remove(self, connection: Connection) -> None:
        """Both items; one already gone is fine (a disconnect after a 410 clean-up)."""
        for record in self._records(connection):
            try:
                record.delete()
            except DeleteError:
                continue


class _Note(BaseModel):
    text: str


def _note_sk(live_id: str, user_id: str) -> str:
    return f"LIVENOTE#{live_id}#{user_id}"


class LiveNoteRepository:
    """Each interviewer's private notes on a live interview (one item each, sealed)."""

    def put(self, company_id: str, live_id: str, user_id: str, text: str, now: datetime) -> None:
        data = {"live_id": live_id, "user_id": user_id, "text": text, "updated_at": now.isoformat()}
        Record(
            company_pk(company_id), _note_sk(live_id, user_id), kind="live_note", data=data
        ).save()

    def get(self, company_id: str, live_id: str, user_id: str) -> str | None:
        try:
            record = Record.get(company_pk(company_id), _note_sk(live_id, user_id))
        except Record.DoesNotExist:
            return None
        return str(_load(_Note, record).text)

    def delete_all(self, company_id: str, live_id: str) -> int:
        """Every interviewer's notes on the interview (erasure); the count."""
        return _delete_prefix(company_id, f"LIVENOTE#{live_id}#")


def transcript_sk(line: TranscriptLine) -> str:
    return f"LIVETX#{line.live_id}#{line.speaker}#{line.seq:08d}"


class LiveTranscriptRepository:
    """A live interview's confirmed transcript lines (the live transcriber writes them)."""

    def confirmed(self, company_id: str, live_id: str) -> list[TranscriptLine]:
        records = Record.query(company_pk(company_id), Record.sk.startswith(f"LIVETX#{live_id}#"))
        lines = [_load(TranscriptLine, r) for r in records]
        return sorted((line for line in lines if line.final), key=lambda x: (x.start, x.speaker))

    def delete_all(self, company_id: str, live_id: str) -> int:
        """Every line of the interview (erasure); the count."""
        return _delete_prefix(company_id, f"LIVETX#{live_id}#")


def _delete_prefix(company_id: str, prefix: str) -> int:
    count = 0
    for record in Record.query(company_pk(company_id), Record.sk.startswith(prefix)):
        try:
            record.delete()
        except DeleteError:
            continue
        count += 1
    return count
