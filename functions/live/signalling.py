"""The room of a live interview: who is in it, and relaying what they say to each other.

Handlers (the cloud's WebSocket routes, the local endpoint) call these with a Room of ports.
Every frame out goes through the ConnectionGateway; a connection it reports gone (API
Gateway's 410) is removed from the session, and the others still get the frame. The protocol
is in signalling_rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from functions.domain.companies import MANAGERS, User
from functions.domain.errors import Conflict, Gone, NotFound
from functions.domain.interviews import hash_token
from functions.events import producers as events
from functions.live.domain import LiveInterview, LiveStatus, TimelineEntry, TimelineKind
from functions.live.ice import IceServer
from functions.live.lines import fitting, transcript_frame
from functions.live.ports import ConnectionGateway, ConnectionGone, LiveTranscriber
from functions.live.signalling_rules import (
    HEARTBEAT_SECONDS,
    Audio,
    Connection,
    End,
    FollowUp,
    Join,
    Leave,
    Message,
    Ping,
    ProtocolError,
    Relay,
    Role,
    ShowQuestion,
    encode,
    parse,
    participant,
)
from functions.live.transcript import TranscriptLine

if TYPE_CHECKING:
    from functions.live.store import (
        ConnectionRepository,
        LiveInterviewRepository,
        LiveTranscriptRepository,
    )

CANDIDATE = "candidate"


@dataclass(frozen=True)
class Room:
    lives: LiveInterviewRepository
    connections: ConnectionRepository
    gateway: ConnectionGateway
    # The ICE servers of one participant (their own TURN credentials), by their TURN name.
    ice: Callable[[str], list[IceServer]]
    # The live transcript (issue 13 item 5): None where audio is not transcribed.
    transcriber: LiveTranscriber | None = None
    transcripts: LiveTranscriptRepository | None = None


@dataclass(frozen=True)
class Identity:
    """Who a new connection belongs to, established when it connects."""

    live: LiveInterview
    participant_id: str
    role: Role
    name: str


def candidate_identity(lives: LiveInterviewRepository, token: str, now: datetime) -> Identity:
    """The candidate of the link's live interview, while its room is open."""
    live = lives.by_token_hash(hash_token(token))
    if live is None:
        raise NotFound("this link is not valid")
    _ensure_open(live, now)
    return Identity(live, CANDIDATE, "candidate", live.candidate.name)


def member_identity(
    lives: LiveInterviewRepository, user: User, live_id: str, now: datetime
) -> Identity:
    """A member on the panel, or an admin or recruiter of the company (interviewers not on
    the panel get the same 404 as for a missing interview)."""
    found = lives.get(user.company_id, live_id)
    if found is None or (user.role not in MANAGERS and user.id not in found[0].interviewer_ids):
        raise NotFound(f"live interview {live_id} not found")
    _ensure_open(found[0], now)
    return Identity(found[0], user.id, "interviewer", user.name)


def _ensure_open(live: LiveInterview, now: datetime) -> None:
    if live.status in {LiveStatus.CANCELLED, LiveStatus.ENDED}:
        raise Gone(f"this live interview is {live.status.value}")
    if not live.room_open(now):
        raise Conflict(
            f"the room is open from 15 minutes before {live.starts_at.isoformat()} to 2 hours "
            "after the planned end"
        )


def connect(room: Room, connection_id: str, identity: Identity, now: datetime) -> Connection:
    """Remember the connection (it has not joined yet: frames can reach it only after
    API Gateway completed the connect)."""
    connection = Connection(
        connection_id=connection_id,
        company_id=identity.live.company_id,
        live_id=identity.live.id,
        participant_id=identity.participant_id,
        role=identity.role,
        name=identity.name,
        connected_at=now,
    )
    room.connections.put(connection)
    return connection


