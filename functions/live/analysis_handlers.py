"""Lambda entry point: the analysis after a live call, an SQS consumer (one message a run).

A message is either the bus's `live_interview.ended` (EventBridge -> SQS: our envelope is the
body's detail) or the API's {company_id, live_interview_id} when the candidate's recording is
complete. A call still waiting for its recording is sent to the queue again, delayed.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.batches import process_sqs_batch
from functions.domain.clock import utcnow
from functions.events.catalog import Event
from functions.live.analysis import Tools, analyze_live_interview, seconds_to_wait
from functions.observability import lambda_handler, logger


def _target(body: dict[str, Any]) -> tuple[str, str]:
    if "detail" in body:
        envelope = Event.model_validate(body["detail"])
        return envelope.company_id, str(envelope.data["live_interview_id"])
    return str(body["company_id"]), str(body["live_interview_id"])


def _record(record: SQSRecord) -> None:
    company_id, live_id = _target(json.loads(record.body))
    lives = wiring.live_interviews()
    found = lives.get(company_id, live_id)
    if found is None:
        return
    wait = seconds_to_wait(found[0], utcnow())
    if wait is None:
        return
    if wait > 0:
        wiring.live_analysis_queue().send(company_id, live_id, wait)
        return
    company = wiring.companies().get(company_id)
    tools = Tools(wiring.blobs(), wiring.media_tool(), wiring.transcriber(), wiring.analyzer())
    analyzed = analyze_live_interview(
        lives,
        wiring.live_transcripts(),
        tools,
        company_id=company_id,
        live_id=live_id,
        reviewer_language=company.default_language if company else "en",
        now=utcnow(),
    )
    status = analyzed.analysis_status if analyzed else None
    logger.info("live analysis", extra={"live_interview_id": live_id, "status": status})


@lambda_handler()
def analyze_after_call(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_sqs_batch(event, context, _record)
