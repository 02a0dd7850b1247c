"""Issue 12's template rules: a duplicate's name and contents, and what search reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from functions.domain.templates import (
    IntroVideo,
    QuestionDraft,
    Template,
    TemplateStatus,
    copy_name,
    duplicate,
    new_template,
    searchable,
)

NOW = datetime(2026, 1, 2, tzinfo=UTC)


def _template() -> Template:
    template = new_template(
        company_id="c1",
        name="Backend Engineer",
        description="d",
        language="de",
        questions=[QuestionDraft(text="Why RUST?"), QuestionDraft(text="Tell us more.")],
        created_by="u1",
        now=NOW,
        scorecard_template_id="s1",
        intro_text="Hallo",
    )
    return template.model_copy(
        update={
            "status": TemplateStatus.ACTIVE,
            "version": 3,
            "published_at": NOW,
            "intro_video": IntroVideo(key="intros/c1/t/v", content_type="video/mp4", size_bytes=9),
        }
    )


def test_copy_name_adds_the_suffix_within_200_characters() -> None:
    assert copy_name("Backend") == "Backend (copy)"
    long = copy_name("x" * 200)
    assert len(long) == 200 and long.endswith("x (copy)")


def test_a_duplicate_is_a_new_first_draft_with_everything_but_the_ids() -> None:
    source = _template()
    copy = duplicate(source, name="Kopie", user_id="u2", now=NOW)
    assert copy.id != source.id and copy.name == "Kopie"
    assert (copy.version, copy.status, copy.published_at) == (1, TemplateStatus.DRAFT, None)
    assert (copy.created_by, copy.language, copy.scorecard_template_id) == ("u2", "de", "s1")
    assert (copy.intro_text, copy.intro_video) == ("Hallo", source.intro_video)
    assert [q.text for q in copy.questions] == [q.text for q in source.questions]
    assert not {q.id for q in copy.questions} & {q.id for q in source.questions}
    assert source.version == 3 and source.status is TemplateStatus.ACTIVE  # untouched


def test_search_reads_the_name_and_the_question_texts_lower_cased() -> None:
    assert searchable(_template()) == "backend engineer why rust? tell us more."


def test_intro_text_is_bounded() -> None:
    with pytest.raises(ValidationError, match="intro_text"):
        _template().model_validate({**_template().model_dump(), "intro_text": "x" * 4001})