def receive(room: Room, connection_id: str, frame: str | bytes, now: datetime) -> None:
    """One frame from a connection; what is wrong with it goes back as an error frame."""
    try:
        message = parse(frame)
        connection = room.connections.get(connection_id)
        if connection is None:
            raise ProtocolError("not_connected", "connect again: this connection is unknown")
        _dispatch(room, connection, message, now)
    except ProtocolError as refused:
        _reply(room, connection_id, refused.frame())


def disconnect(room: Room, connection_id: str) -> None:
    """The socket closed (or left): out of the session; the others hear of it if it had
    joined."""
    connection = room.connections.get(connection_id)
    if connection is not None:
        _leave(room, connection)


# The messages ---------------------------------------------------------------------------------


def _dispatch(room: Room, connection: Connection, message: Message, now: datetime) -> None:
    if isinstance(message, Ping):
        _send(room, [connection], {"type": "pong"})
    elif isinstance(message, Join):
        _join(room, connection, now)
    elif connection.joined_at is None:
        raise ProtocolError("not_joined", "send a join message first")
    elif isinstance(message, Relay):
        _relay(room, connection, message)
    elif isinstance(message, ShowQuestion):
        _show_question(room, connection, message, now)
    elif isinstance(message, FollowUp):
        _follow_up(room, connection, message, now)
    elif isinstance(message, End):
        _end(room, connection, now)
    elif isinstance(message, Leave):
        _leave(room, connection)
    elif isinstance(message, Audio):
        _hear(room, connection, message, now)


def _live(room: Room, connection: Connection) -> tuple[LiveInterview, int]:
    found = room.lives.get(connection.company_id, connection.live_id)
    if found is None:
        raise ProtocolError("room_closed", "this live interview no longer exists")
    return found


def _join(room: Room, connection: Connection, now: datetime) -> None:
    """Enter the room; a participant who was in it before resumes the same session (their
    older connection, if API Gateway has not reported it closed yet, is dropped)."""
    live, revision = _live(room, connection)
    if not live.room_open(now):
        raise ProtocolError("room_closed", f"this live interview is {live.status.value}")
    if connection.role == CANDIDATE and live.consent is None:
        raise ProtocolError(
            "consent_required",
            "agree to the recording and its analysis first (giveLiveConsent), then join",
        )
    resumed = connection.participant_id in live.joined_ids
    if not resumed or live.status is LiveStatus.SCHEDULED:
        live = _record_join(room, live, revision, connection.participant_id, now)
    session = room.connections.in_session(connection.company_id, connection.live_id)
    for older in session:
        same = older.participant_id == connection.participant_id
        if same and older.connection_id != connection.connection_id:
            room.connections.remove(older)
    joined = connection.model_copy(update={"joined_at": now})
    room.connections.put(joined)
    others = [
        c
        for c in session
        if c.joined_at is not None and c.participant_id != connection.participant_id
    ]
    _send(
        room,
        [joined],
        {
            "type": "joined",
            "you": participant(joined).model_dump(),
            "participants": [participant(c).model_dump() for c in others],
            "ice_servers": [
                s.model_dump(exclude_none=True)
                for s in room.ice(f"{live.id}.{connection.participant_id}")
            ],
            "heartbeat_seconds": HEARTBEAT_SECONDS,
            "resumed": resumed,
            "status": live.status.value,
            "question": _question(live, joined),
            "server_time": now.isoformat(),
            "started_at": live.started_at.isoformat() if live.started_at else None,
            "ends_at": live.ends_at.isoformat(),
            "timeline": [_entry(live, e, joined, full=False) for e in live.timeline],
        },
    )
    announced = {"type": "participant_joined", "participant": participant(joined).model_dump()}
    _send(room, others, {**announced, "resumed": resumed})


