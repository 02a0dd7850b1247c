"""Facts derived from stored state (the rebuild's bootstrap) count as the events would have."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from functions.analytics.counters import contribution
from functions.analytics.facts import InterviewFacts, merge
from functions.analytics.rebuild import facts_from_state
from functions.domain.analyses import AnalysisVersion
from functions.domain.interviews import (
    Answer,
    AnswerStatus,
    Candidate,
    Decision,
    Interview,
    InterviewStatus,
    Outcome,
)
from functions.domain.templates import Question
from functions.events import catalog as c

T0 = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


def _event(data: c.EventData, at: datetime) -> c.Event:
    return c.new_event(data, company_id="co").model_copy(update={"time": at})


def test_stored_state_gives_the_contribution_its_events_give() -> None:
    questions = [Question(id=q, text=f"Question {q}") for q in ("q-1", "q-2")]
    started, completed = T0 + timedelta(hours=3), T0 + timedelta(hours=4)
    analyzed, decided = T0 + timedelta(hours=5), T0 + timedelta(days=2)
    interview = Interview(
        company_id="co",
        id="iv-1",
        template_id="tpl",
        template_version=1,
        template_name="Eng",
        questions=questions,
        candidate=Candidate(name="Ana", email="ana@example.com", language="es"),
        deadline=T0 + timedelta(days=9),
        status=InterviewStatus.ANALYZED,
        token_hash="h",
        created_by="u",
        created_at=T0,
        invited_at=T0,
        started_at=started,
        completed_at=completed,
        decision=Decision(outcome=Outcome.HIRE, decided_by="u", decided_at=decided),
        analysis={"overall_score": 71, "recommendation": "consider", "version": 2},
        analysis_version=2,
    )
    answers = [
        Answer(
            company_id="co",
            interview_id="iv-1",
            id=f"a-{q}-{attempt}",
            question_id=q,
            question_index=i,
            attempt=attempt,
            object_key="k",
            content_type="video/webm",
            upload_method="post",
            created_at=started,
            uploaded_at=started,
            status=AnswerStatus.SCORED if attempt == 2 or q == "q-2" else AnswerStatus.FAILED,
            analysis={"overall": 60 + 10 * i + attempt},
            language="es",
        )
        for i, q in enumerate(("q-1", "q-2"))
        for attempt in ((1, 2) if q == "q-1" else (1,))
    ]
    versions = [
        AnalysisVersion(
            company_id="co",
            interview_id="iv-1",
            version=v,
            analysis={},
            answers={},
            created_at=analyzed + timedelta(hours=v - 1),
        )
        for v in (1, 2)
    ]
    derived = facts_from_state(interview, answers, versions)

    candidate = c.CandidateRef(name="Ana", email="ana@example.com", language="es")
    events = [
        _event(
            c.InterviewCreated(
                interview_id="iv-1",
                template_id="tpl",
                template_version=1,
                candidate=candidate,
                deadline=T0 + timedelta(days=9),
                created_by="u",
            ),
            T0,
        ),
        _event(c.InterviewStarted(interview_id="iv-1", started_at=started), started),
        _event(
            c.AnswerUploaded(
                interview_id="iv-1", answer_id="a", question_id="q-1", attempt=2, size_bytes=1
            ),
            started,
        ),
        _event(
            c.AnswerScored(
                interview_id="iv-1", answer_id="a", question_id="q-1", overall=62, language="es"
            ),
            started,
        ),
        _event(
            c.AnswerScored(
                interview_id="iv-1", answer_id="b", question_id="q-2", overall=71, language="es"
            ),
            started,
        ),
        _event(c.InterviewCompleted(interview_id="iv-1", completed_at=completed), completed),
        _event(
            c.InterviewAnalyzed(
                interview_id="iv-1", overall_score=71, recommendation="consider", analysis_version=2
            ),
            analyzed,
        ),
        _event(
            c.InterviewDecided(interview_id="iv-1", outcome="hire", note="", decided_by="u"),
            decided,
        ),
    ]
    live = InterviewFacts(interview_id="iv-1")
    for event in events:
        live = merge(live, event)
    assert contribution(derived) == contribution(live)
    assert contribution(derived)  # it counts somewhere
