"""Builds the whole platform into a CDK app: one stack per concern, dependencies passed explicitly.

Used by cdk/app.py (the CLI entry point) and by tests/infra (synthesized once per session).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import App, Aspects, Environment, Stack, Tags
from cdk_nag import AwsSolutionsChecks

from cdk.access import missing_entries
from cdk.config import StageConfig, delivery_config, environment, stage_config
from cdk.stacks.api import ApiStack
from cdk.stacks.data import DataStack
from cdk.stacks.delivery import DeliveryStack
from cdk.stacks.events import EventsStack
from cdk.stacks.identity import IdentityStack
from cdk.stacks.integrations import IntegrationsStack
from cdk.stacks.live import LiveStack
from cdk.stacks.observability import ObservabilityStack
from cdk.stacks.pipeline import PipelineStack
from cdk.stacks.waf import WAF_REGION, WafStack
from cdk.stacks.web import WebStack
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
    integrations: IntegrationsStack
    pipeline: PipelineStack
    api: ApiStack
    live: LiveStack
    waf: WafStack
    web: WebStack
    observability: ObservabilityStack
    # Account-wide, only with `-c github_repository=<org>/<repo>` (docs/deploy.md).
    delivery: DeliveryStack | None = None

    @property
    def stacks(self) -> tuple[Stack, ...]:
        stage_stacks = (
            self.data,
            self.identity,
            self.events,
            self.integrations,
            self.pipeline,
            self.api,
            self.live,
            self.waf,
            self.web,
            self.observability,
        )
        return (*stage_stacks, self.delivery) if self.delivery else stage_stacks


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
    integrations = IntegrationsStack(
        app, stack_name("integrations"), config=config, env=env, termination_protection=protect
    )
    missing = missing_entries()
    if missing:
        raise ValueError(f"catalog functions without an entry in cdk/access.py ACCESS: {missing}")
    pipeline = PipelineStack(
        app,
        stack_name("pipeline"),
        config=config,
        data=data,
        events_stack=events,
        identity=identity,
        integrations=integrations,
        env=env,
        termination_protection=protect,
    )
    live = LiveStack(
        app,
        stack_name("live"),
        config=config,
        data=data,
        events_stack=events,
        identity=identity,
        integrations=integrations,
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
        integrations=integrations,
        live=live,
        env=env,
        termination_protection=protect,
    )

    # WAF for CloudFront exists only in us-east-1, and so does a CloudFront certificate; the web
    # stack reads the ACL's and the certificate's ARNs across regions with weak references
    # (Fn::GetStackOutput with the producer's Region): no SSM parameters, no custom-resource
    # Lambdas, no export lock.
    waf = WafStack(
        app,
        stack_name("waf"),
        config=config,
        env=Environment(account=env.account, region=WAF_REGION),
        termination_protection=protect,
    )
    web = WebStack(
        app,
        stack_name("web"),
        config=config,
        data=data,
        api=api,
        integrations=integrations,
        web_acl_arn=waf.web_acl_arn,
        certificate_arn=waf.certificate_arn,
        env=env,
        termination_protection=protect,
    )

    observability = ObservabilityStack(
        app,
        stack_name("observability"),
        config=config,
        pipeline=pipeline,
        api=api,
        live=live,
        env=env,
        termination_protection=protect,
    )

    delivery = _delivery(app, env)

    Tags.of(app).add("app", APP)
    stage_stacks = (data, identity, events, integrations, pipeline, api, live, waf, web)
    for stack in (*stage_stacks, observability):
        Tags.of(stack).add("stage", config.stage)
    Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return Platform(
        app,
        config,
        data,
        identity,
        events,
        integrations,
        pipeline,
        api,
        live,
        waf,
        web,
        observability,
        delivery,
    )


def _delivery(app: App, env: Environment) -> DeliveryStack | None:
    """The GitHub deploy role, once per account (not per stage: its name has no stage)."""
    delivery = delivery_config(app.node)
    if delivery is None:
        return None
    regions = tuple(dict.fromkeys((str(env.region), WAF_REGION)))
    return DeliveryStack(
        app,
        f"{APP}-delivery",
        delivery=delivery,
        regions=regions,
        env=env,
        termination_protection=True,
    )
