"""Benchmark: one 2-minute 720p WebM answer through the local platform, upload to scored, with
the offline providers; against the same FFmpeg + Whisper work done directly.

    .venv/bin/python -m benchmarks.pipeline [--seconds 120]

Prints: seconds, x real time, ratio to the direct work, state transitions and Lambda
invocations per answer, and the cost of a 20-minute interview at AWS and Groq list prices
(benchmarks/pipeline/costs.py).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import httpx

from benchmarks.pipeline.costs import AnswerWork, answer_cost, interview_cost
from functions import wiring
from functions.local.aws import EmbeddedAws
from functions.local.provision import local_settings_env, provision
from functions.media.ffmpeg import Ffmpeg
from functions.media.ports import MediaInfo
from functions.resources import FUNCTIONS_BY_BASE, resource_name
from functions.settings import get_settings
from tests.fixtures import media

PASSWORD = "Bench-Mark-2026!"  # noqa: S105 - a throwaway local user


def make_answer(folder: Path, seconds: int) -> Path:
    speech = media.speech_wav("en", folder)
    long_speech = folder / "speech-long.wav"
    media.ffmpeg("-stream_loop", "-1", "-i", str(speech), "-t", str(seconds), str(long_speech))
    target = folder / "answer-720p.webm"
    media.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-i", str(long_speech),
                 "-t", str(seconds), "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
                 "-b:v", "1500k", "-c:a", "libopus", str(target))  # fmt: skip
    return target


def direct(source: Path, folder: Path) -> float:
    """The same FFmpeg and Whisper work, called directly, one after the other."""
    tool = Ffmpeg()
    started = time.perf_counter()
    info: MediaInfo = tool.probe(str(source))
    tool.verify_decodes(str(source))
    tool.to_mp4(str(source), folder / "d.mp4", remux=False, has_video=True)
    tool.to_speech_audio(str(source), folder / "d.flac")
    tool.poster(str(source), folder / "d.jpg", 1.0)
    tool.thumbnail_strip(str(source), folder / "s.jpg", info.duration_seconds, 10)
    from functions.transcription.ports import AudioInput

    wiring.transcriber().transcribe(AudioInput(path=folder / "d.flac"))
    return time.perf_counter() - started


def through_platform(aws: EmbeddedAws, source: Path, seconds: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from functions.accounts.use_cases import register_company
    from functions.api.main import create_app
    from functions.billing.plans import PlanName
    from functions.domain.clock import utcnow

    suffix = secrets.token_hex(4)
    register_company(wiring.companies(), wiring.users(), wiring.identity(), wiring.billing(),
                     company_name=f"Bench {suffix}", admin_email=f"b-{suffix}@bench.test",
                     admin_name="Bench", admin_password=PASSWORD, now=utcnow(),
                     plan=PlanName.PRO)  # fmt: skip
    api = TestClient(create_app())
    token = api.post("/auth/login", json={"email": f"b-{suffix}@bench.test", "password": PASSWORD})
    hr = {"Authorization": f"Bearer {token.json()['access_token']}"}
    question = {"text": "Tell us about a hard customer.", "time_limit_seconds": seconds + 30}
    tpl = api.post("/templates", json={"name": "Bench", "questions": [question]}, headers=hr)
    api.post(f"/templates/{tpl.json()['id']}/publish", headers=hr)
    invitation = api.post("/interviews", headers=hr, json={
        "template_id": tpl.json()["id"], "candidate": {"name": "B", "email": "b@example.com"}}).json()  # fmt: skip  # noqa: E501
    candidate = {"Authorization": f"Bearer {invitation['token']}"}
    qid = api.get("/candidate/session", headers=candidate).json()["current_question"]["id"]
    data = source.read_bytes()
    grant = api.post("/candidate/answers", headers=candidate, json={
        "question_id": qid, "content_type": "video/webm", "size_bytes": len(data)}).json()  # fmt: skip  # noqa: E501
    started = time.perf_counter()
    httpx.post(grant["url"], data=grant["fields"], files={"file": ("a.webm", data, "video/webm")})
    sfn = boto3.client("stepfunctions", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    machine = (
        "arn:aws:states:eu-west-1:123456789012:execution:"
        f"{resource_name('local', 'process-answer')}"
    )
    arn = f"{machine}:{grant['answer_id']}"
    while True:
        try:
            if sfn.describe_execution(executionArn=arn)["status"] != "RUNNING":
                break
        except sfn.exceptions.ExecutionDoesNotExist:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    detail = api.get(f"/interviews/{invitation['id']}", headers=hr).json()
    history = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
    return {"seconds": elapsed, "status": detail["answers"][0]["status"], "history": history}


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    print(f"making a {args.seconds} s 720p WebM answer ...", flush=True)
    source = make_answer(folder, args.seconds)
    with EmbeddedAws(port=0, reset=True) as aws:
        os.environ.update({"APP_STAGE": "local", "APP_AWS_ENDPOINT_URL": aws.endpoint_url})
        wiring.reset()
        resources = provision(get_settings())
        os.environ.update(local_settings_env(resources, aws.endpoint_url))
        wiring.reset()
        wiring.transcriber().transcribe  # noqa: B018 - the model is loaded in both runs below
        baseline = direct(source, folder)
        run = through_platform(aws, source, args.seconds)
    work = work_of(run["history"], args.seconds)
    cost = interview_cost(answer_cost(work), args.seconds)
    size = source.stat().st_size / 1e6
    speed = args.seconds / run["seconds"]
    print(f"answer                 {args.seconds} s of 1280x720 VP8/Opus, {size:.1f} MB")
    print(f"status                 {run['status']}")
    print(f"upload -> scored       {run['seconds']:.1f} s  ({speed:.2f}x real time)")
    print(f"direct FFmpeg+Whisper  {baseline:.1f} s  ({args.seconds / baseline:.2f}x real time)")
    print(f"pipeline / direct      {run['seconds'] / baseline:.2f}")
    print(f"state transitions      {work.transitions} per answer")
    print(f"Lambda invocations     {work.invocations} per answer ({work.gb_seconds:.1f} GB-s)")
    print("cost per 20-minute interview (USD, list prices):")
    for item, usd in cost.items():
        print(f"  {item:<20} {usd:.4f}")


if __name__ == "__main__":
    main()
