"""The outside things the room needs: something that delivers a frame to a connection, and a
streaming transcriber of the participants' audio.

Two adapters each (functions/live/adapters): API Gateway's Management API in the cloud
(PostToConnection), the local platform's in-process WebSocket registry under `make dev`; Groq
Whisper over stored windows in the cloud, faster-whisper streaming locally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from functions.live.signalling_rules import Audio, Connection
from functions.live.transcript import TranscriptLine


class ConnectionGone(Exception):
    """The connection no longer exists (API Gateway's 410 GoneException, a closed socket)."""


class ConnectionGateway(Protocol):
    def send(self, connection_id: str, frame: str) -> None:
        """Deliver one frame; ConnectionGone when the connection is gone."""
        ...


Publish = Callable[[Sequence[TranscriptLine]], None]
"""Where a transcriber's lines go: confirmed ones are numbered, stored and pushed, a partial
(final=False) only pushed, to everyone joined (functions/live/transcribing.publish)."""


class LiveTranscriber(Protocol):
    """Streaming speech-to-text of the room's microphones (one `audio` chunk at a time).

    Two adapters (functions/live/adapters): locally faster-whisper with LocalAgreement-2 in a
    worker per stream (hear() returns at once; lines are published from the worker); in the
    cloud, windows of a few seconds stored and sent to Groq Whisper (hear() publishes the
    window's lines before it returns)."""

    def hear(
        self, speaker: Connection, chunk: Audio, arrived: datetime, publish: Publish
    ) -> None: ...
