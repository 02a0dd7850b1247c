"""Retention, the Groq key secret, SES and the scheduler group; log retention everywhere. (Which
function reads which secret: test_infra_secrets.py.)"""

from __future__ import annotations

from cdk_synth import Synthesized

from functions.resources import UPLOADS_BUCKET


def test_uploads_expire_after_the_stage_retention(synth: Synthesized) -> None:
    config = synth.platform.config
    _, bucket = synth.one(
        synth.platform.data,
        "AWS::S3::Bucket",
        BucketName=UPLOADS_BUCKET.name(synth.stage, synth.account),
    )
    rules = {r["Id"]: r for r in bucket["Properties"]["LifecycleConfiguration"]["Rules"]}
    assert rules["retention"]["ExpirationInDays"] == config.recording_retention.to_days()
    assert "Prefix" not in rules["retention"]  # answers/ and media/ alike
    assert rules["delete-markers"]["ExpiredObjectDeleteMarker"] is True
    assert rules["cleanup"]["NoncurrentVersionExpiration"]["NoncurrentDays"] > 0


def test_every_stage_has_a_retention() -> None:
    from cdk.config import STAGES

    assert all(c.recording_retention.to_days() > 0 for c in STAGES.values())


def _secret_id(synth: Synthesized) -> str:
    """The logical id of the Groq key's secret."""
    secrets = synth.resources(synth.platform.integrations, "AWS::SecretsManager::Secret")
    name = f"interviews-{synth.stage}-groq-api-key"
    (secret_id,) = [i for i, s in secrets.items() if s["Properties"]["Name"] == name]
    return secret_id


def test_groq_key_secret_exists_for_the_stage(synth: Synthesized) -> None:
    secrets = synth.resources(synth.platform.integrations, "AWS::SecretsManager::Secret")
    by_name = {s["Properties"]["Name"]: s["Properties"] for s in secrets.values()}
    groq = by_name[f"interviews-{synth.stage}-groq-api-key"]
    assert "SecretString" not in groq  # a placeholder until set by hand (docs/deploy.md)
    signing = by_name[f"interviews-{synth.stage}-unsubscribe-signing-key"]
    assert signing["GenerateSecretString"]["PasswordLength"] == 48  # generated, never typed
    assert _secret_id(synth)


def test_ses_identity_is_the_stage_domain_and_scheduler_group_exists(synth: Synthesized) -> None:
    integrations = synth.platform.integrations
    synth.one(
        integrations,
        "AWS::SES::EmailIdentity",
        EmailIdentity=synth.platform.config.sender_domain,
    )
    synth.one(
        integrations, "AWS::Scheduler::ScheduleGroup", Name=f"interviews-{synth.stage}-schedules"
    )


def test_every_log_group_has_a_retention(synth: Synthesized) -> None:
    for stack, logical_id, group in synth.all_resources("AWS::Logs::LogGroup"):
        assert group["Properties"].get("RetentionInDays", 0) > 0, (stack.stack_name, logical_id)


def test_every_function_logs_to_a_log_group_with_retention(synth: Synthesized) -> None:
    """Catalog functions and CDK's site-deployment handler alike (LoggingConfig.LogGroup)."""
    for stack, logical_id, function in synth.all_resources("AWS::Lambda::Function"):
        assert function["Properties"]["LoggingConfig"]["LogGroup"], (stack.stack_name, logical_id)


def test_the_prod_backstop_outlasts_every_period_a_company_may_choose() -> None:
    """The lifecycle rule counts from the upload; a company's period counts from the decision,
    which may come as late as the longest deadline. Prod must never delete before the company's
    own period ran out (dev and staging keep test data short on purpose)."""
    from cdk.config import STAGES
    from functions.domain.interviews import MAX_DEADLINE_DAYS
    from functions.domain.retention import MAX_RETENTION_MONTHS

    longest = MAX_DEADLINE_DAYS + MAX_RETENTION_MONTHS * 31
    assert STAGES["prod"].recording_retention.to_days() >= longest
