from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from functions.domain import interviews as rules
from functions.domain.errors import Conflict, Gone
from functions.domain.interviews import Answer, AnswerStatus, Candidate, Interview, InterviewStatus
from functions.domain.templates import Question

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
QUESTIONS = [
    Question(id="q1", text="One?", retakes=1, time_limit_seconds=60, think_time_seconds=10),
    Question(id="q2", text="Two?", retakes=0, time_limit_seconds=90, think_time_seconds=0),
    Question(id="q3", text="Three?", retakes=0, time_limit_seconds=30, think_time_seconds=5),
]


def _interview(**overrides: object) -> Interview:
    data: dict[str, object] = {
        "company_id": "c",
        "id": "i",
        "template_id": "t",
        "template_version": 1,
        "template_name": "T",
        "questions": QUESTIONS,
        "candidate": Candidate(name="C", email="c@example.com"),
        "deadline": NOW + timedelta(days=1),
        "token_hash": "h",
        "created_by": "u",
        "created_at": NOW,
        "invited_at": NOW,
    }
    data.update(overrides)
    return Interview.model_validate(data)


def _answer(question: str, attempt: int, status: AnswerStatus = AnswerStatus.UPLOADED) -> Answer:
    index = [q.id for q in QUESTIONS].index(question)
    return Answer(
        company_id="c",
        interview_id="i",
        id=f"{question}-{attempt}",
        question_id=question,
        question_index=index,
        attempt=attempt,
        status=status,
        object_key="k",
        content_type="video/webm",
        upload_method="post",
        created_at=NOW,
    )


def test_token_is_long_random_and_only_its_hash_is_kept() -> None:
    a, b = rules.new_invitation_token(), rules.new_invitation_token()
    assert a != b and len(a) >= 40
    assert rules.hash_token(a) == rules.hash_token(a) and rules.hash_token(a) != a


def test_overdue_open_interviews_read_as_expired() -> None:
    interview = _interview(deadline=NOW)
    assert interview.effective_status(NOW) is InterviewStatus.EXPIRED
    done = _interview(deadline=NOW, status=InterviewStatus.COMPLETED)
    assert done.effective_status(NOW) is InterviewStatus.COMPLETED
    with pytest.raises(Gone, match="expired"):
        rules.ensure_open_for_candidate(interview, NOW)


def test_progress_counts_uploaded_answers_and_estimates_time() -> None:
    answers = [_answer("q1", 1), _answer("q2", 1, AnswerStatus.UPLOADING)]
    progress = rules.progress(_interview(), answers)
    assert progress.answered == 1 and progress.current_question_index == 1
    assert progress.remaining_seconds_estimate == 90 + 35


def test_questions_are_answered_in_order() -> None:
    interview = _interview()
    assert rules.next_attempt(interview, [], "q1") == 1
    with pytest.raises(Conflict, match="in order"):
        rules.next_attempt(interview, [], "q2")


def test_retake_only_within_allowance_and_before_the_next_question() -> None:
    interview = _interview()
    first = [_answer("q1", 1)]
    assert rules.next_attempt(interview, first, "q1") == 2
    with pytest.raises(Conflict, match="all have been used"):
        rules.next_attempt(interview, [*first, _answer("q1", 2)], "q1")
    started_next = [*first, _answer("q2", 1, AnswerStatus.UPLOADING)]
    with pytest.raises(Conflict):
        rules.next_attempt(interview, started_next, "q1")


def test_failed_attempts_do_not_use_the_allowance() -> None:
    interview = _interview()
    answers = [_answer("q2", 1, AnswerStatus.FAILED), _answer("q1", 1), _answer("q1", 2)]
    assert rules.next_attempt(interview, answers, "q2") == 2


def test_finish_lists_missing_questions() -> None:
    with pytest.raises(Conflict, match="questions 2, 3"):
        rules.ensure_can_finish(_interview(), [_answer("q1", 1)])
    rules.ensure_can_finish(_interview(), [_answer(q.id, 1) for q in QUESTIONS])


def test_resend_of_an_overdue_interview_needs_a_new_deadline() -> None:
    overdue = _interview(deadline=NOW - timedelta(hours=1))
    with pytest.raises(Conflict, match="new deadline"):
        rules.ensure_resendable(overdue, None, NOW)
    rules.ensure_resendable(overdue, NOW + timedelta(days=2), NOW)
    with pytest.raises(Conflict):
        rules.ensure_resendable(_interview(status=InterviewStatus.CANCELLED), None, NOW)


def test_decisions_need_a_finished_interview() -> None:
    with pytest.raises(Conflict):
        rules.ensure_decidable(_interview())
    rules.ensure_decidable(_interview(status=InterviewStatus.ANALYZED))
