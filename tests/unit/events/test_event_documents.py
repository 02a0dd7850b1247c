"""The committed schemas and docs/events.md are what the catalog generates; every producer's
event validates against its schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest

from functions.domain.companies import Role, User
from functions.domain.consent import CONSENT_TEXT_VERSIONS, Consent
from functions.domain.interviews import Answer, Candidate, Decision, Interview, Outcome
from functions.domain.templates import Template
from functions.events import catalog as c
from functions.events import producers
from functions.events.documents import EXAMPLES, event_schema, example, expected_files, schema_file
from functions.live.domain import LiveInterview

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _valid(event: c.Event) -> None:
    schema = json.loads(schema_file(event.type, event.version).read_text())
    jsonschema.validate(
        event.model_dump(mode="json"), schema, format_checker=jsonschema.FormatChecker()
    )


def test_committed_documents_are_up_to_date() -> None:
    stale = [
        str(path) for path, text in expected_files().items()
        if not path.exists() or path.read_text() != text
    ]  # fmt: skip
    assert not stale, f"run `python -m functions.events.documents`; stale: {stale}"


def test_every_type_has_an_example_that_validates() -> None:
    assert set(EXAMPLES) == set(c.EVENT_TYPES)
    for event_type in c.EVENT_TYPES:
        jsonschema.validate(example(event_type), event_schema(event_type))


def test_a_schema_refuses_a_wrong_shape() -> None:
    bad = example("answer.scored")
    bad["data"]["overall"] = 101
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, event_schema("answer.scored"))
    bad = example("interview.created") | {"type": "interview.invited"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, event_schema("interview.created"))


def _live(**changes: object) -> LiveInterview:
    live = LiveInterview(
        company_id="co1",
        id="lv1",
        candidate=Candidate(name="Ada", email="ada@example.com"),
        title="Backend",
        questions=[],
        starts_at=NOW,
        duration_minutes=45,
        interviewer_ids=["us3"],
        token_hash="h",
        created_by="us1",
        created_at=NOW,
    )
    return live.model_copy(update=changes)


def _interview() -> Interview:
    return Interview(
        company_id="co1",
        id="iv1",
        template_id="tp1",
        template_version=1,
        template_name="Backend",
        questions=[],
        candidate=Candidate(name="Ada", email="ada@example.com"),
        deadline=NOW + timedelta(days=3),
        token_hash="h",
        created_by="us1",
        created_at=NOW,
        invited_at=NOW,
        started_at=NOW,
        completed_at=NOW,
        decision=Decision(outcome=Outcome.HIRE, decided_by="us1", decided_at=NOW),
        analysis={"overall_score": 77, "recommendation": "hire", "version": 2},
        analysis_version=2,
    )


def _answer(**extra: object) -> Answer:
    return Answer(
        company_id="co1",
        interview_id="iv1",
        id="an1",
        question_id="q1",
        question_index=0,
        attempt=1,
        object_key="answers/co1/iv1/an1.webm",
        content_type="video/webm",
        upload_method="post",
        created_at=NOW,
        **extra,  # type: ignore[arg-type]
    )


def test_every_producer_makes_events_that_validate() -> None:
    interview = _interview()
    template = Template.model_construct(company_id="co1", id="tp1", version=3, name="Backend")
    events = [
        producers.interview_created(interview),
        producers.interview_invited(interview, "token"),
        producers.interview_started(interview),
        producers.interview_completed(interview),
        producers.interview_decided(interview),
        producers.interview_expired(interview),
        producers.interview_deadline_extended(interview, NOW, "us1", reopened=True),
        producers.interview_analyzed(interview),
        producers.answer_uploaded(_answer(size_bytes=10)),
        producers.answer_scored(_answer(analysis={"overall": 64}, language="en")),
        producers.answer_failed(_answer(failure_reason="no audio", failure_kind="recording")),
        producers.template_published(template),
        producers.candidate_imported(
            "co1", "ca1", "Ada", "ada@example.com", c.ExternalIds(source="greenhouse")
        ),
        producers.candidate_erased(
            "co1",
            "er1",
            candidate_ids=["ca1"],
            interview_ids=["iv1"],
            external=[c.ExternalIds(source="greenhouse", candidate_id="88121")],
            erased_at=NOW,
        ),
        producers.webhook_endpoint_disabled("co1", "we1", "https://x.example", "410"),
        producers.team_member_added(
            User(
                id="us2",
                company_id="co1",
                email="grace@example.com",
                name="Grace",
                role=Role.HR,
                created_at=NOW,
            ),
            "us1",
        ),
        producers.payment_succeeded("co1", "Plus", "29.00 EUR"),
        producers.payment_failed("co1", "Plus", "29.00 EUR", NOW),
        producers.quota_warning("co1", "Free", 3, 3, 100, "2026-01"),
        producers.reviewer_assigned(interview, "us3", "us1"),
        producers.comment_created(
            "co1",
            comment_id="cm1",
            interview_id="iv1",
            answer_id=None,
            parent_id=None,
            at_seconds=None,
            author_id="us1",
            mentioned_user_ids=["us3"],
        ),
        producers.comment_mentioned(
            "co1",
            comment_id="cm1",
            interview_id="iv1",
            answer_id="an1",
            author_id="us1",
            mentioned_user_id="us3",
        ),
        producers.scorecard_submitted(
            "co1",
            interview_id="iv1",
            reviewer_id="us3",
            scorecard_template_id="sc1",
            recommendation="strong_yes",
            ratings={"c1": 5, "c2": 4, "c3": 1},
            first_submission=False,
        ),
        producers.live_interview_scheduled(_live(), "tok"),
        producers.live_interview_cancelled(_live(cancelled_at=NOW, cancelled_by="us1")),
        producers.live_interview_started(_live(started_at=NOW)),
        producers.live_interview_ended(
            _live(started_at=NOW, ended_at=NOW + timedelta(minutes=40), ended_by="us3")
        ),
        producers.live_interview_analyzed(_live(), 71, "consider", 1),
    ]
    assert {e.type for e in events} == set(c.EVENT_TYPES)
    for event in events:
        _valid(event)


def test_a_completed_interview_says_when_no_ai_analysis_will_follow() -> None:
    # Issue 17 item 2: an ATS hears on interview.completed that the candidate asked for a
    # human-only review, so it does not wait for interview.analyzed.
    consent = Consent(
        consented_at=NOW,
        text_version=CONSENT_TEXT_VERSIONS[-1],
        language="en",
        recording_and_ai_analysis=True,
        human_review_only=True,
    )
    human = _interview().model_copy(update={"consent": consent, "analysis": None})
    event = producers.interview_completed(human)
    _valid(event)
    assert event.data["human_review_only"] is True
    assert producers.interview_completed(_interview()).data["human_review_only"] is False
