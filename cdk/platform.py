"""Builds the whole platform into a CDK app: one stack per concern, dependencies passed explicitly.

Used by cdk/app.py (the CLI entry point) and by tests/infra (synthesized once per session).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import App, Aspects, Stack, Tags
from cdk_nag import AwsSolutionsChecks

from cdk.config import StageConfig, environment, stage_config
from cdk.stacks.api import ApiStack
from cdk.stacks.data import DataStack
from cdk.stacks.events import EventsStack
from cdk.stacks.identity import IdentityStack
from cdk.stacks.pipeline import PipelineStack
from functions.resources import APP, resource_name

CDK_JSON = Path(__file__).resolve().parents[1] / "cdk.json"


def cdk_json_context() -> dict[str, Any]:
    """cdk.json's context (feature flags, default stage), for apps not launched by the CLI."""
    context: dict[str, Any] = json.loads(CDK_JSON.read_text())["context"]
    return context


@dataclass(frozen=True)
class Platform:
    app: App
    config: StageConfig
    data: DataStack
    identity: IdentityStack
    events: EventsStack
    pipeline: PipelineStack
    api: ApiStack

    @property
    def stacks(self) -> tuple[Stack, ...]:
        return (self.data, self.identity, self.events, self.pipeline, self.api)


def build(app: App) -> Platform:
    config = stage_config(app.node)
    env = environment(app.node)
    protect = config.termination_protection

    def stack_name(concern: str) -> str:
        return resource_name(config.stage, concern)

    data = DataStack(
        app, stack_name("data"), config=config, env=env, termination_protection=protect
    )
    identity = IdentityStack(
        app, stack_name("identity"), config=config, env=env, termination_protection=protect
    )
    events = EventsStack(
        app, stack_name("events"), config=config, env=env, termination_protection=protect
    )
    pipeline = PipelineStack(
        app,
        stack_name("pipeline"),
        config=config,
        data=data,
        events_stack=events,
        identity=identity,
        env=env,
        termination_protection=protect,
    )
    api = ApiStack(
        app,
        stack_name("api"),
        config=config,
        data=data,
        events_stack=events,
        identity=identity,
        env=env,
        termination_protection=protect,
    )

    Tags.of(app).add("app", APP)
    Tags.of(app).add("stage", config.stage)
    Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return Platform(app, config, data, identity, events, pipeline, api)
