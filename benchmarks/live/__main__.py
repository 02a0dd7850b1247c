"""Benchmark: the analysis after a live call (issue 13 item 6: "the interview's analysis is
ready within 30 s of the end of a 10-minute call").

    .venv/bin/python -m benchmarks.live [--seconds 600] [--runs 1]

A call of `--seconds` (benchmarks/live/call.py): the candidate's 640x360 VP8/Opus WebM with
varied espeak-ng speech, a timeline of template questions and follow-ups, and the candidate's
confirmed live-transcript lines as the live transcriber stores them during the call (made from
the spoken text and its times, one line a sentence). Two calls: one where the live
transcriber confirmed everything said, one where it missed two answers, whose speech is then
transcribed from the recording (the fallback's cost). Generating
the media is not timed. The recording is uploaded during the call through the live recording
operations (multipart parts); then the call ends (`live_interview.ended` on the bus) and the
candidate's browser completes the recording. Timed, through the local platform (embedded AWS,
the catalog's event source pollers, the in-process Lambda runtime, real FFmpeg, local
faster-whisper and the offline analyzer, models loaded before as a warm Lambda has them):
recording complete -> the analysis stored (the moment of the store, exact) and readable through
getLiveInterview (polled every POLL_SECONDS: the recruiter's page polls every 3 s, and polling
faster would compete with the analysis for this process), with where the time went (the parts
overlap: the download and the fallback's transcription run beside the scoring), the process's
CPU seconds, and when every answer's video_url appeared. The machine is shared: the load average
(`uptime`) is printed beside every number, and the runs end with each case's median.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from benchmarks.live.call import SIZE, TIMELINE, Said, recording, speech
from benchmarks.pipeline.answers import QUESTIONS
from benchmarks.pipeline.platform import Bench
from functions import wiring
from functions.analysis.ports import AnswerForScoring
from functions.domain.consent import CONSENT_TEXT_VERSIONS
from functions.events import producers as events
from functions.live.domain import LiveStatus, TimelineEntry, TimelineKind
from functions.live.transcript import TranscriptLine
from functions.local.aws import EmbeddedAws
from functions.local.event_sources import LocalEventSources
from functions.local.provision import provision_environment
from functions.observability import logger
from functions.settings import get_settings
from functions.transcription.ports import AudioInput

TARGET_SECONDS = 30.0
# Answers (timeline numbers) without confirmed lines: none (the live transcriber confirmed all
# that was said), then two it missed, whose speech is transcribed from the recording.
SCENARIOS = (frozenset[int](), frozenset({3, 5}))
PARTS = {"download": "downloading the recording", "clip": "cutting clips",
         "transcribe": "transcribing what had no live lines",
         "score": "scoring (answers, then the interview)"}  # fmt: skip
POLL_SECONDS = 0.5


@dataclass
class PartClock:
    """When the analysis's work ran: the media tool's, transcriber's and analyzer's methods
    timed where they are defined, whichever thread calls them."""

    spans: list[tuple[str, float, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stored: dict[str, float] = field(default_factory=dict)  # live id -> analysis stored (epoch)

    def wrap(self, owner: type, name: str, part: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.time()
            try:
                return original(*args, **kwargs)
            finally:
                with self.lock:
                    self.spans.append((part, started, time.time()))

        setattr(owner, name, timed)

    def install(self) -> None:
        media = type(wiring.media_tool())
        self.wrap(media, "clip", "clip")
        for name in ("to_speech_audio", "cut_speech_audio"):
            self.wrap(media, name, "transcribe")
        self.wrap(type(wiring.transcriber()), "transcribe", "transcribe")
        analyzer = type(wiring.analyzer())
        for name in ("score_answer", "analyze_interview"):
            self.wrap(analyzer, name, "score")
        self.wrap(type(wiring.blobs()), "download", "download")
        self.watch_store()

    def watch_store(self) -> None:
        """When the analysis was stored (the save that made it "analyzed"), to the moment."""
        lives = type(wiring.live_interviews())
        original = lives.save

        def save(repo: Any, live: Any, *args: Any, **kwargs: Any) -> Any:
            saved = original(repo, live, *args, **kwargs)
            if str(live.analysis_status) == "analyzed":
                with self.lock:
                    self.stored.setdefault(live.id, time.time())
            return saved

        lives.save = save

    def between(self, start: float, end: float) -> list[tuple[str, float, float]]:
        with self.lock:
            return [s for s in self.spans if s[1] >= start and s[2] <= end + 0.05]


@dataclass(frozen=True)
class Run:
    stored: float  # recording complete -> the analysis stored, seconds (exact)
    analyzed: float  # recording complete -> getLiveInterview shows "analyzed" (polled)
    cpu: float  # this process's CPU seconds (and its FFmpeg's) until the analysis was readable
    load: tuple[float, float]  # the 1-minute load average before and after
    clips: float  # recording complete -> every answer's video_url
    status: str
    parts: dict[str, float]
    clips_after: float  # seconds of clip cutting after the analysis was stored
    sources: list[str]
    recommendation: str


def _live(bench: Bench, me: str, seconds: float) -> dict[str, Any]:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    questions = [{"text": text} for kind, text, _ in TIMELINE if kind == "template"]
    body = {"candidate": {"name": "Bea Bench", "email": "bea@example.com", "language": "en"},
            "questions": questions, "starts_at": starts.isoformat(),
            "duration_minutes": math.ceil(seconds / 60), "interviewer_ids": [me]}  # fmt: skip
    created = bench.api.post("/interviews/live", json=body, headers=bench.hr)
    created.raise_for_status()
    live = dict(created.json())
    consent = {"text_version": CONSENT_TEXT_VERSIONS[-1], "language": "en",
               "recording_and_ai_analysis": True}  # fmt: skip
    candidate = {"Authorization": f"Bearer {live['token']}"}
    bench.api.post("/interviews/live/candidate/consent", json=consent, headers=candidate)
    return live


def _upload(bench: Bench, live: dict[str, Any], video: Path) -> tuple[str, list[dict[str, Any]]]:
    """The browser's upload during the call: the recording's parts, not yet completed."""
    candidate = {"Authorization": f"Bearer {live['token']}"}
    grant = bench.api.post("/interviews/live/candidate/recordings", headers=candidate,
                           json={"content_type": "video/webm"})  # fmt: skip
    grant.raise_for_status()
    body = grant.json()
    data, size = video.read_bytes(), int(body["part_size_bytes"])
    parts = []
    for n, part in enumerate(body["parts"]):
        chunk = data[n * size : (n + 1) * size]
        if not chunk:
            break
        put = httpx.put(part["url"], content=chunk, timeout=120)
        put.raise_for_status()
        parts.append({"part_number": part["part_number"], "etag": put.headers["ETag"]})
    return str(body["recording_id"]), parts


def _end_call(
    company_id: str, live_id: str, me: str, said: list[Said], seconds: float, missed: frozenset[int]
) -> None:
    """What the call left in the store: the candidate's confirmed lines (written as they were
    confirmed), the timeline, and the end (`live_interview.ended` through the outbox)."""
    lives = wiring.live_interviews()
    found = lives.get(company_id, live_id)
    assert found is not None
    stored, revision = found
    now = datetime.now(UTC)
    origin = now - timedelta(seconds=seconds)  # the recording started with the call
    recordings = [r.model_copy(update={"started_at": origin}) for r in stored.recordings]
    template = iter(range(len(TIMELINE)))
    timeline = [
        TimelineEntry(number=n + 1, kind=TimelineKind(kind), text=text, asked_by=me,
                      index=next(template) if kind == "template" else None,
                      asked_at=origin + timedelta(seconds=at))
        for n, (kind, text, at) in enumerate(TIMELINE)
    ]  # fmt: skip
    transcripts = wiring.live_transcripts()
    for seq, line in enumerate(s for s in said if _answer_of(s) not in missed):
        transcripts.add(TranscriptLine(
            live_id=live_id, speaker="candidate", role="candidate", seq=seq, text=line.text,
            language="en", start=origin + timedelta(seconds=line.start),
            end=origin + timedelta(seconds=line.end)), company_id)  # fmt: skip
    ended = stored.model_copy(update={
        "status": LiveStatus.ENDED, "started_at": origin, "ended_at": now,
        "timeline": timeline, "recordings": recordings})  # fmt: skip
    lives.save(ended, revision, events=[events.live_interview_ended(ended)])


def _answer_of(said: Said) -> int:
    return sum(1 for _, _, at in TIMELINE if at <= said.start)


def _wait(bench: Bench, live_id: str, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        got = dict(bench.api.get(f"/interviews/live/{live_id}", headers=bench.hr).json())
        if done(got) or got.get("analysis_status") == "failed":
            return got
        time.sleep(POLL_SECONDS)
    raise TimeoutError("the analysis did not finish in 15 minutes")


def one_call(bench: Bench, clock: PartClock, me: dict[str, Any], media: tuple[Path, list[Said]],
             seconds: float, missed: frozenset[int]) -> Run:  # fmt: skip
    video, said = media
    live = _live(bench, str(me["id"]), seconds)
    recording_id, parts = _upload(bench, live, video)
    _end_call(str(me["company"]["id"]), live["id"], str(me["id"]), said, seconds, missed)
    candidate = {"Authorization": f"Bearer {live['token']}"}
    load = os.getloadavg()[0]
    cpu = _cpu()
    started = time.time()
    done = bench.api.post(f"/interviews/live/candidate/recordings/{recording_id}/complete",
                          json={"parts": parts}, headers=candidate)  # fmt: skip
    done.raise_for_status()
    got = _wait(bench, live["id"], lambda g: g.get("analysis_status") == "analyzed")
    analyzed, cpu = time.time(), _cpu() - cpu
    stored = clock.stored.get(live["id"], analyzed)
    clipped = _wait(bench, live["id"], lambda g: all(a.get("video_url") for a in g["answers"]))
    clips = time.time()
    spans = clock.between(started, clips)
    parts_s = {p: sum(e - s for q, s, e in spans if q == p and e <= analyzed + 0.05)
               for p in PARTS}  # fmt: skip
    after = sum(e - max(s, analyzed) for q, s, e in spans if q == "clip" and e > analyzed + 0.05)
    return Run(stored - started, analyzed - started, cpu, (load, os.getloadavg()[0]),
               clips - started, str(got.get("analysis_status")), parts_s, after,
               [a["transcript_source"] for a in clipped["answers"]],
               str((clipped.get("analysis") or {}).get("recommendation")))  # fmt: skip


def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (FFmpeg)."""
    own, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN))  # fmt: skip
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _uptime() -> str:
    """`uptime`'s load averages (1, 5, 15 minutes) on this 2-core machine shared by others."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def warm_up(folder: Path) -> None:
    """Whisper and the sentence encoder load once per process (a warm Lambda has them)."""
    from tests.fixtures import media

    transcript = wiring.transcriber().transcribe(AudioInput(path=media.speech_wav("en", folder)))
    wiring.analyzer().score_answer(
        AnswerForScoring(question=QUESTIONS["en"], transcript=transcript.text,
                         answer_language="en", interview_language="en")
    )  # fmt: skip


def report(run: Run, seconds: float, said: list[Said], missed: frozenset[int]) -> None:
    lines = sum(1 for s in said if _answer_of(s) not in missed)
    print(f"{seconds / 60:g}-minute call, {SIZE} VP8/Opus WebM, {len(TIMELINE)} questions "
          f"({sum(1 for t in TIMELINE if t[0] == 'followup')} follow-ups), {lines} confirmed "
          f"live lines made from the espeak-ng text and its times (answers "
          f"{sorted(missed) or 'none'} without: transcribed from the recording)")  # fmt: skip
    print(f"  transcript sources: {', '.join(run.sources)}; recommendation "
          f"{run.recommendation}")  # fmt: skip
    verdict = "within target" if run.analyzed <= TARGET_SECONDS else "OVER TARGET"
    print(f"  recording complete -> analysis stored {run.stored:.2f} s, readable "
          f"(analysis_status {run.status}, polled every {POLL_SECONDS:g} s) {run.analyzed:.2f} s "
          f"(target <= {TARGET_SECONDS:g} s): {verdict}; {run.cpu:.1f} CPU s; load "
          f"{run.load[0]:.2f} before, {run.load[1]:.2f} after")  # fmt: skip
    print("    busy time by part (they overlap: download and fallback run beside the scoring)")
    for part, label in PARTS.items():
        print(f"    {label:<40} {run.parts[part]:>7.2f} s")
    print(f"  every answer's video_url: {run.clips:.2f} s after the recording completed "
          f"({run.clips_after:.2f} s of clip cutting after the analysis was stored)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--media", type=Path, help="a folder to keep the media in, reused")
    args = parser.parse_args()
    print(_uptime(), flush=True)
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    logger.setLevel("WARNING")
    folder = args.media or Path(tempfile.mkdtemp(prefix="bench-live-"))
    folder.mkdir(parents=True, exist_ok=True)
    made = time.perf_counter()
    audio, said = speech(folder, args.seconds)
    video = recording(folder, audio, args.seconds)
    print(f"media made in {time.perf_counter() - made:.0f} s (not timed): "
          f"{video.stat().st_size / 1e6:.1f} MB, {len(said)} sentences", flush=True)  # fmt: skip
    with EmbeddedAws(port=0, reset=True) as aws:
        resources = provision_environment(aws.endpoint_url)
        warm_up(folder)
        clock = PartClock()
        clock.install()
        sources = LocalEventSources(get_settings()).start()
        try:
            bench = Bench(aws, resources)
            me = dict(bench.api.get("/me", headers=bench.hr).json())
            runs: dict[frozenset[int], list[Run]] = {missed: [] for missed in SCENARIOS}
            for n in range(args.runs):
                for missed in SCENARIOS:
                    print(f"call {n + 1} ({_uptime()}) ...", flush=True)
                    run = one_call(bench, clock, me, (video, said), args.seconds, missed)
                    report(run, args.seconds, said, missed)
                    runs[missed].append(run)
            summary(runs)
        finally:
            sources.stop()


def summary(runs: dict[frozenset[int], list[Run]]) -> None:
    print(f"summary ({_uptime()} now):")
    for missed, done in runs.items():
        case = f"answers {sorted(missed)} from Whisper" if missed else "all answers from live lines"
        times = ", ".join(f"{r.analyzed:.1f} s (load {max(r.load):.1f})" for r in done)
        worst = max(r.analyzed for r in done)
        verdict = "within target" if worst <= TARGET_SECONDS else "OVER TARGET"
        print(f"  {case}: median {statistics.median(r.analyzed for r in done):.1f} s, "
              f"max {worst:.1f} s, median {statistics.median(r.cpu for r in done):.1f} CPU s "
              f"[{times}]: {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
