from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from functions.collaboration.scorecard_rules import ScorecardSummary
from functions.domain.analyses import Rubric, Weights
from functions.domain.consent import Consent
from functions.domain.interviews import (
    NOTE_MAX_LENGTH,
    AnswerStatus,
    Candidate,
    Deadline,
    Decision,
    DecisionEntry,
    InterviewStatus,
    Outcome,
    Progress,
    VideoStatus,
)
from functions.domain.templates import Question
from functions.domain.text import MultiLine, SingleLine


class InterviewCreate(BaseModel):
    template_id: SingleLine = Field(min_length=1, max_length=64)
    candidate: Candidate
    deadline: Deadline | None = Field(
        default=None, description="When the link stops working; default 14 days from now"
    )
    reviewer_ids: list[Annotated[SingleLine, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=20
    )


class InterviewsCreate(BaseModel):
    """Several candidates for one template (a CSV upload): all are invited or, beyond the
    plan's interviews this month, none."""

    template_id: SingleLine = Field(min_length=1, max_length=64)
    candidates: list[Candidate] = Field(min_length=1, max_length=100)
    deadline: Deadline | None = Field(
        default=None, description="When the links stop working; default 14 days from now"
    )
    reviewer_ids: list[Annotated[SingleLine, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=20
    )


class InterviewPublic(BaseModel):
    id: str
    template_id: str
    template_version: int
    template_name: str
    candidate: Candidate
    status: InterviewStatus
    deadline: datetime
    reviewer_ids: list[str]
    created_at: datetime
    invited_at: datetime
    invitations_sent: int
    started_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    decision: Decision | None
    progress: Progress | None = Field(default=None, description="Answered questions")
    overall_score: int | None = Field(
        default=None, ge=0, le=100, description="The AI analysis's overall score, once analyzed"
    )
    recommendation: Literal["hire", "consider", "reject"] | None = Field(
        default=None, description="The AI analysis's recommendation, once analyzed"
    )
    recordings_deleted_at: datetime | None = Field(
        default=None,
        description="When the retention purge deleted the recordings and their media (the "
        "transcript text, scores and analysis stay)",
    )
    link_requested_at: datetime | None = Field(
        default=None, description="When the candidate last asked for a new link (expired link)"
    )
    consent: Consent | None = Field(
        default=None,
        description="The candidate's consent to recording and AI analysis: when, which wording "
        "version, in which language",
    )
    human_review_only: bool = Field(
        default=False,
        description="The candidate asked for a human-only review: no AI score, recommendation "
        "or analysis is made (the answers are still transcribed)",
    )


class InvitationPublic(InterviewPublic):
    candidate_url: str = Field(description="The candidate's link; it contains the token")
    token: str = Field(description="Shown once: only its hash is stored")


class InvitationList(BaseModel):
    items: list[InvitationPublic]


class InterviewStats(BaseModel):
    by_status: dict[InterviewStatus, int]


class InterviewList(BaseModel):
    items: list[InterviewPublic]
    next_cursor: str | None


class MediaLinks(BaseModel):
    """Presigned links, valid 1 hour; each appears once the pipeline has made it."""

    original_url: str | None = Field(description="Presigned link to the upload, valid 1 hour")
    video_url: str | None = Field(default=None, description="H.264/AAC MP4 (faststart)")
    poster_url: str | None = Field(default=None, description="JPEG frame near the start")
    thumbnails_url: str | None = Field(default=None, description="JPEG strip of frames")
    captions_url: str | None = Field(default=None, description="WebVTT captions")
    transcript_url: str | None = Field(
        default=None, description="JSON transcript with timestamped segments"
    )


class AnswerPublic(BaseModel):
    id: str
    question_id: str
    question_index: int
    attempt: int
    status: AnswerStatus
    content_type: str
    size_bytes: int | None
    created_at: datetime
    uploaded_at: datetime | None
    failure_reason: str | None
    failure_kind: Literal["recording", "provider"] | None = Field(
        default=None,
        description="recording: the candidate can record again; provider: an outside service "
        "kept failing, reprocessAnswer runs the pipeline again",
    )
    processing_attempt: int = 1
    duration_seconds: float | None = None
    media: MediaLinks
    video_status: VideoStatus | None = Field(
        default=None,
        description="The playable video, apart from status: the answer is transcribed and "
        "scored from its audio while the video may still be processing; failed: "
        "media_issues.video says why (the original stays playable). None before processing",
    )
    media_issues: dict[str, str] = Field(
        default_factory=dict,
        description="What could not be made from a usable recording (video, images) and why; "
        "the answer is still transcribed and scored, and the original stays playable",
    )
    transcript: str | None = None
    language: str | None = Field(default=None, description="Detected spoken language (ISO 639-1)")
    analysis: dict[str, object] | None = None


class InterviewDetail(InterviewPublic):
    questions: list[Question]
    answers: list[AnswerPublic]
    recordings_delete_on: datetime | None = Field(
        default=None,
        description="When the recordings will be deleted under the company's retention period "
        "(recording_retention_months after the decision; without one, after the cancellation "
        "or the deadline); it moves with a later decision. None once deleted.",
    )
    analysis: dict[str, object] | None = None
    analysis_error: str | None = None
    decisions: list[DecisionEntryPublic] = Field(
        default_factory=list,
        description="Every decision (who, when, outcome, note), newest first; `decision` is "
        "the latest",
    )
    scorecard_summary: ScorecardSummary | None = Field(
        default=None,
        description="The reviewers' ratings per competency, their spread and agreement with "
        "the AI (listScorecards has each scorecard); hidden from a reviewer who has not "
        "submitted theirs when the scorecard template says so",
    )


class DecisionEntryPublic(DecisionEntry):
    decided_by_name: str | None = Field(
        default=None, description="The member's name; None when they left the company"
    )


class ExtendDeadlineRequest(BaseModel):
    deadline: Deadline = Field(
        description="Later than the current deadline; in the future and at most 365 days ahead"
    )


class DecisionRequest(BaseModel):
    outcome: Outcome
    note: MultiLine = Field(default="", max_length=NOTE_MAX_LENGTH)


class ResendRequest(BaseModel):
    deadline: Deadline | None = Field(
        default=None, description="A new deadline; required when the old one has passed"
    )


# Analysis versions and re-scoring (rescoreInterview, listInterviewAnalyses, getInterviewAnalysis)


class RescoreRequest(BaseModel):
    template_version: int | None = Field(
        default=None,
        ge=1,
        description="A published version of the interview's template (at or after the one the "
        "interview was created from) whose ideal-answer hints and competencies to score with; "
        "default: its newest published version",
    )
    weights: Weights | None = Field(
        default=None,
        description="Relative criteria weights for the overall score; default: equal",
    )


class RescoreAccepted(BaseModel):
    interview_id: str
    analysis_version: int = Field(description="The version the re-score will be recorded as")
    rubric: Rubric


class AnalysisVersionPublic(BaseModel):
    version: int
    analysis: dict[str, object] = Field(description="The interview's analysis of this version")
    answers: dict[str, dict[str, object]] = Field(
        description="Answer id -> that answer's scores in this version"
    )
    rubric: Rubric | None = Field(
        description="What a re-score scored with; null: the interview's own rubric (the "
        "template version it was created from, equal weights)"
    )
    created_at: datetime


class AnalysisVersionList(BaseModel):
    items: list[AnalysisVersionPublic] = Field(description="Newest first")
    human_review_only: bool = Field(
        default=False,
        description="The candidate asked for a human-only review: there is no AI analysis, "
        "and none can be made (rescoreInterview is refused)",
    )
