"""The rules of analysis versions and re-score rubrics (functions/domain/analyses.py,
functions/interviews/analyses.py build_rubric)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from functions.domain.analyses import Weights, analysis_running, ensure_rescorable
from functions.domain.clock import utcnow
from functions.domain.companies import Role, User
from functions.domain.errors import Conflict
from functions.domain.templates import Question, Template, TemplateStatus
from functions.interviews.analyses import build_rubric
from tests.unit.test_interviews_domain import _interview


def test_a_claimed_version_runs_until_it_is_recorded_or_fails() -> None:
    assert not analysis_running({"version": 1}, 1, None)
    assert analysis_running({"version": 1}, 2, None)
    assert analysis_running(None, 1, None)  # the first analysis, claimed by the pipeline
    assert not analysis_running({"version": 1}, 2, "provider kept failing")


def test_rescoring_needs_a_finished_first_analysis() -> None:
    with pytest.raises(Conflict, match="not been analyzed"):
        ensure_rescorable(None, 0, None)
    with pytest.raises(Conflict, match="still running"):
        ensure_rescorable({"version": 2}, 3, None)
    ensure_rescorable({"version": 2}, 3, "the re-score could not be started; try again")
    ensure_rescorable({"version": 2}, 2, None)


def test_weights_need_one_criterion_above_zero() -> None:
    with pytest.raises(ValidationError, match="at least one criterion"):
        Weights(relevance=0, completeness=0, clarity=0, depth=0)
    assert Weights(depth=3).as_map() == {
        "relevance": 1,
        "completeness": 1,
        "clarity": 1,
        "depth": 3,
    }


def test_the_rubric_takes_the_chosen_versions_hints_by_question_id() -> None:
    interview = _interview()  # questions q1, q2, q3 without hints
    now = utcnow()
    template = Template(
        company_id="c",
        id="t",
        version=2,
        name="T",
        questions=[
            Question(id="q2", text="Two?", ideal_answer="A hint", competencies=["teamwork"]),
            Question(id="q9", text="New?", ideal_answer="Not asked in this interview"),
        ],
        status=TemplateStatus.ACTIVE,
        created_by="u",
        created_at=now,
        updated_at=now,
        published_at=now,
    )
    user = User(
        company_id="c", id="u", email="u@example.com", name="U", role=Role.HR, created_at=now
    )
    rubric = build_rubric(interview, template, Weights(depth=2), user)
    assert set(rubric.hints) == {"q1", "q2", "q3"}
    assert rubric.hints["q2"].ideal_answer == "A hint"
    assert rubric.hints["q2"].competencies == ["teamwork"]
    assert rubric.hints["q1"].ideal_answer is None  # not in version 2: the interview's own
    assert (rubric.template_version, rubric.requested_by) == (2, "u")
