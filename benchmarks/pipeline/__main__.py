"""Benchmark: the answer's critical path through the local platform, offline providers, in one
run (issue 18's targets):

    .venv/bin/python -m benchmarks.pipeline [--seconds 60] [--languages en,de,es,ru]

(a) a 60 s 720p WebM answer with varied, non-repeating speech in each language (espeak-ng for
    en, de and es at -s 130; Festival's Russian voice): upload complete -> answer scored
    through the platform, against the bare audio extraction + Whisper + scoring of the same
    file done directly in this process (target <= 1.3x), with where the time goes: the states
    of the audio branch, each Task's handler against its invocation, the moments between;
(b) the last answer of an 8-answer interview -> the interview's recommendation, against that
    answer's upload -> scored (target <= 1.5x);
(c) with streamed audio chunks: upload complete -> scored (target <= 3 s), the answer recorded
    in real time while its chunks are transcribed (benchmarks/pipeline/streamed.py);
a first short answer goes through before them: the handlers' cold start, reported apart;
and the cost of a 20-minute interview at AWS and Groq list prices (benchmarks/pipeline/costs.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.pipeline.answers import QUESTIONS, make_answer
from benchmarks.pipeline.costs import AnswerWork, answer_cost, interview_cost
from benchmarks.pipeline.platform import Bench
from benchmarks.pipeline.streamed import print_streamed, streamed_answer
from benchmarks.pipeline.timeline import (
    HandlerClock,
    Step,
    execution_started,
    state_exit,
    steps,
)
from functions import wiring
from functions.analysis.ports import AnswerForScoring
from functions.domain.analyses import analysis_execution_name
from functions.local.aws import EmbeddedAws
from functions.local.provision import provision_environment
from functions.media.ffmpeg import Ffmpeg
from functions.observability import logger
from functions.resources import FUNCTIONS_BY_BASE
from functions.settings import get_settings
from functions.transcription.ports import AudioInput

LANGUAGES = ("en", "de", "es", "ru")
INTERVIEW_ANSWERS = 8
# The audio branch: the answer's critical path, upload to score.
CRITICAL = ("VerifyUpload", "Probe", "ExtractAudio", "TranscribePart", "SaveTranscript",
            "ScoreAnswer")  # fmt: skip
TARGET_ANSWER, TARGET_INTERVIEW, TARGET_STREAMED = 1.3, 1.5, 3.0
COLD_SECONDS = 10


@dataclass(frozen=True)
class Direct:
    extract: float
    whisper: float
    score: float
    words: int
    language: str

    @property
    def total(self) -> float:
        return self.extract + self.whisper + self.score


def direct(source: Path, folder: Path, language: str) -> Direct:
    """The bare work on the critical path, called directly: speech audio, Whisper, score."""
    audio = folder / f"direct-{language}.flac"
    started = time.perf_counter()
    Ffmpeg().to_speech_audio(str(source), audio)
    extracted = time.perf_counter()
    transcript = wiring.transcriber().transcribe(AudioInput(path=audio))
    transcribed = time.perf_counter()
    wiring.analyzer().score_answer(
        AnswerForScoring(question=QUESTIONS[language], transcript=transcript.text,
                         answer_language=transcript.language, interview_language=language)
    )  # fmt: skip
    scored = time.perf_counter()
    return Direct(extracted - started, transcribed - extracted, scored - transcribed,
                  len(transcript.text.split()), transcript.language)  # fmt: skip


@dataclass(frozen=True)
class Answered:
    language: str
    direct: Direct
    scored: float  # upload complete -> ScoreAnswer left, seconds
    status: str
    started: float  # upload complete -> execution started
    steps: list[Step]
    history: list[dict[str, Any]]

    @property
    def ratio(self) -> float:
        return self.scored / self.direct.total


def one_answer(
    bench: Bench, clock: HandlerClock, folder: Path, language: str, seconds: int
) -> Answered:
    source = make_answer(folder, language, seconds)
    baseline = direct(source, folder, language)
    invitation = bench.interview(language, [QUESTIONS[language]], seconds)
    answer_id, uploaded = bench.upload(invitation, source)
    history = bench.history(bench.process_answer, answer_id)  # the video branch too
    scored = (state_exit(history, "ScoreAnswer") or float("nan")) - uploaded
    detail = bench.interview_detail(invitation["id"])
    return Answered(language, baseline, scored, detail["answers"][0]["status"],
                    execution_started(history) - uploaded, steps(history, set(CRITICAL), clock),
                    history)  # fmt: skip


def cold_answer(bench: Bench, folder: Path) -> tuple[float, float]:
    """A first, short answer after the platform started: its steps import their handler
    modules on first use (a Lambda's cold start), which the timed answers then find done.
    Returns upload complete -> execution started, and -> scored."""
    invitation = bench.interview("en", [QUESTIONS["en"]], COLD_SECONDS)
    answer_id, uploaded = bench.upload(invitation, make_answer(folder, "en", COLD_SECONDS))
    history = bench.history(bench.process_answer, answer_id)
    scored = (state_exit(history, "ScoreAnswer") or float("nan")) - uploaded
    return execution_started(history) - uploaded, scored


@dataclass(frozen=True)
class Interviewed:
    scored: float  # the last answer: upload complete -> scored
    recommended: float  # the last answer: upload complete -> the interview's recommendation
    recommendation: str

    @property
    def ratio(self) -> float:
        return self.recommended / self.scored


def whole_interview(bench: Bench, folder: Path, seconds: int) -> Interviewed:
    """Seven answers uploaded and processed (as while the candidate records the next ones),
    then the eighth, timed to the interview's recommendation."""
    questions = [f"{QUESTIONS['en']} ({n + 1})" for n in range(INTERVIEW_ANSWERS)]
    invitation = bench.interview("en", questions, seconds)
    for n in range(INTERVIEW_ANSWERS - 1):
        answer_id, _ = bench.upload(invitation, make_answer(folder, "en", seconds, first=n + 1))
        bench.history(bench.process_answer, answer_id)
    last = make_answer(folder, "en", seconds, first=INTERVIEW_ANSWERS)
    answer_id, uploaded = bench.upload(invitation, last)
    analysis = bench.history(bench.analyze_interview, analysis_execution_name(invitation["id"], 1))
    history = bench.history(bench.process_answer, answer_id)
    detail = bench.interview_detail(invitation["id"])
    return Interviewed(
        scored=(state_exit(history, "ScoreAnswer") or float("nan")) - uploaded,
        recommended=(state_exit(analysis, "AnalyzeInterview") or float("nan")) - uploaded,
        recommendation=str((detail.get("analysis") or {}).get("recommendation")),
    )


def work_of(history: list[dict[str, Any]], seconds: float) -> AnswerWork:
    transitions = sum(1 for e in history if e["type"].endswith("StateEntered"))
    scheduled: dict[int, tuple[datetime, str]] = {}
    gb_seconds, invocations = 0.0, 0
    for event in history:
        if event["type"] == "TaskScheduled":
            name = json.loads(event["taskScheduledEventDetails"]["parameters"])["FunctionName"]
            scheduled[event["id"]] = (event["timestamp"], name.rsplit(":", 1)[-1])
            invocations += 1
        elif event["type"] in ("TaskSucceeded", "TaskFailed") and event.get("previousEventId"):
            start = scheduled.get(event["previousEventId"]) or scheduled.get(
                event["previousEventId"] - 1
            )
            if start:
                base = start[1].removeprefix("interviews-local-")
                memory = (
                    FUNCTIONS_BY_BASE[base].memory_mb / 1024 if base in FUNCTIONS_BY_BASE else 0.5
                )
                gb_seconds += memory * max(0.001, (event["timestamp"] - start[0]).total_seconds())
    parts = max(1, int(seconds // get_settings().transcription_part_seconds) + 1)
    return AnswerWork(audio_seconds=seconds, gb_seconds=gb_seconds, invocations=invocations,
                      transitions=transitions, s3_puts=8 + 2 * parts, s3_gets=12 + 2 * parts,
                      stored_bytes=0, transcription_requests=parts)  # fmt: skip


def verdict(value: float, target: float) -> str:
    return "within target" if value <= target else "OVER TARGET"


def print_answers(runs: list[Answered], seconds: int) -> None:
    print(f"(a) upload complete -> answer scored, {seconds} s 1280x720 VP8/Opus answer "
          f"(target <= {TARGET_ANSWER}x the direct work)")  # fmt: skip
    print("    lang  words  direct: extract  whisper  score  total | platform  ratio  status")
    for r in runs:
        d = r.direct
        print(f"    {r.language:<4}  {d.words:>5}  {d.extract:>15.2f}  {d.whisper:>7.2f}  "
              f"{d.score:>5.2f}  {d.total:>5.2f} | {r.scored:>8.2f}  {r.ratio:>4.2f}x  "
              f"{r.status}")  # fmt: skip
    ratios = [r.ratio for r in runs]
    worst = max(ratios)
    print(f"    median {statistics.median(ratios):.2f}x, worst {worst:.2f}x: "
          f"{verdict(worst, TARGET_ANSWER)}")  # fmt: skip
    print("    where the time goes (seconds; Task: handler + invocation around it):")
    print("    " + " " * 34 + "  ".join(f"{r.language:>13}" for r in runs))
    print("    " + f"{'upload complete -> execution':<34}" + "  ".join(
        f"{r.started:>13.2f}" for r in runs))  # fmt: skip
    for name in CRITICAL:
        cells = []
        for r in runs:
            step = next((s for s in r.steps if s.name == name), None)
            cells.append(f"{step.handler_seconds:>6.2f}+{step.seconds - step.handler_seconds:<6.2f}"
                         if step else f"{'-':>13}")  # fmt: skip
        print(f"    {name:<34}" + "  ".join(cells))
    between = [r.scored - r.started - sum(s.seconds for s in r.steps) for r in runs]
    print("    " + f"{'between states':<34}" + "  ".join(f"{b:>13.2f}" for b in between))


def print_interview(run: Interviewed) -> None:
    print(f"(b) last of {INTERVIEW_ANSWERS} answers -> recommendation "
          f"(target <= {TARGET_INTERVIEW}x that answer's upload -> scored)")  # fmt: skip
    print(f"    answer scored {run.scored:.2f} s, recommendation ({run.recommendation}) "
          f"{run.recommended:.2f} s: {run.ratio:.2f}x, "
          f"{verdict(run.ratio, TARGET_INTERVIEW)}")  # fmt: skip


def print_costs(history: list[dict[str, Any]], seconds: int) -> None:
    work = work_of(history, seconds)
    cost = interview_cost(answer_cost(work), seconds)
    print(f"state transitions      {work.transitions} per answer")
    print(f"Lambda invocations     {work.invocations} per answer ({work.gb_seconds:.1f} GB-s)")
    print("cost per 20-minute interview (USD, list prices):")
    for item, usd in cost.items():
        print(f"  {item:<20} {usd:.4f}")


def warm_up(folder: Path) -> None:
    """Whisper and the sentence encoder load once per process: before either side is timed."""
    from tests.fixtures import media

    speech = media.speech_wav("en", folder)
    transcript = wiring.transcriber().transcribe(AudioInput(path=speech))
    wiring.analyzer().score_answer(
        AnswerForScoring(question=QUESTIONS["en"], transcript=transcript.text,
                         answer_language="en", interview_language="en")
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--no-interview", action="store_true", help="skip (b)")
    parser.add_argument("--no-streamed", action="store_true", help="skip (c)")
    args = parser.parse_args()
    # The platform's JSON logs and metrics would bury the figures.
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    logger.setLevel("WARNING")
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    clock = HandlerClock()
    clock.install()
    with EmbeddedAws(port=0, reset=True) as aws:
        resources = provision_environment(aws.endpoint_url)
        warm_up(folder)
        bench = Bench(aws, resources)
        started, scored = cold_answer(bench, folder)
        print(f"first answer after the start ({COLD_SECONDS} s, handler modules imported on "
              f"first use, a cold start): upload complete -> execution {started:.2f} s, "
              f"-> scored {scored:.2f} s")  # fmt: skip
        runs = []
        for language in args.languages.split(","):
            print(f"answer in {language} ...", flush=True)
            runs.append(one_answer(bench, clock, folder, language, args.seconds))
        print_answers(runs, args.seconds)
        if not args.no_interview:
            print(f"an interview of {INTERVIEW_ANSWERS} answers ...", flush=True)
            print_interview(whole_interview(bench, folder, args.seconds))
        if not args.no_streamed:
            streamed = []
            for language in args.languages.split(","):
                print(f"answer in {language} recorded with streamed audio chunks ...", flush=True)
                streamed.append(streamed_answer(bench, folder, language, args.seconds))
            print_streamed(streamed, args.seconds, TARGET_STREAMED)
    print_costs(runs[0].history, args.seconds)


if __name__ == "__main__":
    main()
