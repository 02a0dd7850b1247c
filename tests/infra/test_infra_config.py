"""The stages differ only through cdk/config.py; synthesis needs no account."""

from __future__ import annotations

import pytest
from aws_cdk import App, RemovalPolicy

from cdk.config import (
    DEPLOY_STAGES,
    PLACEHOLDER_ACCOUNT,
    STAGES,
    DeployStage,
    delivery_config,
    environment,
    stage_config,
)

ZONE = {"hosted_zone_id": "Z0123456789ABCDEFGHIJ", "hosted_zone_name": "example.com"}


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


def test_no_stage_has_a_domain_by_default() -> None:
    # The zone is account-specific: domains come from context (CI variables), never a default.
    assert all(not c.domain_name and not c.hosted_zone_id for c in STAGES.values())


def test_a_domain_sets_the_public_url_and_mail_domain() -> None:
    context = {"stage": "staging", "domain_name": "Staging.Interviews.Example.com.", **ZONE}
    config = stage_config(App(context=context).node)
    assert config.domain_name == "staging.interviews.example.com"
    assert config.public_base_url == "https://staging.interviews.example.com"
    assert config.sender_domain == "staging.interviews.example.com"
    apex = stage_config(App(context={"domain_name": "example.com", **ZONE}).node)
    assert apex.public_base_url == "https://example.com"
    same = {"domain_name": "hire.example.com", "public_base_url": "https://hire.example.com/"}
    assert stage_config(App(context={**same, **ZONE}).node).domain_name == "hire.example.com"
    zone_path = {**ZONE, "hosted_zone_id": "/hostedzone/Z0123456789ABCDEFGHIJ"}
    config = stage_config(App(context={"domain_name": "hire.example.com", **zone_path}).node)
    assert config.hosted_zone_id == "Z0123456789ABCDEFGHIJ"


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"domain_name": "hire.example.com"}, "needs hosted_zone_id and hosted_zone_name"),
        ({"hosted_zone_id": "Z0123456789ABCDEFGHIJ"}, "need a domain_name"),
        ({"domain_name": "hire.example.org", **ZONE}, "not in the hosted zone"),
        ({"domain_name": "badexample.com", **ZONE}, "not in the hosted zone"),
        ({"domain_name": "hire_1.example.com", **ZONE}, "not a lower-case host name"),
        (
            {"domain_name": "hire.example.com", **ZONE, "hosted_zone_id": "zone-1"},
            "not a Route 53 zone id",
        ),
        (
            {"domain_name": "hire.example.com", **ZONE, "public_base_url": "https://x.example.com"},
            "contradicts domain_name",
        ),
        ({"origin_secret_version": "v2"}, "VersionId"),
    ],
)
def test_domain_settings_are_validated(context: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        stage_config(App(context=context).node)


def test_origin_secret_version_pins_the_secret() -> None:
    version = "a1b2c3d4-e5f6-4a5b-8c7d-0123456789ab"
    assert stage_config(App().node).origin_secret_version == ""
    config = stage_config(App(context={"origin_secret_version": version}).node)
    assert config.origin_secret_version == version


def test_delivery_needs_a_repository_and_defaults_to_staging_and_production() -> None:
    assert delivery_config(App().node) is None
    delivery = delivery_config(App(context={"github_repository": "acme/interviews"}).node)
    assert delivery is not None
    assert delivery.subjects == (
        "repo:acme/interviews:environment:staging",
        "repo:acme/interviews:environment:production",
    )
    assert delivery.oidc_provider_arn == ""
    only_prod = {"github_repository": "acme/interviews", "github_environments": "production"}
    delivery = delivery_config(App(context=only_prod).node)
    assert delivery is not None and delivery.environments == ("production",)


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"github_repository": "interviews"}, "<org>/<repo>"),
        ({"github_repository": "acme/interviews", "github_environments": "prod*"}, "names"),
        (
            {
                "github_repository": "acme/interviews",
                "github_oidc_provider_arn": "arn:aws:iam::123456789012:oidc-provider/example.com",
            },
            "GitHub's OIDC provider",
        ),
    ],
)
def test_delivery_settings_are_validated(context: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        delivery_config(App(context=context).node)
