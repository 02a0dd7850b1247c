"""Business metrics from the real code paths, read back as CloudWatch reads them (EMF), and tied
to what the CDK alarms and dashboard watch: an alarm on a metric with other dimensions than the
emitted ones watches nothing, so each test compares the emitted metric with the stack's own.

Every catalog handler wears `lambda_handler` (Logger, Metrics flushed with a ColdStart metric,
Tracer, Parser), so the metrics a use case adds are published at the end of each invocation.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from cdk.stacks.observability import (
    BUSINESS_METRICS,
    ai_provider_failure_rate,
    ai_provider_metrics,
    app_metric,
)
from functions import wiring
from functions.analysis.offline import OfflineAnalyzer
from functions.domain.clock import precise_utcnow, utcnow
from functions.domain.interviews import Answer, AnswerStatus, Candidate, Interview
from functions.domain.templates import Question
from functions.events import publisher
from functions.events.catalog import Event, InterviewStarted, new_event
from functions.local.lambda_runtime import FunctionSpec, make_context
from functions.media import handlers as media_handlers
from functions.media.scoring import for_scoring
from functions.metrics_catalog import (
    AI_OPERATIONS,
    AI_PROVIDER_CALLS,
    AI_PROVIDER_FAILURES,
    ANALYSIS_DURATION,
    ANALYSIS_SCORE,
    ANSWER_SCORE,
    ANSWERS_REDRIVEN,
    ANSWERS_STUCK,
    BASE_DIMENSIONS,
    EVENT_PROCESSING_TIME,
    NAMESPACE,
    OUTBOX_EVENTS_SWEPT,
    PAYMENTS_FAILED,
    RECORDING_PURGES_FAILED,
    RECORDINGS_PURGED,
    STRIPE_SIGNATURES_REFUSED,
    WEBHOOK_DELIVERIES_FAILED,
    WEBHOOK_ENDPOINTS_DISABLED,
    event_consumer_dimensions,
)
from functions.notifications import handlers as notification_handlers
from functions.observability import is_instrumented, metrics
from functions.resources import API_FUNCTION, CATALOG
from functions.settings import Settings
from functions.webhooks import use_cases as webhooks
from functions.webhooks.domain import Delivery, DeliveryMessage, WebhookEndpoint, new_secret
from tests.fixtures.emf import Emitted, MetricsOutput
from tests.fixtures.webhook_receiver import Receiver, receiving

EVENTS = Path(__file__).resolve().parents[1] / "events"
NOW = utcnow()
QUESTION = Question(id="q1", text="How do you calm an angry customer?", time_limit_seconds=60)
TRANSCRIPT = (
    "I listen first, repeat the problem back to them, offer a refund and follow up the next day "
    "to make sure it was solved."
)


@pytest.fixture
def output(capsys: pytest.CaptureFixture[str]) -> Iterator[MetricsOutput]:
    yield MetricsOutput(capsys)
    metrics.clear_metrics()


def _resolve(path: str) -> Any:
    module, _, attribute = path.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def _context(function: str) -> Any:
    return make_context(
        FunctionSpec(
            name=f"interviews-test-{function}",
            arn=f"arn:aws:lambda:eu-west-1:123456789012:function:interviews-test-{function}",
            handler=function,
        ),
        "req-1",
    )


def _same_metric(emitted: Emitted, watched: Any) -> None:
    """The emitted metric is the one the stack's alarm/dashboard metric reads."""
    assert (emitted.namespace, emitted.name) == (watched.namespace, watched.metric_name)
    assert emitted.dimensions == watched.dimensions


# -- every handler -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec", [f for f in CATALOG.functions if f is not API_FUNCTION], ids=lambda f: f.base
)
def test_every_catalog_handler_wears_lambda_handler(spec: Any) -> None:
    assert is_instrumented(_resolve(spec.handler)), f"{spec.handler} lacks @lambda_handler"


