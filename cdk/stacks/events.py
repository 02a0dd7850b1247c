"""Events: the platform's custom event bus (domain events; S3 notifications use the default bus)."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_events as events
from constructs import Construct

from cdk.config import StageConfig
from functions.resources import CATALOG


class EventsStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.bus = events.EventBus(
            self, "PlatformBus", event_bus_name=CATALOG.event_bus_name(config.stage)
        )
