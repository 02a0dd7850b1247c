from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from functions.resources import CATALOG, PROCESS_ANSWER, substitution_key
from functions.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_app_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Settings read APP_* variables; these tests give every value explicitly.
    for name in list(os.environ):
        if name.startswith("APP_"):
            monkeypatch.delenv(name)


def test_local_defaults_come_from_the_catalog() -> None:
    settings = Settings(stage="local")
    assert settings.table_name == "interviews-local-platform"
    assert settings.uploads_bucket == "interviews-local-uploads-123456789012"
    assert settings.process_answer_state_machine_arn.endswith(
        ":stateMachine:interviews-local-process-answer"
    )
    assert settings.cors_origins == ["http://localhost:8000"]


def test_cloud_stages_refuse_local_defaults() -> None:
    with pytest.raises(ValueError, match="APP_PUBLIC_BASE_URL must be https") as error:
        Settings(stage="prod", aws_endpoint_url="http://localhost:4566")
    assert "APP_AWS_ENDPOINT_URL must be empty" in str(error.value)
    assert "APP_USER_POOL_ID" in str(error.value)
    ok = Settings(
        stage="prod",
        public_base_url="https://app.example.com",
        user_pool_id="eu-west-1_abc",
        user_pool_client_id="client",
    )
    assert ok.resolved_jwks_url == (
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json"
    )
    assert ok.identity_kind == "cognito"


def test_the_local_identity_adapter_is_for_the_local_stage_only() -> None:
    assert Settings(stage="local").identity_kind == "local"
    with pytest.raises(ValueError, match="APP_IDENTITY=local"):
        Settings(
            stage="prod",
            identity="local",
            public_base_url="https://app.example.com",
            user_pool_id="eu-west-1_abc",
            user_pool_client_id="client",
        )


@pytest.mark.parametrize("machine", CATALOG.state_machines, ids=lambda m: m.base)
def test_every_asl_placeholder_has_a_substitution(machine: object) -> None:
    assert machine is PROCESS_ANSWER or hasattr(machine, "definition_file")
    text = (REPO / "statemachines" / machine.definition_file).read_text()  # type: ignore[attr-defined]
    json.loads(text)  # placeholders sit inside strings, so the file stays JSON
    placeholders = set(re.findall(r"\$\{([A-Za-z0-9]+)\}", text))
    keys = set(machine.substitutions(lambda fn: fn.name("t")))  # type: ignore[attr-defined]
    assert placeholders == keys


def test_substitution_keys_are_camel_case() -> None:
    assert substitution_key("verify-upload") == "VerifyUploadFunctionArn"


def test_every_catalog_handler_is_importable() -> None:
    import importlib

    for function in CATALOG.functions:
        module, attribute = function.handler.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), attribute)), function.handler


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """As pydantic-settings read them (functions/environment_settings.py): APP_<NAME> in any
    case, lists as JSON, keyword arguments first."""
    monkeypatch.setenv("APP_STAGE", "local")
    monkeypatch.setenv("app_public_base_url", "http://localhost:9000")
    monkeypatch.setenv("APP_CORS_ORIGINS", '["https://a.example", "https://b.example"]')
    monkeypatch.setenv("APP_MFA_REQUIRED_ROLES", '["admin"]')
    monkeypatch.setenv("APP_GROQ_API_KEY", "gsk_secret")
    monkeypatch.setenv("APP_WEBHOOKS_ALLOW_LOOPBACK", "true")
    monkeypatch.setenv("APP_NOT_A_SETTING", "ignored")
    settings = Settings(webhooks_allow_loopback=False)
    assert settings.public_base_url == "http://localhost:9000"
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.mfa_required_roles == ["admin"]
    assert settings.groq_api_key is not None
    assert settings.groq_api_key.get_secret_value() == "gsk_secret"
    assert settings.webhooks_allow_loopback is False


@pytest.mark.parametrize(
    ("variable", "value"),
    [("APP_CORS_ORIGINS", "https://a.example"), ("APP_STAGE", "qa"), ("APP_MAX_ANSWER_BYTES", "x")],
)
def test_a_misconfigured_environment_fails_the_settings(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    """A function with a bad variable fails at its init, naming the setting."""
    monkeypatch.setenv(variable, value)
    name = variable.removeprefix("APP_").lower()
    with pytest.raises(ValueError, match=f"(?i){name}"):
        Settings()