def test_the_api_handler_flushes_metrics_too(output: MetricsOutput) -> None:
    """The Mangum handler keeps its own Powertools stack (API Gateway correlation id); what
    matters is that metrics a request adds are published with the response."""
    from functions.api.main import handler

    event = json.loads((EVENTS / "http-api-get-openapi.json").read_text())
    metrics.add_metric(name="InterviewsCreated", unit="Count", value=1)
    assert handler(event, _context("api"))["statusCode"] == 200
    (created,) = output.named("InterviewsCreated")
    assert created.dimensions == BASE_DIMENSIONS and created.namespace == NAMESPACE


# -- analysis ------------------------------------------------------------------------------------


def _interview() -> Interview:
    return Interview.model_validate(
        {
            "company_id": "c1",
            "id": "i1",
            "template_id": "t1",
            "template_version": 1,
            "template_name": "Support",
            "questions": [QUESTION],
            "candidate": Candidate(name="Carla", email="carla@example.com"),
            "deadline": NOW + timedelta(days=1),
            "token_hash": "h",
            "created_by": "u1",
            "created_at": NOW,
            "invited_at": NOW,
        }
    )


def _answer(status: AnswerStatus, analysis: dict[str, Any] | None = None) -> Answer:
    return Answer(
        company_id="c1",
        interview_id="i1",
        id="a1",
        question_id=QUESTION.id,
        question_index=0,
        attempt=1,
        status=status,
        object_key="answers/c1/i1/a1",
        content_type="video/webm",
        upload_method="post",
        created_at=NOW,
        transcript=TRANSCRIPT,
        language="en",
        analysis=analysis,
    )


class Interviews:
    """The interview repository's reads and writes the analysis steps use, in memory."""

    def __init__(self, interview: Interview, answer: Answer) -> None:
        self.interview, self.answer_ = interview, answer

    def get(self, company_id: str, interview_id: str) -> tuple[Interview, int]:
        return self.interview, 1

    def answers(self, company_id: str, interview_id: str, **_: Any) -> list[tuple[Answer, int]]:
        return [(self.answer_, 1)]

    def answer(self, company_id: str, interview_id: str, answer_id: str) -> tuple[Answer, int]:
        return self.answer_, 1

    def save(
        self, interview: Interview, revision: int, events: Any = (), versions: Any = ()
    ) -> int:
        self.interview = interview
        return revision + 1

    def save_answer(self, answer: Answer, revision: int, events: Any = ()) -> int:
        self.answer_ = answer
        return revision + 1


class Companies:
    def get(self, company_id: str) -> None:
        return None


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> Interviews:
    interview = _interview()
    analysis = OfflineAnalyzer().score_answer(
        for_scoring(interview, _answer(AnswerStatus.TRANSCRIBED))
    )
    repository = Interviews(interview, _answer(AnswerStatus.SCORED, analysis.model_dump()))
    monkeypatch.setattr(wiring, "interviews", lambda: repository)
    monkeypatch.setattr(wiring, "companies", lambda: Companies())
    monkeypatch.setattr(wiring, "analyzer", lambda: OfflineAnalyzer())
    return repository


def test_analyze_interview_emits_the_score_and_the_time_since_the_request(
    scored: Interviews, output: MetricsOutput
) -> None:
    requested = precise_utcnow() - timedelta(seconds=2.5)
    event = {
        "company_id": "c1",
        "interview_id": "i1",
        "version": 1,
        "correlation_id": "corr-1",
        "requested_at": requested.isoformat(),
        "throttle": {"count": 0},  # the rest of the execution state rides along
    }

    result = media_handlers.analyze_interview(event, _context("analyze-interview"))

    (score,) = output.named(ANALYSIS_SCORE)
    assert score.values == (result["overall_score"],) and score.unit == "None"
    _same_metric(score, app_metric(ANALYSIS_SCORE, BUSINESS_METRICS[ANALYSIS_SCORE]))
    (duration,) = output.named(ANALYSIS_DURATION)
    assert duration.unit == "Milliseconds" and 2500 <= duration.values[0] < 60_000
    _same_metric(duration, app_metric(ANALYSIS_DURATION, BUSINESS_METRICS[ANALYSIS_DURATION]))


