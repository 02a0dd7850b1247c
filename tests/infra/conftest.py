"""The CDK app, synthesized once per test session (offline: no Docker, no credentials)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# jsii reads these when its Node process starts, i.e. on the first aws_cdk import below.
for _warning in ("UNTESTED_NODE_VERSION", "END_OF_LIFE_NODE_VERSION", "DEPRECATED_NODE_VERSION"):
    os.environ.setdefault(f"JSII_SILENCE_WARNING_{_warning}", "1")

from aws_cdk import App  # noqa: E402
from aws_cdk.assertions import Template  # noqa: E402
from cdk_synth import CUSTOM_CONTEXT, STAGE, Synthesized  # noqa: E402

from cdk.platform import build, cdk_json_context  # noqa: E402


def _validation_failures(outdir: Path) -> str:
    report = outdir / "validation-report.json"
    if not report.exists():
        return ""
    lines = []
    for plugin in json.loads(report.read_text())["pluginReports"]:
        for violation in plugin["violations"]:
            paths = [c["constructPath"] for c in violation["violatingConstructs"]]
            lines.append(f"{violation['description'].splitlines()[0][:160]} at {paths}")
    return "\n".join(lines)


def _synthesize(outdir: Path, **context: str) -> Synthesized:
    app = App(context={**cdk_json_context(), **context}, outdir=str(outdir))
    platform = build(app)
    try:
        assembly = app.synth()
    except RuntimeError as error:  # cdk-nag errors fail synthesis (annotationsInValidationReport)
        pytest.fail(f"synthesis failed: {error}\n{_validation_failures(outdir)}")
    templates = {stack.artifact_id: Template.from_stack(stack) for stack in platform.stacks}
    return Synthesized(platform=platform, assembly=assembly, outdir=outdir, templates=templates)


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return _synthesize(tmp_path_factory.mktemp("cdk.out"), stage=STAGE)


@pytest.fixture(scope="session")
def synth_custom(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    """The other shape: prod with a custom domain and the account's GitHub deploy role."""
    return _synthesize(tmp_path_factory.mktemp("cdk.out.custom"), **CUSTOM_CONTEXT)
