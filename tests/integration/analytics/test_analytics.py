"""Analytics against the embedded AWS: the real projector and store on moto, the API."""

from __future__ import annotations

import io
import random
from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient
from pypdf import PdfReader

from functions import wiring
from functions.analytics import measures
from functions.analytics.counters import ALL
from functions.analytics.projector import Projected, project
from functions.analytics.rebuild import rebuild
from functions.analytics.store import AGGREGATE
from functions.domain.clock import utcnow
from functions.domain.interviews import Decision, InterviewStatus, Outcome
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template
from tests.unit.analytics.history import generate

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
            client, tenant.hr, template["id"],
            candidate={"name": name, "email": "c@example.com", "language": "ru"},
        )  # fmt: skip
        ids.append(invitation["id"])
    repo = wiring.interviews()
    for score, interview_id in zip((82, 47), ids, strict=True):
        interview, revision = repo.get(tenant.company_id, interview_id)  # type: ignore[misc]
        decided = interview.model_copy(update={
            "status": InterviewStatus.ANALYZED,
            "analysis": {"overall_score": score, "recommendation": "hire" if score > 74 else "reject", "summary": "Итог"},  # noqa: E501
            "decision": Decision(outcome=Outcome.ADVANCE, decided_by=tenant.hr.id, decided_at=utcnow()),  # noqa: E501
        })  # fmt: skip
        repo.save(decided, revision)

    # The projection of these interviews' events: rebuilt from their stored state.
    report = rebuild(wiring.analytics_store(), tenant.company_id)
    assert report.derived_from_state == 2
    response = client.get(
        "/analytics", params={"template_id": template["id"]}, headers=tenant.hr.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["funnel"][0] == {**body["funnel"][0], "step": "invited", "count": 2}
    assert body["scores"]["moments"]["mean"] == (82 + 47) / 2
    assert body["items_read"] <= 3
    assert_problem(client.get("/analytics", headers=tenant.interviewer.headers), 403)

    compared = client.post(
        "/analytics/comparisons", json={"interview_ids": ids}, headers=tenant.hr.headers
    )
    assert compared.status_code == 200, compared.text
    assert [i["overall_score"] for i in compared.json()["interviews"]] == [82, 47]
    other = published_template(client, tenant.hr, name="Other")
    stranger = invite(client, tenant.hr, other["id"])["id"]
    assert_problem(
        client.post("/analytics/comparisons", json={"interview_ids": [ids[0], stranger]},
                    headers=tenant.hr.headers), 422)  # fmt: skip
    assert_problem(
        client.post("/analytics/comparisons", json={"interview_ids": ids[:1]},
                    headers=tenant.hr.headers), 422)  # fmt: skip

    csv = client.get("/analytics/interviews.csv", headers=tenant.hr.headers)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.startswith("interview_id,ats_source,ats_job_id,ats_candidate_id,")
    assert "Анна Петрова" in text and ",82,hire,advance," in text

    for path, payload in (
        (f"/analytics/reports/interviews/{ids[0]}", None),
        ("/analytics/reports/comparisons", {"interview_ids": ids}),
    ):
        made = client.post(path, json=payload, headers=tenant.hr.headers)
        assert made.status_code == 201, made.text
        pdf = httpx.get(made.json()["url"]).content
        assert pdf.startswith(b"%PDF") and len(pdf) == made.json()["size_bytes"]
        pages = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Анна Петрова" in pages and "82" in pages and "Relevance" in pages
    assert "John Smith: 47" in pages and "Depth" in pages