def test_a_new_answer_score_is_emitted_and_a_retried_step_adds_none(
    scored: Interviews, output: MetricsOutput
) -> None:
    scored.answer_ = _answer(AnswerStatus.TRANSCRIBED)
    event = {
        "company_id": "c1",
        "interview_id": "i1",
        "answer_id": "a1",
        "bucket": "b",
        "key": "answers/c1/i1/a1",
        "correlation_id": "corr-1",
    }

    first = media_handlers.score_answer(event, _context("score-answer"))
    media_handlers.score_answer(event, _context("score-answer"))  # the stored analysis

    (score,) = output.named(ANSWER_SCORE)
    assert score.values == (first["overall"],)
    _same_metric(score, app_metric(ANSWER_SCORE, "Average"))


# -- events --------------------------------------------------------------------------------------


class EventBridge:
    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:  # noqa: N803
        return {"FailedEntryCount": 0, "Entries": [{"EventId": "e"} for _ in Entries]}


def _event(seconds_ago: float) -> Event:
    event = new_event(InterviewStarted(interview_id="i1", started_at=NOW), company_id="c1")
    return event.model_copy(update={"time": precise_utcnow() - timedelta(seconds=seconds_ago)})


def test_the_outbox_publisher_emits_each_events_processing_time(output: MetricsOutput) -> None:
    published = publisher.publish(EventBridge(), "bus", [_event(3), _event(1)])  # type: ignore[arg-type]

    times = output.named(EVENT_PROCESSING_TIME)
    assert published == 2 and len(times) == 2
    assert all(t.unit == "Milliseconds" for t in times)
    assert 3000 <= times[0].values[0] < 60_000 and 1000 <= times[1].values[0] < 3000
    watched = app_metric(
        EVENT_PROCESSING_TIME, "p95", event_consumer_dimensions("outbox-publisher")
    )
    _same_metric(times[0], watched)


def test_the_outbox_sweeper_counts_what_it_had_to_publish(
    monkeypatch: pytest.MonkeyPatch, output: MetricsOutput
) -> None:
    from functions.events import handlers as event_handlers

    monkeypatch.setattr(event_handlers.wiring, "events", lambda: EventBridge())
    monkeypatch.setattr(event_handlers.wiring, "outbox", lambda: None)
    monkeypatch.setattr(event_handlers, "sweep", lambda *args, **kwargs: 3)

    assert event_handlers.sweep_outbox({}, _context("sweep-outbox")) == {"swept": 3}
    (swept,) = output.named(OUTBOX_EVENTS_SWEPT)
    assert swept.values == (3.0,) and swept.unit == "Count"
    _same_metric(swept, app_metric(OUTBOX_EVENTS_SWEPT, "Sum"))


def test_the_answer_redrive_counts_what_it_started_and_what_is_stuck(
    monkeypatch: pytest.MonkeyPatch, output: MetricsOutput
) -> None:
    from functions.media import handlers as media_handlers
    from functions.media.redrive import Redrive

    monkeypatch.setattr(media_handlers.wiring, "interviews", lambda: None)
    monkeypatch.setattr(media_handlers.wiring, "stepfunctions", lambda: None)
    monkeypatch.setattr(
        media_handlers.redrive,
        "redrive_uploaded_answers",
        lambda *args, **kwargs: Redrive(started=2, running=1, stuck=1),
    )

    media_handlers.redrive_answers({}, _context("redrive-answers"))
    (started,) = output.named(ANSWERS_REDRIVEN)
    (stuck,) = output.named(ANSWERS_STUCK)
    assert started.values == (2.0,) and stuck.values == (1.0,) and started.unit == "Count"
    _same_metric(started, app_metric(ANSWERS_REDRIVEN, "Sum"))
    _same_metric(stuck, app_metric(ANSWERS_STUCK, "Sum"))


