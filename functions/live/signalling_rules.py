"""The signalling protocol of a live interview's room (pure: no I/O).

Every frame is one JSON object with a `type`. A participant sends:
    join                              enter the room (again, after a dropped connection: resumes)
    offer / answer / ice  to, payload relayed to the participant `to` (SDP or an ICE candidate)
    question  index                   (interviewers) put a prepared question on everyone's screen
    followup  text                    (interviewers) ask a question of their own (1..1000 chars)
    end                               (interviewers) end the interview for everyone
    ping                              heartbeat: answered with pong
    leave                             leave the room (a closed connection does the same)
    audio  stream, seq, encoding, rate, data   about 1 s of the sender's own microphone (mono,
                                      16 kHz G.711 mu-law, base64), seq from 0 per stream
and receives joined (peers, ICE servers, the current question, `resumed`, `server_time`,
`started_at`, `ends_at` and the timeline of questions asked), participant_joined,
participant_left, offer / answer / ice (with `from`), question, ended, pong, transcript (a
speaker's `line`: final=false the unconfirmed tail, final=true a confirmed line) and error
(`code`, `detail`).

Limits of API Gateway's WebSocket APIs, which the local endpoint keeps too: a frame is at most
32 KB (a message over MAX_MESSAGE_BYTES is refused with an error frame, leaving room for the
envelope a relay adds); a connection idle for 10 minutes is closed (clients ping every
HEARTBEAT_SECONDS); every connection is cut at 2 hours (the client connects again and joins:
the room continues where it was).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

FRAME_LIMIT_BYTES = 32 * 1024
MAX_MESSAGE_BYTES = FRAME_LIMIT_BYTES - 1024  # a relay adds `from` and its own keys
HEARTBEAT_SECONDS = 300  # well under API Gateway's 10-minute idle timeout
CONNECTION_LIMIT_SECONDS = 2 * 3600
MAX_FOLLOWUP_CHARS = 1000

Role = Literal["candidate", "interviewer"]

AUDIO_RATE = 16000  # samples per second; mu-law: one byte a sample
MAX_AUDIO_SECONDS = 1.5  # a chunk is about 1 s; a little more is tolerated
MAX_AUDIO_BYTES = int(AUDIO_RATE * MAX_AUDIO_SECONDS)


class Connection(BaseModel):
    """One participant's WebSocket connection to a room."""

    connection_id: str
    company_id: str
    live_id: str
    participant_id: str  # the member's user id, or "candidate"
    role: Role
    name: str
    connected_at: datetime
    joined_at: datetime | None = None


class Participant(BaseModel):
    participant_id: str
    role: Role
    name: str


def participant(connection: Connection) -> Participant:
    return Participant(
        participant_id=connection.participant_id, role=connection.role, name=connection.name
    )


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Join(_Message):
    type: Literal["join"]


class Relay(_Message):
    type: Literal["offer", "answer", "ice"]
    to: str = Field(min_length=1, max_length=128)
    payload: dict[str, Any]


class ShowQuestion(_Message):
    type: Literal["question"]
    index: int = Field(ge=0)


class FollowUp(_Message):
    type: Literal["followup"]
    text: str = Field(min_length=1, max_length=MAX_FOLLOWUP_CHARS)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("must not be blank")
        return text.strip()


class End(_Message):
    type: Literal["end"]


class Ping(_Message):
    type: Literal["ping"]


class Leave(_Message):
    type: Literal["leave"]


class Audio(_Message):
    """About one second of the sender's own microphone (their stream, in order by seq)."""

    type: Literal["audio"]
    stream: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    seq: int = Field(ge=0, lt=10**8)
    encoding: Literal["mulaw"]
    rate: Literal[16000]
    data: bytes = Field(min_length=1, max_length=MAX_AUDIO_BYTES)

    @field_validator("data", mode="before")
    @classmethod
    def _decoded(cls, value: object) -> bytes:
        if not isinstance(value, str):
            raise ValueError("base64 text expected")
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not valid base64") from None

    @property
    def seconds(self) -> float:
        return len(self.data) / AUDIO_RATE


Message = Annotated[
    Join | Relay | ShowQuestion | FollowUp | End | Ping | Leave | Audio, Field(discriminator="type")
]
_messages: TypeAdapter[Message] = TypeAdapter(Message)


class ProtocolError(Exception):
    """A frame the room refuses; the sender gets an error frame with this code and detail."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail

    def frame(self) -> dict[str, Any]:
        return {"type": "error", "code": self.code, "detail": self.detail}


def parse(frame: str | bytes) -> Message:
    """One incoming frame as its message, or ProtocolError naming what is wrong."""
    size = len(frame.encode() if isinstance(frame, str) else frame)
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            "message_too_large",
            f"a message may have at most {MAX_MESSAGE_BYTES} bytes (API Gateway's frame limit "
            f"is {FRAME_LIMIT_BYTES}); this one has {size}",
        )
    try:
        return _messages.validate_python(json.loads(frame))
    except (ValueError, ValidationError) as error:
        fields = (
            ", ".join(".".join(str(p) for p in e["loc"]) or "type" for e in error.errors())
            if isinstance(error, ValidationError)
            else "the frame is not JSON"
        )
        raise ProtocolError("invalid_message", f"invalid message: {fields}") from None


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)
