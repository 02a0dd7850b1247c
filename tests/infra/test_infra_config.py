"""The stages differ only through cdk/config.py; synthesis needs no account."""

from __future__ import annotations

import pytest
from aws_cdk import App, RemovalPolicy

from cdk.config import (
    DEPLOY_STAGES,
    PLACEHOLDER_ACCOUNT,
    STAGES,
    DeployStage,
    environment,
    stage_config,
)


def test_every_stage_keeps_point_in_time_recovery() -> None:
    assert set(STAGES) == set(DEPLOY_STAGES)
    assert all(config.point_in_time_recovery for config in STAGES.values())


@pytest.mark.parametrize("stage", ["staging", "prod"])
def test_shared_stages_retain_and_protect_their_data(stage: DeployStage) -> None:
    config = STAGES[stage]
    assert config.removal_policy == RemovalPolicy.RETAIN
    assert config.deletion_protection
    assert config.termination_protection


def test_stage_comes_from_context_and_defaults_to_dev() -> None:
    assert stage_config(App().node).stage == "dev"
    assert stage_config(App(context={"stage": "prod"}).node).stage == "prod"
    with pytest.raises(ValueError, match="unknown stage"):
        stage_config(App(context={"stage": "local"}).node)


def test_public_base_url_can_be_overridden_but_must_be_https() -> None:
    url = "https://hire.example.org"
    config = stage_config(App(context={"stage": "prod", "public_base_url": url + "/"}).node)
    assert config.public_base_url == url
    assert config.cors_origins[0] == url
    with pytest.raises(ValueError, match="https"):
        stage_config(App(context={"public_base_url": "http://hire.example.org"}).node)


def test_account_falls_back_to_a_placeholder_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CDK_DEFAULT_ACCOUNT", raising=False)
    assert environment(App().node).account == PLACEHOLDER_ACCOUNT
    monkeypatch.setenv("CDK_DEFAULT_ACCOUNT", "111122223333")
    assert environment(App().node).account == "111122223333"
    assert environment(App(context={"account": "444455556666"}).node).account == "444455556666"
