"""Part (c) of the pipeline benchmark: an answer whose audio was streamed in chunks while it was
recorded (issue 18 item 2). The recording is simulated in real time: every chunk the recorder
would cut (functions/domain/audio_chunks.plan_chunks, 4 s with 0.5 s overlaps) is granted
(createAnswerAudioChunk) and POSTed when the recording reaches its end, and the audio-chunks
queue's catalog consumer transcribes it meanwhile (two pollers, as `make dev` polls the queue);
when the recording stops, the last chunk and the video go up and the upload completes. Timed:
upload complete -> ScoreAnswer left."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.pipeline.answers import QUESTIONS, make_answer
from benchmarks.pipeline.platform import Bench
from benchmarks.pipeline.timeline import state_exit, steps
from functions import wiring
from functions.domain.audio_chunks import chunks_prefix
from functions.local.event_sources import QueuePoller
from functions.resources import AUDIO_CHUNKS_QUEUE, CATALOG
from functions.settings import get_settings
from tests.fixtures import media

CHUNK_CONSUMERS = 2
# The audio branch with chunks: the answer's critical path, upload to score.
STREAMED_CRITICAL = ("VerifyUpload", "Probe", "StitchChunks", "SaveTranscript", "ScoreAnswer")


@dataclass(frozen=True)
class Streamed:
    language: str
    chunks: int
    heard_before_complete: int  # chunks already transcribed when the upload completed
    stitched: bool  # the run took the chunks' path (no whole-file transcription)
    scored: float  # upload complete -> ScoreAnswer left, seconds
    stitch_seconds: float  # the StitchChunks state
    status: str
    left: int  # chunks StitchChunks found untranscribed (after waiting for the consumer)
    fills: int  # stretches it cut from the recording and transcribed itself
    reason: str  # why StitchChunks did not stitch (the whole recording was transcribed)
    steps: dict[str, float]  # the critical path's states, seconds


def _consumers() -> list[QueuePoller]:
    source = next(s for s in CATALOG.event_sources if s.source == AUDIO_CHUNKS_QUEUE.base)
    pollers = [QueuePoller(get_settings(), source) for _ in range(CHUNK_CONSUMERS)]
    for poller in pollers:
        poller.start()
    return pollers


def _transcribed(invitation: dict[str, Any], answer_id: str, company_id: str) -> int:
    keys = wiring.blobs().list_keys(chunks_prefix(company_id, invitation["id"], answer_id))
    return sum(1 for k in keys if k.endswith(".transcript.json"))


def streamed_answer(bench: Bench, folder: Path, language: str, seconds: int) -> Streamed:
    source = make_answer(folder, language, seconds, first=3)
    chunks = media.audio_chunks(media.long_speech_wav(language, folder, seconds, first=3), folder)
    invitation = bench.interview(language, [QUESTIONS[language]], seconds)
    candidate = {"Authorization": f"Bearer {invitation['token']}"}
    session = bench.api.get("/candidate/session", headers=candidate).json()
    data = source.read_bytes()
    grant = bench.api.post("/candidate/answers", headers=candidate, json={
        "question_id": session["current_question"]["id"], "content_type": "video/webm",
        "size_bytes": len(data)}).json()  # fmt: skip
    answer_id = str(grant["answer_id"])
    consumers = _consumers()
    company_id = ""
    try:
        recording_started = time.monotonic()
        for chunk, wav in chunks:  # each chunk leaves when the recording reaches its end
            time.sleep(max(0.0, recording_started + chunk.end_seconds - time.monotonic()))
            chunk_grant = bench.api.post(
                f"/candidate/answers/{answer_id}/chunks/{chunk.index}",
                headers=candidate,
                json={"start_ms": chunk.start_ms},
            ).json()
            company_id = chunk_grant["fields"]["key"].split("/")[1]
            httpx.post(chunk_grant["url"], data=chunk_grant["fields"],
                       files={"file": ("c.wav", wav, "audio/wav")}).raise_for_status()  # fmt: skip
        stored = httpx.post(grant["url"], data=grant["fields"], timeout=120,
                            files={"file": ("a.webm", data, "video/webm")})  # fmt: skip
        stored.raise_for_status()
        uploaded = time.time()
        heard = _transcribed(invitation, answer_id, company_id)
        bench.api.post(f"/candidate/answers/{answer_id}/complete", headers=candidate)
        history = bench.history(bench.process_answer, answer_id)
    finally:
        for poller in consumers:
            poller.stop()
        for poller in consumers:
            poller.join(timeout=30)
    entered = {
        e["stateEnteredEventDetails"]["name"] for e in history if "stateEnteredEventDetails" in e
    }
    timed = {s.name: s.seconds for s in steps(history, set(STREAMED_CRITICAL))}
    result = _stitch_result(history)
    detail = bench.interview_detail(invitation["id"])
    return Streamed(
        language=language,
        chunks=len(chunks),
        heard_before_complete=heard,
        stitched="ExtractAudio" not in entered,
        scored=(state_exit(history, "ScoreAnswer") or float("nan")) - uploaded,
        stitch_seconds=timed.get("StitchChunks", float("nan")),
        status=detail["answers"][0]["status"],
        left=int(result.get("untranscribed", -1)),
        fills=int(result.get("fills", -1)),
        reason=str(result.get("reason", "")),
        steps=timed,
    )


def _stitch_result(history: list[dict[str, Any]]) -> dict[str, Any]:
    """StitchChunks' whole result (the Lambda's payload, before its ResultSelector)."""
    for event in history:
        output = event.get("taskSucceededEventDetails", {}).get("output")
        if output and '"untranscribed"' in output:
            return dict(json.loads(output).get("Payload") or {})
    return {}


def print_streamed(runs: list[Streamed], seconds: int, target: float) -> None:
    print(f"(c) upload complete -> scored with streamed audio chunks, {seconds} s answer "
          f"recorded in real time (target <= {target:.0f} s)")  # fmt: skip
    print("    lang  chunks  transcribed at completion  left  fills  stitched  StitchChunks  "
          "scored  status")  # fmt: skip
    for r in runs:
        verdict = "within target" if r.scored <= target else "OVER TARGET"
        print(f"    {r.language:<4}  {r.chunks:>6}  {r.heard_before_complete:>25}  {r.left:>4}  "
              f"{r.fills:>5}  {'yes' if r.stitched else 'NO':>8}  {r.stitch_seconds:>12.2f}  "
              f"{r.scored:>6.2f}  {r.status} ({verdict})"
              + (f"; not stitched: {r.reason}" if not r.stitched else ""))  # fmt: skip
    print("    where the time goes (seconds): "
          + "; ".join(f"{r.language} " + ", ".join(f"{name} {r.steps[name]:.2f}"
                      for name in STREAMED_CRITICAL if name in r.steps) for r in runs))  # fmt: skip
