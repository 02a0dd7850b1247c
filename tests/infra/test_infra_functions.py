"""Every catalog function is built by the one construct, from the one code asset."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import Stack
from cdk_synth import Synthesized

from functions.resources import API_FUNCTION, CATALOG, LIVE_SIGNALLING_FUNCTIONS, Function

APP_ENVIRONMENT = {
    "APP_STAGE",
    "APP_AWS_REGION",
    "APP_AWS_ACCOUNT_ID",
    "APP_PUBLIC_BASE_URL",
    "APP_TABLE_NAME",
    "APP_PII_KEYS_TABLE_NAME",
    "APP_UPLOADS_BUCKET",
    "APP_EVENT_BUS_NAME",
    "APP_USER_POOL_ID",
    "APP_USER_POOL_CLIENT_ID",
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_METRICS_NAMESPACE",
    "LOG_LEVEL",
}


def _stack_of(synth: Synthesized, spec: Function) -> Stack:
    if spec.base == API_FUNCTION.base:
        return synth.platform.api
    return synth.platform.live if spec in LIVE_SIGNALLING_FUNCTIONS else synth.platform.pipeline


def _function(synth: Synthesized, spec: Function) -> tuple[str, dict[str, Any]]:
    stack = _stack_of(synth, spec)
    return synth.one(stack, "AWS::Lambda::Function", FunctionName=spec.name(synth.stage))


def _catalog_stacks(synth: Synthesized) -> tuple[Stack, ...]:
    """The stacks that build catalog functions (others hold only CDK's own handler Lambdas)."""
    return (synth.platform.pipeline, synth.platform.api, synth.platform.live)


def test_only_catalog_functions_exist(synth: Synthesized) -> None:
    names = {
        resource["Properties"]["FunctionName"]
        for stack in _catalog_stacks(synth)
        for resource in synth.resources(stack, "AWS::Lambda::Function").values()
    }
    assert names == {spec.name(synth.stage) for spec in CATALOG.functions}


@pytest.mark.parametrize("spec", CATALOG.functions, ids=lambda f: f.base)
def test_function_matches_its_catalog_entry(synth: Synthesized, spec: Function) -> None:
    _, function = _function(synth, spec)
    props = function["Properties"]
    assert props["Handler"] == spec.handler
    assert props["Runtime"] == "python3.12"
    assert props["Architectures"] == ["arm64"]
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert props["MemorySize"] == spec.memory_mb
    assert props["Timeout"] == spec.timeout_seconds
    environment = props["Environment"]["Variables"]
    assert set(environment) >= APP_ENVIRONMENT
    assert environment["APP_STAGE"] == synth.stage
    assert environment["POWERTOOLS_SERVICE_NAME"] == spec.base
    assert environment["APP_PUBLIC_BASE_URL"].startswith("https://")


@pytest.mark.parametrize("spec", CATALOG.functions, ids=lambda f: f.base)
def test_function_logs_to_its_own_log_group_with_retention(
    synth: Synthesized, spec: Function
) -> None:
    stack = _stack_of(synth, spec)
    _, function = _function(synth, spec)
    log_group_id = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
    log_group = synth.resources(stack, "AWS::Logs::LogGroup")[log_group_id]
    assert log_group["Properties"]["LogGroupName"] == f"/aws/lambda/{spec.name(synth.stage)}"
    assert log_group["Properties"]["RetentionInDays"] > 0


def test_roles_carry_no_managed_policies(synth: Synthesized) -> None:
    for stack in _catalog_stacks(synth):
        for logical_id, role in synth.resources(stack, "AWS::IAM::Role").items():
            assert "ManagedPolicyArns" not in role["Properties"], logical_id


def _code_asset(synth: Synthesized) -> Path:
    """The staged asset directory: asset.<hash>, where the S3 key is <hash>.zip."""
    keys = {
        resource["Properties"]["Code"]["S3Key"]
        for stack in _catalog_stacks(synth)
        for resource in synth.resources(stack, "AWS::Lambda::Function").values()
    }
    assert len(keys) == 1, f"functions use {len(keys)} code assets"
    return synth.outdir / f"asset.{keys.pop().removesuffix('.zip')}"


def test_all_functions_share_one_code_asset_without_local_code(synth: Synthesized) -> None:
    asset = _code_asset(synth)
    assert {p.name for p in asset.iterdir()} == {"functions"}
    assert (asset / "functions" / "resources.py").is_file()
    assert not (asset / "functions" / "local").exists()
    assert not list(asset.rglob("__pycache__"))
    assert not list(asset.rglob("*.pyc"))


@pytest.mark.parametrize("spec", CATALOG.functions, ids=lambda f: f.base)
def test_handler_module_is_in_the_asset(synth: Synthesized, spec: Function) -> None:
    module, _, attribute = spec.handler.rpartition(".")
    source = _code_asset(synth) / Path(*module.split(".")).with_suffix(".py")
    assert source.is_file(), f"{spec.handler}: {source} is missing"
    assert re.search(rf"^(def {attribute}\b|{attribute}\s*[:=])", source.read_text(), re.M), (
        f"{spec.handler}: {source.name} defines no {attribute}"
    )