def _record_join(
    room: Room, live: LiveInterview, revision: int, participant_id: str, now: datetime
) -> LiveInterview:
    """The participant on the list of those who joined; the first join starts the interview
    (its `live_interview.started` event written with it)."""
    change: dict[str, Any] = {"joined_ids": sorted({*live.joined_ids, participant_id})}
    starting = live.status is LiveStatus.SCHEDULED
    if starting:
        change |= {"status": LiveStatus.IN_PROGRESS, "started_at": now}
    updated = live.model_copy(update=change)
    try:
        room.lives.save(
            updated, revision, events=[events.live_interview_started(updated)] if starting else []
        )
    except Conflict:  # someone else joined at the same moment: their write stands, retry ours
        again, again_revision = room.lives.get(live.company_id, live.id) or (live, revision)
        if participant_id in again.joined_ids and again.status is not LiveStatus.SCHEDULED:
            return again
        return _record_join(room, again, again_revision, participant_id, now)
    return updated


def _question(live: LiveInterview, to: Connection) -> dict[str, Any] | None:
    """The question on screen (the timeline's last); the candidate never sees an ideal
    answer."""
    if live.timeline:
        return _entry(live, live.timeline[-1], to, full=True)
    if live.current_question is None:  # put on screen before the timeline was kept
        return None
    question = live.questions[live.current_question]
    shown = question.model_dump(include={"id", "text", "time_limit_seconds"})
    if to.role == "interviewer":
        shown["ideal_answer"] = question.ideal_answer
    return {"index": live.current_question, **shown}


def _entry(
    live: LiveInterview, entry: TimelineEntry, to: Connection, *, full: bool
) -> dict[str, Any]:
    """A timeline entry as `to` may see it: the candidate its number, kind, text and time;
    an interviewer also who asked, the template index and (`full`) the question's details."""
    shown: dict[str, Any] = {
        "number": entry.number,
        "kind": entry.kind.value,
        "text": entry.text,
        "asked_at": entry.asked_at.isoformat(),
    }
    if to.role == "interviewer" or full:
        shown["index"] = entry.index
    if to.role == "interviewer":
        shown["asked_by"] = entry.asked_by
    if full and entry.index is not None and entry.index < len(live.questions):
        question = live.questions[entry.index]
        shown |= {"id": question.id, "time_limit_seconds": question.time_limit_seconds}
        if to.role == "interviewer":
            shown["ideal_answer"] = question.ideal_answer
    return shown


def _relay(room: Room, sender: Connection, message: Relay) -> None:
    targets = [
        c
        for c in room.connections.in_session(sender.company_id, sender.live_id)
        if c.participant_id == message.to and c.joined_at is not None
    ]
    if not targets:
        raise ProtocolError("not_in_room", f"{message.to} is not in the room")
    frame = {"type": message.type, "from": sender.participant_id, "payload": message.payload}
    if not _send(room, targets, frame):
        raise ProtocolError("not_in_room", f"{message.to} has left the room")


def _interviewer(connection: Connection, what: str) -> None:
    if connection.role != "interviewer":
        raise ProtocolError("forbidden", f"only an interviewer may {what}")


def _show_question(room: Room, sender: Connection, message: ShowQuestion, now: datetime) -> None:
    _interviewer(sender, "choose the question")
    live, _ = _live(room, sender)
    if message.index >= len(live.questions):
        raise ProtocolError(
            "invalid_message", f"index: this interview has {len(live.questions)} questions"
        )
    text = live.questions[message.index].text
    _ask(room, sender, now, TimelineKind.TEMPLATE, message.index, text)


def _follow_up(room: Room, sender: Connection, message: FollowUp, now: datetime) -> None:
    _interviewer(sender, "ask a follow-up question")
    _ask(room, sender, now, TimelineKind.FOLLOWUP, None, message.text)


