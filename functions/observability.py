"""Powertools Logger, Tracer and Metrics shared by every function, the one decorator every
Lambda entry point wears, and the business metrics that need their own dimensions.

Names, namespace and dimensions come from functions/metrics_catalog.py, which the CDK alarms and
dashboard read too.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics, Tracer, single_metric
from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel

from functions.domain.clock import precise_utcnow
from functions.metrics_catalog import (
    AI_PROVIDER_CALLS,
    AI_PROVIDER_FAILURES,
    EVENT_PROCESSING_TIME,
    NAMESPACE,
    SERVICE,
    AIOperation,
    EventConsumer,
    ai_provider_dimensions,
    event_consumer_dimensions,
)

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.parser.envelopes import BaseEnvelope


class LazyTracer:
    """Powertools' Tracer, built the first time it is used rather than when this module is
    imported: building it imports the X-Ray SDK (with botocore) and patches the libraries it
    traces, about a third of a second that an import (the API's cold start, a test, a CLI)
    should not pay before it needs a trace. Attributes are the Tracer's; a handler decorated
    with `capture_lambda_handler` builds it on its first invocation."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._tracer: Tracer | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> Tracer:
        if self._tracer is None:
            with self._lock:
                if self._tracer is None:
                    self._tracer = Tracer(**self._options)
        return self._tracer

    def capture_lambda_handler(
        self, handler: Handler | None = None, **options: Any
    ) -> Callable[..., Any]:
        if handler is None:
            return functools.partial(self.capture_lambda_handler, **options)
        traced: list[Handler] = []

        @functools.wraps(handler)
        def invoke(*args: Any, **kwargs: Any) -> Any:
            if not traced:
                traced.append(self.built.capture_lambda_handler(handler, **options))
            return traced[0](*args, **kwargs)

        return invoke

    def __getattr__(self, name: str) -> Any:
        return getattr(self.built, name)


logger = Logger(service=SERVICE)
tracer: Tracer = LazyTracer(service=SERVICE)  # type: ignore[assignment]
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)

# Most invocations add no business metric; an empty flush is normal here, not worth a warning
# (Powertools' documented way to silence it).
warnings.filterwarnings("ignore", "No application metrics to publish*")

Handler = Callable[..., Any]
INSTRUMENTED = "__instrumented_lambda_handler__"
# Our execution inputs (AnswerRef, InterviewRef...) carry the correlation id at the top level.
CORRELATION_ID_FIELD = "correlation_id"


def lambda_handler(
    model: type[BaseModel] | None = None,
    *,
    envelope: type[BaseEnvelope] | None = None,
    correlation_id_path: str | None = None,
) -> Callable[[Handler], Handler]:
    """Every Lambda entry point, in one decorator:

    - Logger: the Lambda context on every line, and the correlation id from
      `correlation_id_path` (a JMESPath into the raw event), or from the event's
      `correlation_id` when `model` (without an envelope) has that field. Keys are not cleared
      between invocations: the local platform runs the API and the handlers in one process,
      whose threads share the Logger's keys (the correlation id the API's events carry);
    - Metrics: flushed when the handler returns or raises, with Powertools' ColdStart metric;
    - Tracer: a subsegment around the handler, without its response (small, but not ours to
      copy into traces); a raised error is recorded and propagates unchanged, so the state
      machine's Retry/Catch and the queues' redrive still see it;
    - Parser: the event parsed into `model` (through `envelope`, if any) before the handler runs.
    """
    if correlation_id_path is None and envelope is None and _has_correlation_id(model):
        correlation_id_path = CORRELATION_ID_FIELD

    def decorate(handler: Handler) -> Handler:
        wrapped = handler
        if model is not None:
            from aws_lambda_powertools.utilities.parser import event_parser

            wrapped = event_parser(model=model, envelope=envelope)(wrapped)
        wrapped = tracer.capture_lambda_handler(wrapped, capture_response=False)
        wrapped = metrics.log_metrics(wrapped, capture_cold_start_metric=True)
        wrapped = logger.inject_lambda_context(wrapped, correlation_id_path=correlation_id_path)
        setattr(wrapped, INSTRUMENTED, True)
        return wrapped

    return decorate


def _has_correlation_id(model: type[BaseModel] | None) -> bool:
    return model is not None and CORRELATION_ID_FIELD in model.model_fields


def is_instrumented(handler: Handler) -> bool:
    """Whether `handler` wears `lambda_handler` (tests check every catalog function does)."""
    return getattr(handler, INSTRUMENTED, False) is True


def elapsed_ms(since: datetime) -> float:
    """Milliseconds from `since` until now (never negative: clocks and whole-second times)."""
    return max(0.0, (precise_utcnow() - since).total_seconds() * 1000)


def _publish(
    name: str, unit: MetricUnit, value: float, dimensions: dict[str, str], **metadata: str
) -> None:
    """One metric with its own dimensions, printed now as its own EMF document."""
    with single_metric(
        name=name, unit=unit, value=value, namespace=NAMESPACE, default_dimensions=dimensions
    ) as metric:
        for key, item in metadata.items():
            metric.add_metadata(key=key, value=item)


@contextmanager
def ai_provider_call(provider: str, operation: AIOperation) -> Iterator[None]:
    """Count one call to the AI provider (AIProviderCalls) and, when the block raises, one
    failure (AIProviderFailures): a refusal, 429, 5xx, timeout or a reply that is not what was
    asked for. The error propagates unchanged."""
    dimensions = ai_provider_dimensions(operation)
    try:
        yield
    except Exception as error:
        _publish(
            AI_PROVIDER_FAILURES,
            MetricUnit.Count,
            1,
            dimensions,
            provider=provider,
            error=type(error).__name__,
        )
        raise
    finally:
        _publish(AI_PROVIDER_CALLS, MetricUnit.Count, 1, dimensions, provider=provider)


def event_processed(consumer: EventConsumer, event_time: datetime) -> None:
    """EventProcessingTime: milliseconds from the event's envelope `time` until `consumer`
    finished with it. Envelope times have whole seconds, so this is precise to a second."""
    _publish(
        EVENT_PROCESSING_TIME,
        MetricUnit.Milliseconds,
        elapsed_ms(event_time),
        event_consumer_dimensions(consumer),
    )
