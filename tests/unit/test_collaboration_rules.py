"""The pure rules of team collaboration: who a comment tells, the scorecard summary beside the
AI, and who the hidden-until-submitted rule hides the others' scorecards from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from functions.collaboration.domain import Comment, Mention, excerpt, newly_notified
from functions.collaboration.scorecard_rules import (
    Competency,
    Rating,
    Scorecard,
    ScorecardTemplate,
    hidden_from,
    rate,
    summarize,
)
from functions.domain.companies import Role, User
from functions.domain.errors import InvalidInput
from functions.domain.interviews import Candidate, Interview

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
ANCHORS = ["1", "2", "3", "4", "5"]


def _template(hide: bool = False) -> ScorecardTemplate:
    return ScorecardTemplate(
        company_id="co",
        id="sc",
        name="Panel",
        competencies=[
            Competency(id=i, name=i.title(), anchors=ANCHORS)
            for i in ("design", "ownership", "craft")
        ],
        hide_others_until_submitted=hide,
        created_by="u1",
        created_at=NOW,
        updated_at=NOW,
    )


def _interview(
    analysis: dict[str, Any] | None = None, reviewers: list[str] | None = None
) -> Interview:
    return Interview(
        company_id="co",
        id="iv",
        template_id="tp",
        template_version=1,
        template_name="Backend",
        questions=[],
        candidate=Candidate(name="Ada", email="ada@example.com"),
        deadline=NOW + timedelta(days=3),
        token_hash="h",
        reviewer_ids=reviewers or [],
        created_by="u1",
        created_at=NOW,
        invited_at=NOW,
        analysis=analysis,
    )


def _card(
    reviewer: str, recommendation: Any, ratings: dict[str, int], names: dict[str, str] | None = None
) -> Scorecard:
    names = names or {}
    return Scorecard(
        company_id="co",
        interview_id="iv",
        reviewer_id=reviewer,
        reviewer_name=reviewer,
        scorecard_template_id="sc",
        scorecard_template_version=1,
        ratings=[
            Rating(competency_id=k, competency_name=names.get(k, k.title()), rating=v)
            for k, v in ratings.items()
        ],
        recommendation=recommendation,
        submitted_at=NOW,
        updated_at=NOW,
    )


def _user(role: Role, user_id: str = "u9") -> User:
    return User(
        id=user_id, company_id="co", email="u@example.com", name="U", role=role, created_at=NOW
    )


@pytest.mark.parametrize(
    ("ai", "recommendations", "agreeing"),
    [
        ("hire", ["yes", "strong_yes", "no"], 2),
        ("reject", ["yes", "strong_no", "no"], 2),
        ("consider", ["yes", "no", "strong_yes", "strong_no"], 2),
    ],
)
def test_agreement_with_the_ai(ai: str, recommendations: list[Any], agreeing: int) -> None:
    cards = [_card(f"r{n}", r, {"design": 3}) for n, r in enumerate(recommendations)]
    summary = summarize(_interview({"overall_score": 60, "recommendation": ai}), cards, _template())
    assert summary.agreeing == agreeing
    assert summary.agreement == round(agreeing / len(cards), 2)
    assert summary.ai_recommendation == ai and summary.ai_score == 60


def test_before_the_ai_analyzed_there_is_no_agreement_and_nothing_to_summarize_is_empty() -> None:
    summary = summarize(_interview(), [_card("r1", "yes", {"design": 5})], _template())
    assert (summary.agreement, summary.agreeing, summary.ai_recommendation) == (None, 0, None)
    assert summary.human_score == 100
    empty = summarize(_interview({"recommendation": "hire"}), [], _template())
    assert (empty.submitted, empty.competencies, empty.human_score, empty.agreement) == (
        0,
        [],
        None,
        None,
    )


def test_competencies_follow_the_template_and_keep_the_ones_it_dropped() -> None:
    cards = [
        _card("r1", "yes", {"craft": 1, "design": 5, "legacy": 3}, {"legacy": "Old name"}),
        _card("r2", "no", {"craft": 4, "design": 4}),
    ]
    summary = summarize(_interview(), cards, _template())
    rows = [(c.competency_id, c.name, c.count, c.mean, c.spread) for c in summary.competencies]
    assert rows == [
        ("design", "Design", 2, 4.5, 1),
        ("craft", "Craft", 2, 2.5, 3),
        ("legacy", "Old name", 1, 3.0, 0),
    ]
    # 1, 5, 3, 4, 4 -> mean 3.4 on 1-5 -> 60 on 0-100
    assert summary.human_score == 60


def test_a_scorecard_rates_every_competency_of_the_template() -> None:
    template = _template()
    ratings = rate(template, {"craft": (2, ""), "ownership": (3, "ok"), "design": (5, "")})
    assert [(r.competency_id, r.rating, r.note) for r in ratings] == [
        ("design", 5, ""),
        ("ownership", 3, "ok"),
        ("craft", 2, ""),
    ]
    with pytest.raises(InvalidInput, match="missing Craft"):
        rate(template, {"design": (5, ""), "ownership": (3, "")})
    with pytest.raises(InvalidInput, match="luck"):
        rate(template, {"design": (5, ""), "ownership": (3, ""), "craft": (1, ""), "luck": (2, "")})


def test_who_the_others_scorecards_are_hidden_from() -> None:
    interview = _interview(reviewers=["hr-reviewer"])
    hidden = _template(hide=True)
    assert hidden_from(_user(Role.INTERVIEWER), interview, hidden, submitted=False)
    assert hidden_from(_user(Role.HR, "hr-reviewer"), interview, hidden, submitted=False)
    assert not hidden_from(_user(Role.HR, "hr-reviewer"), interview, hidden, submitted=True)
    assert not hidden_from(_user(Role.ADMIN), interview, hidden, submitted=False)  # decides
    assert not hidden_from(_user(Role.INTERVIEWER), interview, _template(), submitted=False)
    assert not hidden_from(_user(Role.INTERVIEWER), interview, None, submitted=False)


def test_a_comment_tells_each_mentioned_member_once_and_never_its_author() -> None:
    comment = Comment(
        company_id="co",
        interview_id="iv",
        id="c1",
        author_id="a",
        author_name="A",
        text="hi",
        notified_ids=["b"],
        created_at=NOW,
    )
    mentions = [Mention(user_id=u, name=u) for u in ("a", "b", "c")]
    assert newly_notified(comment, mentions, "a") == ["c"]


def test_an_excerpt_is_one_line_and_short() -> None:
    assert excerpt("one\n\n two  three") == "one two three"
    long = excerpt("word " * 100)
    assert len(long) == 200 and long.endswith("…")


def test_the_bus_routes_every_event_to_webhooks_and_every_emailed_one_to_the_notifier() -> None:
    from functions.events.catalog import EVENT_TYPES
    from functions.notifications.use_cases import NOTIFIED_EVENT_TYPES
    from functions.resources import NOTIFICATIONS_RULE, WEBHOOK_EVENTS_RULE

    assert set(WEBHOOK_EVENTS_RULE.detail_type) == set(EVENT_TYPES)
    assert set(NOTIFICATIONS_RULE.detail_type) == set(NOTIFIED_EVENT_TYPES)
