"""The recorder's audio chunks: where each is stored and what its key says (issue 18 item 2;
the pipeline's side is functions/transcription/chunks.py). Pure: the API imports it.

    answers/<company>/<interview>/<answer>/chunks/<nnnn>-<start ms>.wav
    answers/<company>/<interview>/<answer>/chunks/<nnnn>-<start ms>.transcript.json

Under answers/<company>/<interview>/, beside the recording: retention and erasure delete the
chunks with it. The key carries the chunk's number and its start on the recording's clock,
signed into the chunk's presigned POST; its length is read from the WAV header.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from functions.domain.errors import InvalidInput

CHUNK_CONTENT_TYPE = "audio/wav"
CHUNK_MAX_SECONDS = 10  # the recorder sends about 4.5 s
CHUNK_MAX_INDEX = 999  # 1000 chunks of 4 s: over an hour, past any question's limit
WAV_HEADER_BYTES = 44
# 16 kHz mono 16-bit PCM: 32 000 bytes a second, plus the header (and some room for extra chunks)
CHUNK_MAX_BYTES = CHUNK_MAX_SECONDS * 32_000 + 1024
TRANSCRIPT_SUFFIX = ".transcript.json"
_CHUNK_NAME = re.compile(r"^(\d{4})-(\d{1,9})\.wav$")


class ChunkRef(BaseModel):
    key: str
    index: int
    start_seconds: float

    @property
    def transcript_key(self) -> str:
        return self.key.removesuffix(".wav") + TRANSCRIPT_SUFFIX


def chunks_prefix(company_id: str, interview_id: str, answer_id: str) -> str:
    return f"answers/{company_id}/{interview_id}/{answer_id}/chunks/"


def chunk_key(company_id: str, interview_id: str, answer_id: str, index: int, start_ms: int) -> str:
    """Where chunk `index` goes; InvalidInput (naming the field) when it cannot be one."""
    if not 0 <= index <= CHUNK_MAX_INDEX:
        raise InvalidInput(f"n must be between 0 and {CHUNK_MAX_INDEX}")
    if start_ms < 0 or start_ms > 999_999_999:
        raise InvalidInput("start_ms must be between 0 and 999999999")
    return f"{chunks_prefix(company_id, interview_id, answer_id)}{index:04d}-{start_ms}.wav"


def parse_chunk_key(key: str) -> ChunkRef | None:
    """The chunk a key names, or None when it names no chunk."""
    parts = key.split("/")
    if len(parts) != 6 or parts[0] != "answers" or parts[4] != "chunks":
        return None
    found = _CHUNK_NAME.match(parts[5])
    if found is None:
        return None
    return ChunkRef(key=key, index=int(found[1]), start_seconds=int(found[2]) / 1000)


CHUNK_SECONDS = 4.0  # the recorder's step: a chunk every 4 s of recording
CHUNK_OVERLAP_SECONDS = 0.5  # each chunk starts this long before the previous one ends


class PlannedChunk(BaseModel):
    index: int
    start_seconds: float
    end_seconds: float

    @property
    def start_ms(self) -> int:
        return round(self.start_seconds * 1000)


def plan_chunks(
    recorded_seconds: float,
    step_seconds: float = CHUNK_SECONDS,
    overlap_seconds: float = CHUNK_OVERLAP_SECONDS,
) -> list[PlannedChunk]:
    """The chunks the recorder cuts `recorded_seconds` of audio into (frontend/src/candidate/
    audioChunks.ts cuts the same): chunk n ends at (n + 1) * step and starts `overlap` before
    chunk n - 1 ends; the last ends with the recording. A last stretch shorter than the overlap
    is left to the pipeline (cut from the recording, stitching.py)."""
    if step_seconds <= overlap_seconds:
        raise ValueError("a chunk must be longer than its overlap")
    planned: list[PlannedChunk] = []
    end = 0.0
    while recorded_seconds - end > overlap_seconds or (not planned and recorded_seconds > 0):
        start = max(0.0, end - overlap_seconds)
        end = min(recorded_seconds, (len(planned) + 1) * step_seconds)
        planned.append(PlannedChunk(index=len(planned), start_seconds=start, end_seconds=end))
    return planned
