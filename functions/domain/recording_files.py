"""A recording's file name extension by its content type: the last part of an answer's upload
key (answers/<company>/<interview>/<answer>.<ext>) and of a live call's recording.

The uploads bucket's `answer-uploaded` rule (functions/resources.py) matches exactly these
extensions under answers/, so the recorder's audio chunks and their transcripts, stored beside
the recording (functions/domain/audio_chunks.py: .wav, .transcript.json), start no answer run.
No imports: the resource catalog reads it.
"""

from __future__ import annotations

RECORDING_EXTENSIONS = {
    "video/webm": "webm",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "audio/webm": "weba",
}
# A type accepted by settings.answer_content_types that has no extension above.
OTHER_RECORDING_EXTENSION = "bin"


def recording_extension(content_type: str) -> str:
    return RECORDING_EXTENSIONS.get(content_type, OTHER_RECORDING_EXTENSION)


def recording_extensions() -> tuple[str, ...]:
    """Every extension a recording's key can end with."""
    return (*RECORDING_EXTENSIONS.values(), OTHER_RECORDING_EXTENSION)
