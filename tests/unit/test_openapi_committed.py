"""The committed OpenAPI document is the API's contract: a change to the API must regenerate it
(`make openapi`) so that the change shows in review."""

from __future__ import annotations

import json
from pathlib import Path

from functions.api.main import app

REPO = Path(__file__).resolve().parents[2]
REQUIRED_OPERATIONS = {
    "login", "getMe", "createTemplate", "listTemplates", "getTemplate", "updateTemplate",
    "publishTemplate", "archiveTemplate", "createInterview", "listInterviews", "getInterview",
    "cancelInterview", "resendInvitation", "decideInterview", "getCandidateSession",
    "createAnswerUpload", "completeAnswerUpload", "finishInterview", "getHealth",
}  # fmt: skip


def test_committed_openapi_matches_the_app() -> None:
    committed = json.loads((REPO / "docs" / "openapi.json").read_text())
    assert committed == app.openapi(), "the API changed: run `make openapi` and commit the result"


def test_every_required_operation_exists() -> None:
    spec = app.openapi()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert operations >= REQUIRED_OPERATIONS