def test_the_notifier_emits_the_processing_time_of_each_event(
    monkeypatch: pytest.MonkeyPatch, output: MetricsOutput
) -> None:
    monkeypatch.setattr(notification_handlers, "notify_once", lambda envelope: 1)
    body = json.dumps({"detail": _event(2).model_dump(mode="json")})
    record = {"messageId": "m1", "receiptHandle": "r", "body": body, "attributes": {}}

    result = notification_handlers.notify({"Records": [record]}, _context("notify"))

    assert result == {"batchItemFailures": []}
    (time,) = output.named(EVENT_PROCESSING_TIME)
    assert time.values[0] >= 2000
    watched = app_metric(EVENT_PROCESSING_TIME, "p95", event_consumer_dimensions("notifier"))
    _same_metric(time, watched)


# -- webhooks ------------------------------------------------------------------------------------


class Webhooks:
    """The webhook repository's reads and writes of one delivery, in memory."""

    def __init__(self, endpoint: WebhookEndpoint, delivery: Delivery) -> None:
        self.endpoint_, self.delivery_ = endpoint, delivery
        self.announced: list[Event] = []

    def endpoint(self, company_id: str, endpoint_id: str) -> tuple[WebhookEndpoint, int]:
        return self.endpoint_, 1

    def delivery(self, company_id: str, endpoint_id: str, event_id: str) -> tuple[Delivery, int]:
        return self.delivery_, 1

    def save_endpoint(self, endpoint: WebhookEndpoint, revision: int, events: Any = ()) -> int:
        self.endpoint_ = endpoint
        self.announced += events
        return revision + 1

    def save_delivery(self, delivery: Delivery, revision: int) -> int:
        self.delivery_ = delivery
        return revision + 1


class Queue:
    def __init__(self) -> None:
        self.sent: list[tuple[DeliveryMessage, float]] = []

    def send(self, message: DeliveryMessage, delay: float) -> None:
        self.sent.append((message, delay))


@pytest.fixture
def deliver() -> Iterator[Callable[[int], Webhooks]]:
    """Deliver one event to a real receiver on 127.0.0.1 that answers `status`."""
    with receiving() as box:

        def run(status: int) -> Webhooks:
            return _deliver_to(box, status)

        yield run


def _deliver_to(box: Receiver, status: int) -> Webhooks:
    box.script = [(status, {})]
    event = _event(1.5)
    endpoint = WebhookEndpoint(
        company_id="c1",
        id="w1",
        url=box.url,
        secret=new_secret(),
        created_by="u1",
        created_at=NOW,
    )
    delivery = Delivery(
        company_id="c1",
        endpoint_id="w1",
        event_id=event.id,
        event_type=event.type,
        event=event.model_dump(mode="json"),
        created_at=NOW,
    )
    repository = Webhooks(endpoint, delivery)
    message = DeliveryMessage(company_id="c1", endpoint_id="w1", event_id=event.id, due_at=NOW)
    settings = Settings(webhooks_allow_loopback=True, webhook_timeout_seconds=2)
    webhooks.deliver(repository, Queue(), settings, message)  # type: ignore[arg-type]
    return repository


def test_a_delivered_event_emits_its_processing_time(
    deliver: Callable[[int], Webhooks], output: MetricsOutput
) -> None:
    deliver(200)

    (time,) = output.named(EVENT_PROCESSING_TIME)
    assert time.values[0] >= 1500
    watched = app_metric(
        EVENT_PROCESSING_TIME, "p95", event_consumer_dimensions("webhook-delivery")
    )
    _same_metric(time, watched)
    assert output.named(WEBHOOK_DELIVERIES_FAILED) == []


def test_a_410_disables_the_endpoint_and_is_counted_for_the_alarm(
    deliver: Callable[[int], Webhooks], output: MetricsOutput
) -> None:
    repository = deliver(410)

    assert repository.endpoint_.enabled is False
    (disabled,) = output.named(WEBHOOK_ENDPOINTS_DISABLED)
    assert disabled.values == (1.0,) and disabled.unit == "Count"
    _same_metric(disabled, app_metric(WEBHOOK_ENDPOINTS_DISABLED, "Sum"))
    (failed,) = output.named(WEBHOOK_DELIVERIES_FAILED)
    assert failed.values == (1.0,)
    assert output.named(EVENT_PROCESSING_TIME) == []


