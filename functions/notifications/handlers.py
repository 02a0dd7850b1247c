"""Lambda entry points: the notifier (an SQS consumer of bus events) and the schedule job."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.batches import process_sqs_batch
from functions.domain.clock import utcnow
from functions.events.catalog import Event
from functions.events.producers import live_join_url
from functions.live.domain import join_token
from functions.live.scheduling import remind_live_interviews
from functions.notifications import use_cases
from functions.notifications.store import company_ids
from functions.observability import event_processed, lambda_handler, logger
from functions.settings import get_settings

# At least as long as a message can live in the queue and its retries (SQS keeps 4 days).
IDEMPOTENCY_SECONDS = 7 * 24 * 3600

_config = IdempotencyConfig(
    event_key_jmespath="id",
    expires_after_seconds=IDEMPOTENCY_SECONDS,
    raise_on_no_idempotency_key=True,
)


def notifier() -> use_cases.Notifier:
    s = get_settings()
    return use_cases.Notifier(
        mailer=wiring.mailer(),
        companies=wiring.companies(),
        users=wiring.users(),
        interviews=wiring.interviews(),
        sender=s.mail_from,
        base_url=s.public_base_url,
        unsubscribe_key=wiring.unsubscribe_key(),
        comments=wiring.comments(),
        lives=wiring.live_interviews(),
    )


def _store(company_id: str) -> DynamoDBPersistenceLayer:
    """Idempotency records in the event's own tenant partition."""
    return DynamoDBPersistenceLayer(
        table_name=get_settings().table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=f"COMPANY#{company_id}#NOTIFIED",
        expiry_attr="expires_at",
        status_attr="idempotency_status",
        data_attr="response",
        boto3_client=wiring.dynamodb(),
    )


def notify_once(envelope: Event) -> int:
    """Send the event's emails unless this event id was already handled."""

    @idempotent_function(  # type: ignore[untyped-decorator]
        data_keyword_argument="event", persistence_store=_store(envelope.company_id), config=_config
    )
    def once(event: dict[str, Any]) -> int:
        return len(use_cases.notify(notifier(), Event.model_validate(event)))

    sent: int = once(event=envelope.model_dump(mode="json"))
    return sent


def _record(record: SQSRecord) -> None:
    # EventBridge -> SQS: the body is the EventBridge event; our envelope is its detail.
    envelope = Event.model_validate(json.loads(record.body)["detail"])
    logger.append_keys(correlation_id=envelope.correlation_id, event_id=envelope.id)
    notify_once(envelope)
    event_processed("notifier", envelope.time)


@lambda_handler()
def notify(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    _config.register_lambda_context(context)
    return process_sqs_batch(event, context, _record)


@lambda_handler()
def run_schedule(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """EventBridge Scheduler, every 15 minutes: reminders and expiry, live interviews' reminders."""
    n = notifier()
    companies = list(company_ids())
    now = utcnow()
    report = use_cases.run_schedule(
        n,
        iter(companies),
        now=now,
        remind_before=timedelta(hours=get_settings().reminder_hours_before),
    )
    reminded = remind_live_interviews(
        wiring.live_interviews(),
        companies,
        now=now,
        remind_before=timedelta(hours=get_settings().live_reminder_hours_before),
    )
    key = wiring.unsubscribe_key()
    for live in reminded:
        token = join_token(key, live.company_id, live.id, live.link_version)
        use_cases.remind_live(n, live, live_join_url(token))
    return {**report.model_dump(mode="json"), "live_reminded": [live.id for live in reminded]}
