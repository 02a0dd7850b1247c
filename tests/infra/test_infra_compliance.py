"""cdk-nag (AwsSolutions) and cfn-lint accept every synthesized template, in both shapes: the
default synthesis (dev, no domain) and the custom one (prod, custom domain, GitHub deploy role)."""

from __future__ import annotations

import json

import pytest
from aws_cdk.cx_api import SynthesisMessageLevel
from cdk_synth import Synthesized
from cfnlint.api import ManualArgs, lint  # type: ignore[import-untyped]


@pytest.fixture(params=["default", "custom"])
def any_synth(request: pytest.FixtureRequest) -> Synthesized:
    name = "synth" if request.param == "default" else "synth_custom"
    synthesized: Synthesized = request.getfixturevalue(name)
    return synthesized


def test_cdk_nag_reports_no_unsuppressed_findings(any_synth: Synthesized) -> None:
    synth = any_synth
    # Read the messages of the one synthesis: Annotations.from_stack would synthesize again,
    # when cross-stack references are already resolved and the findings read differently.
    findings = [
        f"{message.level} {message.id}: {str(message.entry.data)[:160]}"
        for stack in synth.platform.stacks
        for message in synth.assembly.get_stack_artifact(stack.artifact_id).messages
        if "AwsSolutions-" in str(message.entry.data)
        and message.level in (SynthesisMessageLevel.ERROR, SynthesisMessageLevel.WARNING)
    ]
    assert findings == []


def test_every_suppression_gives_a_specific_reason(any_synth: Synthesized) -> None:
    synth = any_synth
    seen = 0
    for stack in synth.platform.stacks:
        for logical_id, resource in synth.json(stack)["Resources"].items():
            for rule in (
                resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
            ):
                seen += 1
                assert len(rule["reason"]) >= 40, (logical_id, rule)
                if rule["id"] == "AwsSolutions-IAM5":
                    assert rule.get("applies_to"), f"{logical_id}: blanket IAM5 suppression"
    assert seen > 0


CONCERNS = [
    "data",
    "identity",
    "events",
    "integrations",
    "pipeline",
    "api",
    "live",
    "waf",
    "web",
    "observability",
]
# Only in the custom synthesis.
OPTIONAL_CONCERNS = ["delivery"]


def test_every_stack_is_linted() -> None:
    from cdk.platform import Platform

    stacks = [name for name, kind in Platform.__annotations__.items() if "Stack" in kind]
    assert sorted(stacks) == sorted(CONCERNS + OPTIONAL_CONCERNS)


@pytest.mark.parametrize(
    ("shape", "concern"),
    [("default", c) for c in CONCERNS] + [("custom", c) for c in CONCERNS + OPTIONAL_CONCERNS],
)
def test_cfn_lint_finds_no_errors(request: pytest.FixtureRequest, shape: str, concern: str) -> None:
    synth: Synthesized = request.getfixturevalue("synth" if shape == "default" else "synth_custom")
    stack = getattr(synth.platform, concern)
    matches = lint(json.dumps(synth.json(stack)), config=ManualArgs(regions=[stack.region]))
    errors = [
        f"{m.rule.id} {m.message} ({'/'.join(map(str, m.path))})"
        for m in matches
        if m.rule.id.startswith("E")
    ]
    assert errors == []
