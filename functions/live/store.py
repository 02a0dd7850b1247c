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
    transcript line pk=COMPANY#<cid>  sk=LIVETX#<live id>#<speaker>#<seq:08d>  (confirmed only)
    line numbers    pk=COMPANY#<cid>  sk=LIVETXSEQ#<live id>#<speaker>  (used = lines numbered)
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from pydantic import BaseModel
from pynamodb.exceptions import DeleteError, PutError
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


def _delete_prefix(company_id: str, prefix: str) -> int:
    count = 0
    for record in Record.query(company_pk(company_id), Record.sk.startswith(prefix)):
        try:
            record.delete()
        except DeleteError:
            continue
        count += 1
    return count


# The live transcript (functions/live/transcribing) -------------------------------------------


def _line_sk(live_id: str, speaker: str, seq: int) -> str:
    return f"LIVETX#{live_id}#{speaker}#{seq:08d}"


def transcript_sk(line: TranscriptLine) -> str:
    """A confirmed line's item key."""
    return _line_sk(line.live_id, line.speaker, line.seq)


def _numbers_sk(live_id: str, speaker: str) -> str:
    return f"LIVETXSEQ#{live_id}#{speaker}"


class LiveTranscriptRepository:
    """Confirmed lines, each an item, numbered per speaker by a counter item (an atomic ADD, so
    the cloud's concurrent Lambdas never give two lines one number)."""

    def add(self, line: TranscriptLine, company_id: str) -> None:
        Record(
            company_pk(company_id),
            _line_sk(line.live_id, line.speaker, line.seq),
            kind="live_transcript_line",
            data=line.model_dump(mode="json"),
        ).save()

    def confirmed(self, company_id: str, live_id: str) -> list[TranscriptLine]:
        """Every speaker's confirmed lines, ordered by `start` (one Query of the prefix)."""
        records = Record.query(company_pk(company_id), Record.sk.startswith(f"LIVETX#{live_id}#"))
        return sorted((_load(TranscriptLine, r) for r in records), key=lambda t: t.start)

    def reserve(self, company_id: str, live_id: str, speaker: str, count: int) -> int:
        """The first of `count` new line numbers of this speaker."""
        counter = Record(company_pk(company_id), _numbers_sk(live_id, speaker))
        counter.update(actions=[Record.used.add(count), Record.kind.set("live_transcript_numbers")])
        return int(counter.used or 0) - count

    def next_seq(self, company_id: str, live_id: str, speaker: str) -> int:
        """The number the speaker's next confirmed line will get (for their partial)."""
        try:
            record = Record.get(company_pk(company_id), _numbers_sk(live_id, speaker))
        except Record.DoesNotExist:
            return 0
        return int(record.used or 0)

    def recent_text(self, company_id: str, live_id: str, speaker: str, chars: int = 200) -> str:
        """The end of the speaker's confirmed text (the next transcription's prompt)."""
        records = Record.query(
            company_pk(company_id),
            Record.sk.startswith(f"LIVETX#{live_id}#{speaker}#"),
            scan_index_forward=False,
            limit=5,
            consistent_read=True,
        )
        lines = [_load(TranscriptLine, r).text for r in records]
        return " ".join(reversed(lines))[-chars:]

    def delete_all(self, company_id: str, live_id: str) -> int:
        """Every line of the interview and the speakers' line counters (erasure); the count."""
        lines = _delete_prefix(company_id, f"LIVETX#{live_id}#")
        _delete_prefix(company_id, f"LIVETXSEQ#{live_id}#")
        return lines


# The cloud transcriber's audio (functions/live/adapters/groq_windows) --------------------------

AUDIO_TTL_SECONDS = 3600  # chunks are transcribed within seconds; TTL erases what is left


def _audio_sk(live_id: str, speaker: str, stream: str, seq: int) -> str:
    return f"LIVEAUDIO#{live_id}#{speaker}#{stream}#{seq:08d}"


class LiveAudioRepository:
    """Each speaker stream's chunks, until their window is transcribed (TTL an hour):

    chunk   pk=COMPANY#<cid>  sk=LIVEAUDIO#<live id>#<speaker>#<stream>#<seq:08d>
    claim   pk=COMPANY#<cid>  sk=LIVEAUDIO#<live id>#<speaker>#<stream>#W<window:08d>
    clock   pk=COMPANY#<cid>  sk=LIVEAUDIO#<live id>#<speaker>#<stream>#CLOCK
    """

    def add(self, speaker: Connection, stream: str, seq: int, data: bytes, now: int) -> None:
        Record(
            company_pk(speaker.company_id),
            _audio_sk(speaker.live_id, speaker.participant_id, stream, seq),
            kind="live_audio_chunk",
            data={"audio": base64.b64encode(data).decode()},
            expires_at=now + AUDIO_TTL_SECONDS,
        ).save()

    def chunks(self, speaker: Connection, stream: str, first: int, count: int) -> list[bytes]:
        """The window's chunks that arrived, in order (one consistent Query)."""
        sk = partial(_audio_sk, speaker.live_id, speaker.participant_id, stream)
        records = Record.query(
            company_pk(speaker.company_id),
            Record.sk.between(sk(first), sk(first + count - 1)),
            consistent_read=True,
        )
        return [base64.b64decode(r.data.as_dict()["audio"]) for r in records]  # type: ignore[no-untyped-call]

    def _marker(
        self, speaker: Connection, stream: str, name: str, data: dict[str, Any], now: int
    ) -> Record:
        prefix = f"LIVEAUDIO#{speaker.live_id}#{speaker.participant_id}#{stream}#"
        return Record(
            company_pk(speaker.company_id),
            prefix + name,
            kind="live_audio_marker",
            data=data,
            expires_at=now + AUDIO_TTL_SECONDS,
        )

    def claim(self, speaker: Connection, stream: str, window: int, now: int) -> bool:
        """True for the one caller that transcribes this window (Lambdas run concurrently)."""
        marker = self._marker(speaker, stream, f"W{window:08d}", {}, now)
        try:
            marker.save(condition=Record.pk.does_not_exist())
        except PutError:
            return False
        return True

    def origin(self, speaker: Connection, stream: str, proposed: datetime, now: int) -> datetime:
        """The stream's clock: the first proposal stored wins (see streaming.StreamClock)."""
        marker = self._marker(speaker, stream, "CLOCK", {"origin": proposed.isoformat()}, now)
        try:
            marker.save(condition=Record.pk.does_not_exist())
        except PutError:
            stored = Record.get(marker.pk, marker.sk, consistent_read=True)
            return datetime.fromisoformat(stored.data.as_dict()["origin"])  # type: ignore[no-untyped-call]
        return proposed
