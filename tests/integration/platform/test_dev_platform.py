"""`make dev`'s process, started as a user starts it, driven over HTTP, stopped and restarted:
issue 5's "Done when" on the real platform. A recruiter's webhook receives signed
`interview.completed` and `interview.analyzed` for a real interview, the candidate's invitation
is in the local outbox in their language (read over HTTP and with the CLI), and an ATS import
creates its candidate once."""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from functions.domain.consent import CONSENT_TEXT_VERSIONS
from functions.local.aws import free_port
from functions.local.seed import ADMIN_EMAIL, DEMO_PASSWORD, RECRUITER_EMAIL
from tests.fixtures import media
from tests.fixtures.polling import eventually
from tests.fixtures.webhook_receiver import Receiver, receiving
from tests.unit.test_ats_payloads import GREENHOUSE_CANDIDATE

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.platform

INTERVIEW_EVENTS = {"interview.completed", "interview.analyzed"}
GREENHOUSE_JOB = {"id": 107761, "name": "UX Designer", "offices": [{"name": "Berlin"}]}
# A row of the outbox page (functions/local/outbox_page.py): sent, to, language, kind, subject.
OUTBOX_ROW = re.compile(
    r"<tr><td>[^<]*</td><td>(?P<to>[^<]*)</td><td>(?P<language>[^<]*)</td>"
    r'<td>(?P<kind>[^<]*)</td><td><a href="/local/outbox/(?P<id>\w+)">(?P<subject>[^<]*)</a>'
)


