"""What the infra tests share: the synthesized platform and ways to look into its templates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import Stack
from aws_cdk.assertions import Template
from aws_cdk.cx_api import CloudAssembly

from cdk.platform import Platform

REPO_ROOT = Path(__file__).resolve().parents[2]
STAGE = "dev"
# The second synthesis (fixture synth_custom): what the default one leaves out.
CUSTOM_CONTEXT = {
    "stage": "prod",
    "domain_name": "interviews.example.com",
    "hosted_zone_id": "Z0123456789ABCDEFGHIJ",
    "hosted_zone_name": "example.com",
    "github_repository": "acme/interviews",
}

Resource = dict[str, Any]


@dataclass(frozen=True)
class Synthesized:
    platform: Platform
    assembly: CloudAssembly
    outdir: Path
    templates: dict[str, Template]  # by stack artifact id

    @property
    def stage(self) -> str:
        return self.platform.config.stage

    @property
    def account(self) -> str:
        return self.platform.data.account

    def template(self, stack: Stack) -> Template:
        return self.templates[stack.artifact_id]

    def json(self, stack: Stack) -> dict[str, Any]:
        return dict(self.template(stack).to_json())

    def resources(self, stack: Stack, type_: str) -> dict[str, Resource]:
        found = self.template(stack).find_resources(type_)
        return {logical_id: dict(resource) for logical_id, resource in found.items()}

    def all_resources(self, type_: str) -> Iterator[tuple[Stack, str, Resource]]:
        for stack in self.platform.stacks:
            for logical_id, resource in self.resources(stack, type_).items():
                yield stack, logical_id, resource

    def one(self, stack: Stack, type_: str, **properties: Any) -> tuple[str, Resource]:
        """The single resource of that type whose properties include the given values."""
        matches = [
            (logical_id, resource)
            for logical_id, resource in self.resources(stack, type_).items()
            if all(resource["Properties"].get(k) == v for k, v in properties.items())
        ]
        assert len(matches) == 1, f"{type_} {properties}: {len(matches)} matches"
        return matches[0]


def get_att_arn(logical_id: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [logical_id, "Arn"]}


def asset_dir(synth: Synthesized, code: dict[str, Any]) -> Path:
    """The staged folder of a Lambda code or layer asset: asset.<hash> for S3Key <hash>.zip."""
    return synth.outdir / f"asset.{code['S3Key'].removesuffix('.zip')}"


def role_statements(synth: Synthesized, stack: Stack, role_id: str) -> list[dict[str, Any]]:
    """Every statement of the inline policies attached to one role."""
    return [
        statement
        for policy in synth.resources(stack, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]
