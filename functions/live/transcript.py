"""A live interview's transcript: lines by speaker on the server's clock (pure, no I/O).

The live transcriber (functions/live/streaming, issue 13 item 5) writes confirmed lines as the
call goes; the analysis after the call (issue 13 item 6) reads them to give each asked question
its answer's transcript. Times are the server's (UTC), so they compare with the question
timeline and with a recording's server-stamped start.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel

from functions.live.signalling_rules import Role


class TranscriptLine(BaseModel):
    live_id: str
    speaker: str  # the participant id: a member's user id, or "candidate"
    role: Role
    seq: int  # per speaker, increasing from 0 in the order the lines were confirmed
    text: str
    language: str | None = None  # ISO 639-1, as the transcriber reported it
    start: datetime  # when the first word was spoken (server clock)
    end: datetime  # when the last word ended
    final: bool = True  # False: the unconfirmed tail pushed to the room, never stored


class LiveTranscripts(Protocol):
    """Confirmed lines of a live interview, every speaker, ordered by `start`."""

    def confirmed(self, company_id: str, live_id: str) -> list[TranscriptLine]: ...