class DevPlatform:
    def __init__(self, state_dir: Path, settings: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.aws_port = free_port()
        self.state_dir = state_dir
        self.settings = settings or {}  # APP_* settings given to `make dev` on its command line
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []  # what the running process printed
        self.reader: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        """A developer's shell: none of this session's APP_* settings, but the platform's own."""
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
        return {**env, **self.settings}

    def start(self, timeout: float = 60) -> str:
        """Starts the process and returns its banner once the API answers."""
        self.output = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "functions.local"],
            cwd=REPO,
            env=self.env,
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
                banner = "".join(self.output)
                # Keep reading: a full pipe would block the platform's next log line.
                self.reader = threading.Thread(target=self._read_output, daemon=True)
                self.reader.start()
                return banner
        raise AssertionError("platform did not start:\n" + "".join(self.output))

    def _read_output(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

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
        code = self.process.wait(timeout=30)
        if self.reader is not None:
            self.reader.join(timeout=10)
        return code, "".join(self.output)


@pytest.fixture
def dev(tmp_path: Path) -> Iterator[DevPlatform]:
    # Loopback webhook targets, as a developer pointing an endpoint at a local receiver does.
    platform = DevPlatform(tmp_path / "state", {"APP_WEBHOOKS_ALLOW_LOOPBACK": "true"})
    yield platform
    if platform.process and platform.process.poll() is None:
        platform.process.kill()


def _candidate_link(banner: str) -> str:
    return next(line.split()[-1] for line in banner.splitlines() if "Candidate" in line)


def _api(dev: DevPlatform) -> httpx.Client:
    return httpx.Client(base_url=dev.url, timeout=20)


def _sign_in(api: httpx.Client, email: str = RECRUITER_EMAIL) -> dict[str, str]:
    login = api.post("/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _post(api: httpx.Client, path: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
    response = api.post(path, json=body, headers=auth)
    assert response.is_success, response.text
    return response.json()


def _record_first_answer(api: httpx.Client, token: str, recording: Path) -> dict[str, Any]:
    candidate = {"Authorization": f"Bearer {token}"}
    session = api.get("/candidate/session", headers=candidate).json()
    consent = {
        "text_version": CONSENT_TEXT_VERSIONS[-1],
        "language": session["language"],
        "recording_and_ai_analysis": True,
    }
    _post(api, "/candidate/consent", consent, candidate)
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


def _finish_interview(api: httpx.Client, token: str) -> Any:
    return _post(api, "/candidate/finish", {}, {"Authorization": f"Bearer {token}"})


def _analyzed(api: httpx.Client, recruiter: dict[str, str], interview_id: str) -> Any:
    """The interview once analyzed, or once it never can be (a failed answer or analysis)."""
    detail = api.get(f"/interviews/{interview_id}", headers=recruiter).json()
    failed = detail["analysis_error"] or any(a["status"] == "failed" for a in detail["answers"])
    return detail if detail["status"] == "analyzed" or failed else None


def _interview_events(receiver: Receiver, secret: str) -> dict[str, Any] | None:
    """The delivered events by id (a re-send keeps its id) once both interview events are
    there; each delivery checked against the endpoint's secret."""
    events = {}
    for request in list(receiver.requests):
        event = Webhook(secret).verify(request.body, request.headers)  # raises when forged
        assert request.headers["webhook-id"] == event["id"]
        events[event["id"]] = event
    delivered = {event["type"] for event in events.values()}
    return events if delivered >= INTERVIEW_EVENTS else None


def _outbox_page(api: httpx.Client) -> dict[tuple[str, str], dict[str, str]]:
    """The emails on the outbox page, by recipient and kind."""
    page = api.get("/local/outbox")
    assert page.status_code == 200, page.text
    rows = [
        {k: html.unescape(v) for k, v in row.groupdict().items()}
        for row in OUTBOX_ROW.finditer(page.text)
    ]
    return {(row["to"], row["kind"]): row for row in rows}


def _sent(api: httpx.Client, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Any] | None:
    emails = _outbox_page(api)
    return emails if wanted <= emails.keys() else None


def _outbox_cli(dev: DevPlatform, *args: str) -> str:
    """`python -m functions.notifications.outbox`, run from the developer's shell."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "functions.notifications.outbox", *args],
        cwd=REPO,
        env=dev.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ats_key(api: httpx.Client) -> dict[str, str]:
    """An admin's API key for the ATS (only admins issue keys)."""
    admin = _sign_in(api, ADMIN_EMAIL)
    body = {"name": "Greenhouse", "scopes": ["jobs:write", "candidates:write"]}
    return {"Authorization": f"Bearer {_post(api, '/integrations/api-keys', body, admin)['key']}"}


def _directory_size(api: httpx.Client, recruiter: dict[str, str]) -> int:
    listed = api.get("/candidates", params={"limit": 200}, headers=recruiter)
    assert listed.status_code == 200, listed.text
    return len(listed.json()["items"])


def _assert_ats_import_creates_once(api: httpx.Client, recruiter: dict[str, str]) -> None:
    ats = _ats_key(api)
    before = _directory_size(api, recruiter)
    job = {"source": "greenhouse", "job": GREENHOUSE_JOB}
    jobs = [_post(api, "/integrations/jobs", job, ats)["outcome"] for _ in range(2)]
    assert jobs == ["created", "unchanged"]
    people = {"source": "greenhouse", "candidates": [GREENHOUSE_CANDIDATE]}
    first, again = [_post(api, "/integrations/candidates", people, ats) for _ in range(2)]
    assert (first["created"], again["created"], again["unchanged"]) == (1, 0, 1), again
    assert again["items"][0]["candidate"]["id"] == first["items"][0]["candidate"]["id"]
    assert _directory_size(api, recruiter) == before + 1


def _assert_interview_events(
    delivered: dict[str, Any], company_id: str, detail: dict[str, Any]
) -> None:
    # Each once, and nothing the endpoint did not subscribe to.
    assert sorted(e["type"] for e in delivered.values()) == sorted(INTERVIEW_EVENTS)
    events = {e["type"]: e for e in delivered.values()}
    for event in events.values():
        assert event["version"] == 1 and event["correlation_id"]
        assert event["company_id"] == company_id
        assert event["data"]["interview_id"] == detail["id"]
    analyzed = events["interview.analyzed"]["data"]
    assert analyzed["overall_score"] == detail["analysis"]["overall_score"]
    assert analyzed["recommendation"] in ("hire", "consider", "reject")


def _assert_emails(
    api: httpx.Client, dev: DevPlatform, candidate_email: str, invitation: dict[str, Any]
) -> None:
    """The candidate's invitation in German (over HTTP and with the CLI), and the recruiter's
    completed and analysis emails."""
    wanted = {
        (candidate_email, "invitation"),
        (RECRUITER_EMAIL, "interview_completed"),
        (RECRUITER_EMAIL, "analysis_ready"),
    }
    emails = eventually(lambda: _sent(api, wanted), "the three emails in the outbox")
    invite = emails[(candidate_email, "invitation")]
    assert invite["language"] == "de"
    assert invite["subject"] == "Demo Company lädt Sie zu einem Video-Interview ein"
    body = api.get(f"/local/outbox/{invite['id']}").text
    assert "Interview starten" in body and invitation["candidate_url"] in body
    assert "Dana" in emails[(RECRUITER_EMAIL, "analysis_ready")]["subject"]

    [listed] = [line for line in _outbox_cli(dev).splitlines() if line.startswith(invite["id"])]
    assert "  de  " in listed and candidate_email in listed and invite["subject"] in listed
    text = _outbox_cli(dev, invite["id"])
    assert f"Subject: {invite['subject']}" in text and "Hallo Dana," in text


def test_the_done_when_path_and_a_restart(dev: DevPlatform, tmp_path: Path) -> None:
    recording = media.browser_webm(media.speech_wav("en", tmp_path), tmp_path / "answer.webm")
    banner = dev.start()
    assert "recruiter@demo.local" in banner and DEMO_PASSWORD in banner
    demo_link = _candidate_link(banner)
    with _api(dev) as api, receiving() as receiver:
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
        company_id = api.get("/company", headers=recruiter).json()["id"]
        hook = _post(
            api,
            "/webhooks",
            {"url": receiver.url, "event_types": sorted(INTERVIEW_EVENTS)},
            recruiter,
        )

        template = _post(
            api,
            "/templates",
            {"name": "Support lead", "questions": [{"text": "How do you calm an angry customer?"}]},
            recruiter,
        )
        _post(api, f"/templates/{template['id']}/publish", {}, recruiter)
        dana = {"name": "Dana", "email": "dana@example.com", "language": "de"}
        invitation = _post(
            api, "/interviews", {"template_id": template["id"], "candidate": dana}, recruiter
        )
        recorded = _record_first_answer(api, invitation["token"], recording)
        assert _finish_interview(api, invitation["token"])["status"] in ("completed", "analyzed")
        # While the S3 event runs the whole pipeline in the dev process (FFmpeg, Whisper,
        # analysis of the answer, then of the interview), an ATS imports a job and a candidate.
        _assert_ats_import_creates_once(api, recruiter)
        detail = eventually(
            lambda: _analyzed(api, recruiter, invitation["id"]), "analysis", timeout=180
        )
        [answer] = detail["answers"]
        assert answer["id"] == recorded["answer_id"] and answer["status"] == "scored", answer
        assert answer["language"] == "en" and "customer" in answer["transcript"].lower()
        assert detail["status"] == "analyzed", detail["analysis_error"]

        events = eventually(
            lambda: _interview_events(receiver, hook["secret"]), "both events at the webhook"
        )
        _assert_interview_events(events, company_id, detail)
        _assert_emails(api, dev, dana["email"], invitation)

    code, out = dev.stop()
    assert code == 0, out
    assert "state saved" in out

    second = dev.start()
    assert _candidate_link(second) == demo_link  # the same demo, not a second one
    with _api(dev) as api:
        recruiter = _sign_in(api)  # the Cognito user and password survived
        detail = api.get(f"/interviews/{invitation['id']}", headers=recruiter).json()
        assert detail["status"] == "analyzed"
        [answer] = detail["answers"]
        assert answer["status"] == "scored"
        assert httpx.get(answer["media"]["video_url"]).status_code == 200
        original = httpx.get(answer["media"]["original_url"])
        assert original.content == recorded["bytes"]  # the recording survived
        names = [t["name"] for t in api.get("/templates", headers=recruiter).json()["items"]]
        assert sorted(names) == ["Backend Engineer — screening", "Support lead"]
        hooks = api.get("/webhooks", headers=recruiter).json()["items"]
        assert [h["id"] for h in hooks] == [hook["id"]]
    code, _ = dev.stop()
    assert code == 0
