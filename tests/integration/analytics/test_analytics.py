"""Analytics against the embedded AWS: the real projector and store on moto, the API."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3
import httpx
from fastapi.testclient import TestClient
from pypdf import PdfReader

from functions import wiring
from functions.analytics import handlers, measures
from functions.analytics.counters import ALL
from functions.analytics.projector import Projected, project
from functions.analytics.rebuild import rebuild
from functions.analytics.store import AGGREGATE
from functions.domain.clock import utcnow
from functions.domain.errors import Conflict
from functions.domain.interviews import Decision, InterviewStatus, Outcome
from functions.events.catalog import SOURCE, Event
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.resources import ANALYTICS_QUEUE
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template
from tests.unit.analytics.history import MemoryStore, generate

TEMPLATES = {"tpl-a": ["q-1", "q-2", "q-3"]}


def _aggregates(company_id: str) -> dict[str, dict[str, int]]:
    records = Record.query(company_pk(company_id), Record.sk.startswith(AGGREGATE))
    return {r.sk: dict(r.data.as_dict()["counters"]) for r in records}


def test_duplicates_out_of_order_and_rebuild_on_the_real_store(
    make_tenant: Callable[..., Tenant],
) -> None:
    company = make_tenant().company_id
    _truths, events = generate(company, TEMPLATES, 40, seed=11)
    store = wiring.analytics_store()
    in_order = [project(e, store) for e in events]
    assert set(in_order) == {Projected.PROJECTED}
    live = _aggregates(company)
    assert [project(e, store) for e in random.Random(1).sample(events, 30)] == [
        Projected.DUPLICATE
    ] * 30
    assert _aggregates(company) == live

    other = make_tenant().company_id
    shuffled = [e.model_copy(update={"company_id": other}) for e in events]
    random.Random(2).shuffle(shuffled)
    for event in shuffled:
        project(event, store)
    assert _aggregates(other) == live

    report = rebuild(store, company)
    assert report.interviews == 40 and report.derived_from_state == 0
    assert _aggregates(company) == live
    figures = measures.analytics(
        measures.total(v for k, v in live.items() if f"#{ALL}#{ALL}#M#" in k)
    )
    assert figures.funnel[0].count == 40


def test_get_analytics_compare_export_and_pdf(client: TestClient, tenant: Tenant) -> None:
    template = published_template(client, tenant.hr)
    ids = []
    for name in ("Анна Петрова", "John Smith"):
        invitation = invite(
            client,
            tenant.hr,
            template["id"],
            candidate={"name": name, "email": "c@example.com", "language": "ru"},
        )
        ids.append(invitation["id"])
    repo = wiring.interviews()
    for score, interview_id in zip((82, 47), ids, strict=True):
        interview, revision = repo.get(tenant.company_id, interview_id)  # type: ignore[misc]
        decided = interview.model_copy(
            update={
                "status": InterviewStatus.ANALYZED,
                "analysis": {
                    "overall_score": score,
                    "recommendation": "hire" if score > 74 else "reject",
                    "summary": "Итог",
                },
                "decision": Decision(
                    outcome=Outcome.ADVANCE, decided_by=tenant.hr.id, decided_at=utcnow()
                ),
            }
        )
        repo.save(decided, revision)

    # The projection of these interviews' events: rebuilt from their stored state.
    report = rebuild(wiring.analytics_store(), tenant.company_id)
    assert report.derived_from_state == 2
    response = client.get(
        "/company/analytics", params={"template_id": template["id"]}, headers=tenant.hr.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["funnel"][0] == {**body["funnel"][0], "step": "invited", "count": 2}
    assert body["scores"]["moments"]["mean"] == (82 + 47) / 2
    assert body["items_read"] <= 3
    assert_problem(client.get("/company/analytics", headers=tenant.interviewer.headers), 403)

    compared = client.post(
        "/company/analytics/comparisons", json={"interview_ids": ids}, headers=tenant.hr.headers
    )
    assert compared.status_code == 200, compared.text
    assert [i["overall_score"] for i in compared.json()["interviews"]] == [82, 47]
    other = published_template(client, tenant.hr, name="Other")
    stranger = invite(client, tenant.hr, other["id"])["id"]
    assert_problem(
        client.post(
            "/company/analytics/comparisons",
            json={"interview_ids": [ids[0], stranger]},
            headers=tenant.hr.headers,
        ),
        422,
    )
    assert_problem(
        client.post(
            "/company/analytics/comparisons",
            json={"interview_ids": ids[:1]},
            headers=tenant.hr.headers,
        ),
        422,
    )

    csv = client.get("/company/analytics/interviews.csv", headers=tenant.hr.headers)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.startswith("interview_id,ats_source,ats_job_id,ats_candidate_id,")
    assert "Анна Петрова" in text and ",82,hire,advance," in text

    for path, payload in (
        (f"/company/analytics/reports/interviews/{ids[0]}", None),
        ("/company/analytics/reports/comparisons", {"interview_ids": ids}),
    ):
        made = client.post(path, json=payload, headers=tenant.hr.headers)
        assert made.status_code == 201, made.text
        pdf = httpx.get(made.json()["url"]).content
        assert pdf.startswith(b"%PDF") and len(pdf) == made.json()["size_bytes"]
        pages = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Анна Петрова" in pages and "82" in pages and "Relevance" in pages
    assert "John Smith: 47" in pages and "Depth" in pages


@dataclass
class Context:
    function_name: str = "interviews-local-project-analytics"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:project-analytics"
    memory_limit_in_mb: int = 512
    aws_request_id: str = "req-1"
    log_group_name: str = "/aws/lambda/project-analytics"
    log_stream_name: str = "stream"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def _queued(aws: EmbeddedAws, resources: LocalResources) -> list[dict[str, Any]]:
    """What the analytics rule put on the analytics queue, as Lambda's SQS event records."""
    sqs = boto3.client("sqs", endpoint_url=aws.endpoint_url, region_name=resources.region)
    url = resources.queue_urls[ANALYTICS_QUEUE.base]
    records: list[dict[str, Any]] = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        if not got.get("Messages"):
            return records
        for m in got["Messages"]:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            records.append(
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": {},
                    "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": f"arn:aws:sqs:eu-west-1:123456789012:{url}",
                    "awsRegion": "eu-west-1",
                }
            )


