"""getAnalytics' DynamoDB requests at 100 and at 10,000 interviews, and the PDF reports' size
and generation time.

    python -m benchmarks.analytics [--small 100] [--large 10000]

Each company's history is generated (tests/unit/analytics/history.py) and projected by the real
projector code; its aggregate items are written to moto and read back by the real
`get_analytics` use case, whose DynamoDB requests are counted with a botocore event hook on the
table's client. The request count must not depend on the number of interviews.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from datetime import date
from typing import Any

from tests.unit.analytics.history import MemoryStore, generate

TEMPLATES = {"tpl-a": [f"q-{i}" for i in range(1, 9)], "tpl-b": ["q-x", "q-y", "q-z"]}
REASON = "По существу, с примерами и цифрами."
QUOTES = ["мы выпустили сервис за три недели", "нагрузка выросла вдвое"]
CRITERIA = ("relevance", "completeness", "clarity", "depth")
FIRST, LAST = date(2026, 2, 20), date(2026, 5, 25)  # whole March and April, days either side


def _load(company_id: str, count: int, template_id: str) -> int:
    from functions.analytics.projector import project
    from functions.analytics.store import AnalyticsStore
    from functions.storage.records import Record
    from functions.storage.repositories import company_pk

    memory = MemoryStore()
    templates = {template_id: TEMPLATES["tpl-a"], "tpl-b": TEMPLATES["tpl-b"]}
    _, events = generate(company_id, templates, count, seed=count)
    for event in events:
        project(event, memory)  # type: ignore[arg-type]
    pk = company_pk(company_id)
    items = 0
    with Record.batch_write() as batch:
        for key, (counters, _) in memory.items.items():
            if key.startswith("AGG#"):
                template, lang, grain, when = key[4:].split("#")
                batch.save(
                    AnalyticsStore._aggregate_record(pk, (template, lang, grain, when), counters)  # type: ignore[arg-type]
                )
                items += 1
    return items


def _count_requests(call: Any) -> tuple[Counter[str], Any]:
    from functions.storage.records import Record

    seen: Counter[str] = Counter()

    def hook(request: Any, **_: Any) -> None:
        target = request.headers.get("X-Amz-Target", b"")
        name = target.decode() if isinstance(target, bytes) else str(target)
        seen[name.rsplit(".", 1)[-1]] += 1

    events = Record._get_connection().connection.client.meta.events
    events.register("before-send.dynamodb", hook)  # type: ignore[arg-type]
    try:
        result = call()
    finally:
        events.unregister("before-send.dynamodb", hook)  # type: ignore[arg-type]
    return seen, result


def _template(company_id: str) -> str:
    """tpl-a's questions as a stored template (the read takes their texts from it)."""
    from functions import wiring
    from functions.domain.clock import utcnow
    from functions.domain.templates import QuestionDraft, new_template

    drafts = [QuestionDraft(id=q, text=f"Question {q}") for q in TEMPLATES["tpl-a"]]  # type: ignore[call-arg]
    template = new_template(
        company_id=company_id,
        name="Engineer",
        description="",
        language="en",
        questions=drafts,
        created_by="bench",
        now=utcnow(),
    )
    wiring.templates().add(template)
    return template.id


def _read(company_id: str, template_id: str | None) -> tuple[Counter[str], Any]:
    from functions import wiring
    from functions.analytics.reads import get_analytics

    return _count_requests(
        lambda: get_analytics(
            wiring.analytics_store(),
            wiring.templates(),
            company_id,
            template_id=template_id,
            language=None,
            first=FIRST,
            last=LAST,
        )
    )


def _pdf() -> None:
    from functions.analytics.comparison import (
        Comparison,
        CriterionResult,
        InterviewResult,
        QuestionResult,
    )
    from functions.analytics.reports import comparison_report, interview_report

    def result(name: str, base: int) -> InterviewResult:
        questions = [
            QuestionResult(
                question_id=f"q{i}",
                question_text=f"Расскажите о проекте номер {i}.",
                overall=base,
                language="ru",
                transcript_excerpt="Я руководил командой. " * 18,
                criteria=[
                    CriterionResult(criterion=c, score=base + k, reason=REASON, evidence=QUOTES)
                    for k, c in enumerate(CRITERIA)
                ],
            )
            for i in range(8)
        ]
        return InterviewResult(
            interview_id=name,
            candidate_name=name,
            candidate_language="ru",
            template_id="t",
            template_name="Инженер",
            status="analyzed",
            overall_score=base,
            recommendation="hire",
            summary="Сильный кандидат. " * 6,
            decision=None,
            decision_note=None,
            questions=questions,
            criteria=dict(zip(CRITERIA, (base, base - 9, base + 4, base - 15), strict=True)),
        )

    names = ["Анна Петрова", "John Smith", "María López", "Jörg Müller", "Иван Иванов", "Li Wei"]
    for label, make in (
        ("interview report (8 questions)", lambda: interview_report(result(names[0], 80), "ru")),
        (
            "comparison report (6 x 8 questions)",
            lambda: comparison_report(
                Comparison(
                    template_id="t",
                    template_name="Инженер",
                    questions=[],
                    interviews=[result(n, 50 + 7 * k) for k, n in enumerate(names)],
                ),
                "ru",
            ),
        ),
    ):
        make()  # the first run loads and parses the fonts
        started = time.perf_counter()
        runs = 5
        for _ in range(runs):
            body = make()
        elapsed = (time.perf_counter() - started) / runs
        print(f"{label}: {len(body) / 1024:.1f} KiB, {elapsed * 1000:.0f} ms per report")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()

    from functions import wiring
    from functions.local.aws import EmbeddedAws
    from functions.local.provision import provision_environment

    with EmbeddedAws(port=0, reset=True) as aws:
        provision_environment(aws.endpoint_url)
        wiring.analytics_store()  # binds the table
        rows = []
        for count in (args.small, args.large):
            company = f"bench-{count}"
            template_id = _template(company)
            started = time.perf_counter()
            items = _load(company, count, template_id)
            load_s = time.perf_counter() - started
            for template in (None, template_id):
                seen, report = _read(company, template)
                rows.append(
                    (
                        count,
                        "one" if template else "all",
                        sum(seen.values()),
                        dict(seen),
                        report.items_read,
                        report.funnel[0].count,
                    )
                )
            print(f"{count} interviews: {items} aggregate items written ({load_s:.1f} s)")
        for count, template, total, kinds, read, invited in rows:
            print(
                f"getAnalytics {count:>6} interviews, template {template:5}: {total} DynamoDB "
                f"requests {kinds}, {read} items, funnel invited {invited}"
            )
        small = {t: n for c, t, n, *_ in rows if c == args.small}
        large = {t: n for c, t, n, *_ in rows if c == args.large}
        print(
            f"request ratio {args.large} / {args.small} interviews: "
            + ", ".join(f"{t} {large[t] / small[t]:.2f}" for t in small)
        )
    _pdf()


if __name__ == "__main__":
    main()
