from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from functions.domain import templates as rules
from functions.domain.errors import Conflict, InvalidInput
from functions.domain.templates import QuestionDraft, TemplateStatus

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _draft(questions: int = 2) -> rules.Template:
    return rules.new_template(
        company_id="c1",
        name="T",
        description="",
        language="en",
        questions=[QuestionDraft(text=f"Question number {i}?") for i in range(questions)],
        created_by="u1",
        now=NOW,
    )


def test_new_template_is_a_draft_v1_with_question_ids() -> None:
    template = _draft()
    assert template.status is TemplateStatus.DRAFT and template.version == 1
    assert len({q.id for q in template.questions}) == 2


def test_duplicate_question_ids_are_refused() -> None:
    with pytest.raises(InvalidInput, match="appears twice"):
        rules.build_questions(
            [QuestionDraft(id="a", text="abc?"), QuestionDraft(id="a", text="x?y")]
        )


def test_revising_a_draft_keeps_its_version() -> None:
    later = NOW + timedelta(hours=1)
    revised = rules.revise(_draft(), {"name": "T2"}, user_id="u2", now=later)
    assert revised.version == 1 and revised.name == "T2" and revised.updated_at == later


def test_revising_a_published_version_makes_the_next_draft() -> None:
    published = rules.publish(_draft(), now=NOW)
    revised = rules.revise(published, {"name": "T2"}, user_id="u2", now=NOW)
    assert (revised.version, revised.status, revised.published_at) == (
        2,
        TemplateStatus.DRAFT,
        None,
    )
    assert published.name == "T"  # the published version itself never changes


def test_archived_templates_cannot_be_revised_or_archived_again() -> None:
    archived = rules.archive(_draft(), now=NOW)
    with pytest.raises(Conflict, match="archived"):
        rules.revise(archived, {"name": "x"}, user_id="u", now=NOW)
    with pytest.raises(Conflict):
        rules.archive(archived, now=NOW)


def test_publishing_rules() -> None:
    with pytest.raises(Conflict, match="at least one question"):
        rules.publish(_draft(questions=0), now=NOW)
    published = rules.publish(_draft(), now=NOW)
    with pytest.raises(Conflict, match="only a draft"):
        rules.publish(published, now=NOW)


def test_question_limits() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 15"):
        QuestionDraft(text="Short limit?", time_limit_seconds=5)
    assert rules.Question(id="q", text="abc?", retakes=2).attempts_allowed == 3