# -- the AI provider alarm reads exactly the emitted metrics ------------------------------------


def test_the_failure_rate_alarm_reads_every_operation_calls_and_failures() -> None:
    rate = ai_provider_failure_rate()
    watched = rate.using_metrics
    assert len(watched) == 2 * len(AI_OPERATIONS) <= 10  # an alarm's math reads ≤ 10 metrics
    for name in (AI_PROVIDER_CALLS, AI_PROVIDER_FAILURES):
        for key, metric in ai_provider_metrics(name).items():
            assert watched[key].metric_name == name  # type: ignore[attr-defined]
            assert metric.dimensions["operation"] in AI_OPERATIONS


# -- billing -------------------------------------------------------------------------------------


def test_a_refused_stripe_signature_is_counted_for_the_alarm(output: MetricsOutput) -> None:
    from functions.billing.signatures import SignatureRefused, verified_event

    with pytest.raises(SignatureRefused):
        verified_event(b'{"id": "evt_1"}', "t=1,v1=00", "whsec_test")
    metrics.flush_metrics()
    (refused,) = output.named(STRIPE_SIGNATURES_REFUSED)
    assert refused.values == (1.0,) and refused.unit == "Count"
    _same_metric(refused, app_metric(STRIPE_SIGNATURES_REFUSED, "Sum"))


class _Accounts:
    """The billing repository's two calls the webhook use case makes."""

    def company_of_customer(self, customer_id: str) -> str:
        return "co1"

    def apply(self, company_id: str, event_id: str, created: int, change: Any) -> str:
        return "applied"


def test_a_failed_payment_is_counted_for_the_alarm(output: MetricsOutput) -> None:
    from functions.billing.subscriptions import Terms
    from functions.billing.use_cases import receive_stripe_event

    event = {
        "id": "evt_1",
        "type": "invoice.payment_failed",
        "created": 1_790_000_000,
        "data": {"object": {"customer": "cus_1"}},
    }
    terms = Terms(plans_by_price={}, grace=timedelta(days=7))
    assert receive_stripe_event(_Accounts(), event, terms) == "applied"  # type: ignore[arg-type]
    metrics.flush_metrics()
    (failed,) = output.named(PAYMENTS_FAILED)
    assert failed.values == (1.0,) and failed.unit == "Count"
    _same_metric(failed, app_metric(PAYMENTS_FAILED, "Sum"))


def test_the_recordings_purge_counts_what_it_deleted_and_what_failed(
    monkeypatch: pytest.MonkeyPatch, output: MetricsOutput
) -> None:
    from functions.recordings import handlers as recordings_handlers
    from functions.recordings.retention import Purge

    for port in ("interviews", "companies", "recordings", "live_interviews"):
        monkeypatch.setattr(recordings_handlers.wiring, port, lambda: None)
    monkeypatch.setattr(
        recordings_handlers.retention,
        "purge_due_recordings",
        lambda *args, **kwargs: Purge(due=4, purged=3, objects_deleted=12, failed=1),
    )
    # Live interviews' recordings (issue 13) count in the same metrics.
    monkeypatch.setattr(
        recordings_handlers,
        "purge_due_live_recordings",
        lambda *args, **kwargs: Purge(due=1, purged=1, objects_deleted=2),
    )

    result = recordings_handlers.purge_recordings({}, _context("purge-recordings"))
    assert result["purged"] == 4 and result["failed"] == 1 and result["objects_deleted"] == 14
    (purged,) = output.named(RECORDINGS_PURGED)
    (failed,) = output.named(RECORDING_PURGES_FAILED)
    assert purged.values == (4.0,) and failed.values == (1.0,) and failed.unit == "Count"
    _same_metric(failed, app_metric(RECORDING_PURGES_FAILED, "Sum"))
