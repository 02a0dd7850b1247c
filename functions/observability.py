"""Powertools Logger, Tracer and Metrics shared by every function (one service name each stage)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger(service="interviews")
tracer = Tracer(service="interviews")
metrics = Metrics(namespace="Interviews", service="interviews")
