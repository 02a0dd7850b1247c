"""`make dev`'s process, started as a user starts it, driven over HTTP, stopped and restarted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from functions.local.aws import free_port
from functions.local.seed import DEMO_PASSWORD, RECRUITER_EMAIL
from tests.fixtures import media

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.platform


class DevPlatform:
    def __init__(self, state_dir: Path) -> None:
        self.port = free_port()
        self.aws_port = free_port()
        self.state_dir = state_dir
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self, timeout: float = 60) -> str:
        env = {
            **os.environ,
            "APP_LOCAL_PORT": str(self.port),
            "APP_LOCAL_AWS_PORT": str(self.aws_port),
            "APP_LOCAL_STATE_DIR": str(self.state_dir),
            "PYTHONUNBUFFERED": "1",
        }
        env = {
            k: v for k, v in env.items() if not k.startswith("APP_") or k.startswith("APP_LOCAL")
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "functions.local"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                break
            self.output.append(line)
            if "Ctrl-C stops" in line:
                self._wait_http(deadline)
                return "".join(self.output)
        raise AssertionError("platform did not start:\n" + "".join(self.output))

    def _wait_http(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("platform printed ready but /health never answered")

    def stop(self) -> tuple[int, str]:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        out, _ = self.process.communicate(timeout=30)
        return self.process.returncode, out


@pytest.fixture
def dev(tmp_path: Path) -> Iterator[DevPlatform]:
    platform = DevPlatform(tmp_path / "state")
    yield platform
    if platform.process and platform.process.poll() is None:
        platform.process.kill()


def _candidate_link(banner: str) -> str:
    return next(line.split()[-1] for line in banner.splitlines() if "Candidate" in line)


def _api(dev: DevPlatform) -> httpx.Client:
    return httpx.Client(base_url=dev.url, timeout=20)


def _sign_in(api: httpx.Client) -> dict[str, str]:
    login = api.post("/auth/login", json={"email": RECRUITER_EMAIL, "password": DEMO_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _record_first_answer(api: httpx.Client, token: str, recording: Path) -> dict[str, Any]:
    candidate = {"Authorization": f"Bearer {token}"}
    session = api.get("/candidate/session", headers=candidate).json()
    video = recording.read_bytes()
    grant = api.post(
        "/candidate/answers",
        json={
            "question_id": session["current_question"]["id"],
            "content_type": "video/webm",
            "size_bytes": len(video),
        },
        headers=candidate,
    ).json()
    stored = httpx.post(
        grant["url"], data=grant["fields"], files={"file": ("a.webm", video, "video/webm")}
    )
    assert stored.status_code in (200, 204), stored.text
    done = api.post(f"/candidate/answers/{grant['answer_id']}/complete", headers=candidate)
    assert done.status_code == 200, done.text
    return {"answer_id": grant["answer_id"], "bytes": video}


def _wait_until_scored(
    api: httpx.Client, recruiter: dict[str, str], interview_id: str, timeout: float = 120
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        [answer] = api.get(f"/interviews/{interview_id}", headers=recruiter).json()["answers"]
        if answer["status"] in ("scored", "failed"):
            return dict(answer)
        time.sleep(0.5)
    raise AssertionError(f"the answer was not scored in {timeout}s")


def test_the_done_when_path_and_a_restart(dev: DevPlatform, tmp_path: Path) -> None:
    recording = media.browser_webm(media.speech_wav("en", tmp_path), tmp_path / "answer.webm")
    banner = dev.start()
    assert "recruiter@demo.local" in banner and DEMO_PASSWORD in banner
    demo_link = _candidate_link(banner)
    with _api(dev) as api:
        assert api.get("/openapi.json").status_code == 200
        assert api.get("/docs").status_code == 200
        recruiter = _sign_in(api)
        demo_templates = api.get("/templates", headers=recruiter).json()["items"]
        assert [t["status"] for t in demo_templates] == ["active"]
        assert len(demo_templates[0]["questions"]) == 3
        demo_token = demo_link.rsplit("/", 1)[-1]
        demo_session = api.get(
            "/candidate/session", headers={"Authorization": f"Bearer {demo_token}"}
        )
        assert demo_session.status_code == 200

        template = api.post(
            "/templates",
            json={
                "name": "Support lead",
                "questions": [{"text": "How do you calm an angry customer?"}],
            },
            headers=recruiter,
        ).json()
        assert api.post(f"/templates/{template['id']}/publish", headers=recruiter).is_success
        invitation = api.post(
            "/interviews",
            json={
                "template_id": template["id"],
                "candidate": {"name": "Dana", "email": "dana@example.com", "language": "de"},
            },
            headers=recruiter,
        ).json()
        recorded = _record_first_answer(api, invitation["token"], recording)
        # The S3 event runs the whole pipeline in the dev process: FFmpeg, Whisper, analysis.
        answer = _wait_until_scored(api, recruiter, invitation["id"])
        assert answer["id"] == recorded["answer_id"] and answer["status"] == "scored", answer
        assert answer["language"] == "en" and "customer" in answer["transcript"].lower()

    code, out = dev.stop()
    assert code == 0, out
    assert "state saved" in out

    second = dev.start()
    assert _candidate_link(second) == demo_link  # the same demo, not a second one
    with _api(dev) as api:
        recruiter = _sign_in(api)  # the Cognito user and password survived
        detail = api.get(f"/interviews/{invitation['id']}", headers=recruiter).json()
        [answer] = detail["answers"]
        assert answer["status"] == "scored"
        assert httpx.get(answer["media"]["video_url"]).status_code == 200
        original = httpx.get(answer["media"]["original_url"])
        assert original.content == recorded["bytes"]  # the recording survived
        names = [t["name"] for t in api.get("/templates", headers=recruiter).json()["items"]]
        assert sorted(names) == ["Backend Engineer — screening", "Support lead"]
    code, _ = dev.stop()
    assert code == 0
