"""Request and response models of team collaboration: reviewers, comments, scorecards."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from functions.collaboration.assignment import MAX_REVIEWERS
from functions.domain.text import SingleLine

UserId = Annotated[SingleLine, Field(min_length=1, max_length=64)]


class ReviewersAssign(BaseModel):
    user_ids: list[UserId] = Field(
        min_length=1,
        max_length=MAX_REVIEWERS,
        description="Members to add as reviewers; those already assigned are left as they are",
    )


class Reviewers(BaseModel):
    interview_id: str
    reviewer_ids: list[str] = Field(description="Every reviewer assigned to the interview")