def test_bus_events_reach_the_projector_through_the_rule_and_queue(
    platform: tuple[EmbeddedAws, LocalResources], make_tenant: Callable[..., Tenant]
) -> None:
    aws, resources = platform
    company = make_tenant().company_id
    _, events = generate(company, TEMPLATES, 6, seed=5)
    expected = MemoryStore()
    for event in events:
        project(event, expected)  # type: ignore[arg-type]
    _queued(aws, resources)  # start from an empty queue
    bus = boto3.client("events", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    shuffled = events + events[:5]  # five sent twice
    random.Random(9).shuffle(shuffled)
    for start in range(0, len(shuffled), 10):
        bus.put_events(
            Entries=[
                {
                    "Source": SOURCE,
                    "DetailType": e.type,
                    "EventBusName": resources.event_bus_name,
                    "Detail": json.dumps(e.model_dump(mode="json")),
                }
                for e in shuffled[start : start + 10]
            ]
        )
    aws.wait_idle()
    records = [
        r
        for r in _queued(aws, resources)
        if json.loads(r["body"])["detail"]["company_id"] == company
    ]
    assert len(records) == len(shuffled)
    assert handlers.project_events({"Records": records}, Context()) == {"batchItemFailures": []}
    stored = _aggregates(company)
    mine = {
        f"{AGGREGATE}{key[4:]}": counters
        for key, (counters, _) in expected.items.items()
        if key.startswith("AGG#")
    }
    assert stored == mine


def test_projectors_running_at_once_end_in_the_same_items(
    make_tenant: Callable[..., Tenant],
) -> None:
    """Four workers on one company's events (same days, same month items): writes that met
    another are read again, none is lost or counted twice."""
    from concurrent.futures import ThreadPoolExecutor

    company = make_tenant().company_id
    _, events = generate(company, TEMPLATES, 12, seed=21)
    expected = MemoryStore()
    for event in events:
        project(event, expected)  # type: ignore[arg-type]
    store = wiring.analytics_store()
    receives = ANALYTICS_QUEUE.max_receive_count

    def delivered(event: Event) -> Projected:
        # as SQS does: a Conflict after the projector's own attempts is received again
        for receive in range(1, receives + 1):
            try:
                return project(event, store)
            except Conflict:
                if receive == receives:
                    raise
        raise AssertionError("unreachable")

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(delivered, events + events[:6]))
    assert outcomes.count(Projected.DUPLICATE) == 6
    assert _aggregates(company) == {
        f"{AGGREGATE}{key[4:]}": counters
        for key, (counters, _) in expected.items.items()
        if key.startswith("AGG#")
    }
