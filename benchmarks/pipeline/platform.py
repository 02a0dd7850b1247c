"""The benchmark's side of the local platform: a company, interviews, a candidate's uploads as
the browser makes them, and the executions' histories."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

import boto3
import httpx

from functions import wiring
from functions.domain.consent import CONSENT_TEXT_VERSIONS
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources

PASSWORD = "Bench-Mark-2026!"  # noqa: S105 - a throwaway local user


class Bench:
    def __init__(self, aws: EmbeddedAws, resources: LocalResources) -> None:
        from fastapi.testclient import TestClient

        from functions.accounts.use_cases import register_company
        from functions.api.main import create_app
        from functions.billing.plans import PlanName
        from functions.domain.clock import utcnow

        suffix = secrets.token_hex(4)
        email = f"b-{suffix}@bench.test"
        register_company(wiring.companies(), wiring.users(), wiring.identity(), wiring.billing(),
                         company_name=f"Bench {suffix}", admin_email=email, admin_name="Bench",
                         admin_password=PASSWORD, now=utcnow(), plan=PlanName.PRO)  # fmt: skip
        self.api = TestClient(create_app())
        token = self.api.post("/auth/login", json={"email": email, "password": PASSWORD})
        self.hr = {"Authorization": f"Bearer {token.json()['access_token']}"}
        self.sfn = boto3.client(
            "stepfunctions", endpoint_url=aws.endpoint_url, region_name=aws.region
        )
        self.process_answer = resources.state_machine_arns["process-answer"]
        self.analyze_interview = resources.state_machine_arns["analyze-interview"]

    def interview(self, language: str, questions: list[str], seconds: int) -> dict[str, Any]:
        """A published template of `questions` and an invitation for a candidate who speaks
        `language`."""
        body = {"name": "Bench", "questions": [
            {"text": text, "time_limit_seconds": seconds + 30} for text in questions]}  # fmt: skip
        template = self.api.post("/templates", json=body, headers=self.hr).json()
        self.api.post(f"/templates/{template['id']}/publish", headers=self.hr)
        candidate = {"name": "B", "email": "b@example.com", "language": language}
        body = {"template_id": template["id"], "candidate": candidate}
        invitation = dict(self.api.post("/interviews", headers=self.hr, json=body).json())
        # The candidate consents on the welcome page before recording (giveConsent).
        consent = {"text_version": CONSENT_TEXT_VERSIONS[-1], "language": language,
                   "recording_and_ai_analysis": True}  # fmt: skip
        candidate_auth = {"Authorization": f"Bearer {invitation['token']}"}
        given = self.api.post("/candidate/consent", json=consent, headers=candidate_auth)
        given.raise_for_status()
        return invitation

    def upload(self, invitation: dict[str, Any], source: Path) -> tuple[str, float]:
        """The candidate's answer to the current question, as the recorder sends it: granted,
        POSTed to S3, confirmed. Returns the answer id and when S3 had the bytes (epoch s)."""
        candidate = {"Authorization": f"Bearer {invitation['token']}"}
        session = self.api.get("/candidate/session", headers=candidate).json()
        data = source.read_bytes()
        grant = self.api.post("/candidate/answers", headers=candidate, json={
            "question_id": session["current_question"]["id"], "content_type": "video/webm",
            "size_bytes": len(data)}).json()  # fmt: skip
        stored = httpx.post(grant["url"], data=grant["fields"], timeout=120,
                            files={"file": ("a.webm", data, "video/webm")})  # fmt: skip
        stored.raise_for_status()
        uploaded = time.time()
        self.api.post(f"/candidate/answers/{grant['answer_id']}/complete", headers=candidate)
        return str(grant["answer_id"]), uploaded

    def history(self, machine_arn: str, name: str, timeout: float = 900) -> list[dict[str, Any]]:
        """The execution's events once it has ended (waits for it to start and to end)."""
        arn = machine_arn.replace(":stateMachine:", ":execution:") + f":{name}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                running = self.sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
            except self.sfn.exceptions.ExecutionDoesNotExist:
                running = True
            if not running:
                events = self.sfn.get_execution_history(executionArn=arn, maxResults=1000)
                return list(events["events"])
            time.sleep(0.1)
        raise TimeoutError(f"execution {name} did not end in {timeout} s")

    def interview_detail(self, interview_id: str) -> dict[str, Any]:
        return dict(self.api.get(f"/interviews/{interview_id}", headers=self.hr).json())
