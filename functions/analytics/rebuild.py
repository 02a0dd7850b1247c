"""Rebuild a company's analytics: python -m functions.analytics.rebuild --company <id>

Replays the company's history from its own partition (Queries, never a Scan): the facts the
projector kept per interview (STATS#IV#), and for interviews it never saw (data from before
the projector existed) facts derived from the stored interview, its answers and analysis
versions (written as facts items, so later events merge into them). Every aggregate item is
then recomputed from the facts and replaces the old ones: run it after a projection change.
Run it while the projector's queue is quiet (an event projected during the rebuild may be
counted twice; running it again settles it).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from functions.analytics.counters import Counters, Slice, add, contribution
from functions.analytics.facts import AnswerFact, DecisionFact, InterviewFacts, Stamp
from functions.domain.analyses import AnalysisVersion
from functions.domain.interviews import Answer, AnswerStatus, Interview, InterviewStatus

if TYPE_CHECKING:
    from functions.analytics.store import AnalyticsStore

T = TypeVar("T", Answer, AnalysisVersion)
STATE_STAMP = "0"  # facts from state sort before any event's (a later event wins)
_DONE = {AnswerStatus.UPLOADED, AnswerStatus.PROCESSING, AnswerStatus.TRANSCRIBED,
         AnswerStatus.SCORED}  # fmt: skip


class RebuildReport(BaseModel):
    company_id: str
    interviews: int
    derived_from_state: int
    aggregate_items: int


def facts_from_state(
    interview: Interview, answers: list[Answer], versions: list[AnalysisVersion]
) -> InterviewFacts:
    """What the events would have said, from what is stored (times to the stored second)."""
    facts = InterviewFacts(
        interview_id=interview.id,
        template_id=interview.template_id,
        language=interview.candidate.language,
        invited_at=interview.created_at,
        started_at=interview.started_at,
        completed_at=interview.completed_at,
        expired=interview.status == InterviewStatus.EXPIRED,
    )
    if interview.analysis:
        # The first version's time; an analysis stored without versions: its interview's end.
        first = min(versions, key=lambda v: v.version).created_at if versions else None
        facts.analyzed_at = first or interview.completed_at or interview.created_at
        facts.analysis_version = int(interview.analysis.get("version", interview.analysis_version))
        facts.overall_score = int(interview.analysis.get("overall_score", 0))
        facts.recommendation = str(interview.analysis.get("recommendation", "consider"))
    if interview.decision is not None:
        at = interview.decision.decided_at
        facts.first_decided_at = at
        facts.decision = DecisionFact(
            outcome=interview.decision.outcome.value, stamp=Stamp(at=at, event_id=STATE_STAMP)
        )
    latest: dict[str, Answer] = {}
    for answer in answers:
        if answer.status in _DONE:
            facts.uploaded = sorted({*facts.uploaded, answer.question_id})
        if answer.status == AnswerStatus.SCORED and answer.analysis is not None:
            held = latest.get(answer.question_id)
            if held is None or answer.attempt > held.attempt:
                latest[answer.question_id] = answer
    for qid, answer in latest.items():
        assert answer.analysis is not None
        at = answer.uploaded_at or answer.created_at
        facts.scores[qid] = AnswerFact(
            overall=int(answer.analysis.get("overall", 0)),
            language=answer.language,
            stamp=Stamp(at=at, event_id=STATE_STAMP),
        )
    return facts


def _by_interview(rows: Iterable[T]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for item in rows:
        grouped[item.interview_id].append(item)
    return grouped


def _derive_missing(
    store: AnalyticsStore, company_id: str, known: set[str]
) -> list[InterviewFacts]:
    interviews = list(store.partition(company_id, "INTERVIEW#", Interview))
    missing = [i for i in interviews if i.id not in known]
    if not missing:
        return []
    answers = _by_interview(store.partition(company_id, "ANSWER#", Answer))
    versions = _by_interview(store.partition(company_id, "ANALYSIS#", AnalysisVersion))
    derived = []
    for interview in missing:
        facts = facts_from_state(interview, answers[interview.id], versions[interview.id])
        store.put_facts(company_id, facts)
        derived.append(facts)
    return derived


def rebuild(store: AnalyticsStore, company_id: str) -> RebuildReport:
    facts = [f for f, _ in store.all_facts(company_id)]
    derived = _derive_missing(store, company_id, {f.interview_id for f in facts})
    aggregates: dict[Slice, Counters] = defaultdict(dict)
    for one in [*facts, *derived]:
        for s, counters in contribution(one).items():
            aggregates[s] = add(aggregates[s], counters)
    written = store.replace_aggregates(company_id, dict(aggregates))
    return RebuildReport(
        company_id=company_id,
        interviews=len(facts) + len(derived),
        derived_from_state=len(derived),
        aggregate_items=written,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--company", required=True, help="the company id")
    args = parser.parse_args(argv)
    from functions import wiring

    report = rebuild(wiring.analytics_store(), args.company)
    print(report.model_dump_json())


if __name__ == "__main__":
    main()