def _ask(
    room: Room,
    sender: Connection,
    now: datetime,
    kind: TimelineKind,
    index: int | None,
    text: str,
) -> None:
    """The question onto the timeline (the next number; read again after a parallel write),
    then on everyone's screen at once."""
    for _ in range(5):
        live, revision = _live(room, sender)
        if live.status is not LiveStatus.IN_PROGRESS:
            raise ProtocolError("room_closed", f"this live interview is {live.status.value}")
        entry = TimelineEntry(
            number=len(live.timeline) + 1,
            kind=kind,
            index=index,
            text=text,
            asked_at=now,
            asked_by=sender.participant_id,
        )
        change: dict[str, Any] = {"timeline": [*live.timeline, entry]}
        if index is not None:
            change["current_question"] = index
        live = live.model_copy(update=change)
        try:
            room.lives.save(live, revision)
        except Conflict:
            continue
        for member in _joined(room, sender):
            _send(room, [member], {"type": "question", "question": _question(live, member)})
        return
    raise ProtocolError("busy", "the room is busy; ask again")


def _end(room: Room, sender: Connection, now: datetime) -> None:
    _interviewer(sender, "end the interview")
    live, revision = _live(room, sender)
    if live.status is not LiveStatus.ENDED:
        ended = live.model_copy(
            update={"status": LiveStatus.ENDED, "ended_at": now, "ended_by": sender.participant_id}
        )
        room.lives.save(ended, revision, events=[events.live_interview_ended(ended)])
    session = _joined(room, sender)
    _send(room, session, {"type": "ended", "by": sender.participant_id})
    for member in session:
        room.connections.remove(member)


def _leave(room: Room, connection: Connection) -> None:
    room.connections.remove(connection)
    if connection.joined_at is None:
        return
    left = {"type": "participant_left", "participant": participant(connection).model_dump()}
    _send(room, _joined(room, connection), left)


def _hear(room: Room, speaker: Connection, chunk: Audio, now: datetime) -> None:
    """A chunk of the speaker's own microphone, to the transcriber; its lines reach everyone
    joined (now, or later from a local worker)."""
    if room.transcriber is None or room.transcripts is None:
        raise ProtocolError("transcription_unavailable", "this room does not transcribe audio")

    def publish(lines: Sequence[TranscriptLine]) -> None:
        _publish(room, speaker, lines)

    room.transcriber.hear(speaker, chunk, now, publish)


def _publish(room: Room, speaker: Connection, lines: Sequence[TranscriptLine]) -> None:
    """Confirmed lines numbered (per speaker) and stored, then every line to everyone joined,
    in pieces under the frame limit; a partial carries the number its line will get."""
    assert room.transcripts is not None
    pieces = [piece for line in lines for piece in fitting(line, speaker.name)]
    finals = [p for p in pieces if p.final]
    ids = (speaker.company_id, speaker.live_id, speaker.participant_id)
    transcripts = room.transcripts
    first = transcripts.reserve(*ids, len(finals)) if finals else transcripts.next_seq(*ids)
    numbered: list[TranscriptLine] = []
    for piece in pieces:
        numbered.append(piece.model_copy(update={"seq": first}))
        if piece.final:
            room.transcripts.add(numbered[-1], speaker.company_id)
            first += 1
    session = _joined(room, speaker)
    for line in numbered:
        _send(room, session, transcript_frame(line, speaker.name))


def _joined(room: Room, anyone: Connection) -> list[Connection]:
    session = room.connections.in_session(anyone.company_id, anyone.live_id)
    return [c for c in session if c.joined_at is not None]


def _reply(room: Room, connection_id: str, message: dict[str, Any]) -> None:
    """A frame to the sender alone (an error; the connection may be unknown or gone)."""
    try:
        room.gateway.send(connection_id, encode(message))
    except ConnectionGone:
        return


def _send(room: Room, to: Iterable[Connection], message: dict[str, Any]) -> int:
    """The frame to each; a gone connection is removed (that one, never the sender's) and the
    rest still get it. Returns how many it reached."""
    frame = encode(message)
    reached = 0
    for connection in to:
        try:
            room.gateway.send(connection.connection_id, frame)
        except ConnectionGone:
            room.connections.remove(connection)
            continue
        reached += 1
    return reached
