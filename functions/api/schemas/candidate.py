from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from functions.domain.companies import Branding, Language
from functions.domain.consent import CONSENT_TEXT_VERSION_PATTERN, Consent
from functions.domain.interviews import AnswerStatus, InterviewStatus, Progress
from functions.domain.text import SingleLine


class CompanyBrand(BaseModel):
    name: str
    branding: Branding


class CandidateContact(BaseModel):
    """Whom the candidate asks for help: the company's support address, else their recruiter."""

    name: str
    email: str


class LinkRequestPublic(BaseModel):
    requested_at: datetime
    recruiter_notified: bool = Field(
        description="False when the recruiter was already told in the last 24 hours"
    )


class QuestionSlot(BaseModel):
    """What the candidate may know of every question: its place and timing, not its text."""

    index: int
    id: str
    time_limit_seconds: int
    think_time_seconds: int
    attempts_allowed: int
    attempts_used: int
    answered: bool


class CurrentQuestion(BaseModel):
    index: int
    id: str
    text: str
    time_limit_seconds: int
    think_time_seconds: int
    attempts_left: int
    label: str = Field(description='e.g. "Question 3 of 8"')


class CandidateIntro(BaseModel):
    """The template's intro for the welcome page, before the first question."""

    text: str
    video_url: str | None = Field(description="A short-lived (15 minutes) link to play it")
    video_content_type: str | None


class CandidateSessionPublic(BaseModel):
    interview_id: str
    status: InterviewStatus
    company: CompanyBrand
    candidate_name: str
    language: Language
    deadline: datetime
    progress: Progress
    questions: list[QuestionSlot]
    current_question: CurrentQuestion | None
    contact: CandidateContact | None = None
    intro: CandidateIntro | None = None
    privacy_url: str | None = Field(
        default=None, description="The company's privacy policy, linked from the consent"
    )
    recording_retention_months: int = Field(
        description="Recordings are deleted this many months after the decision"
    )
    consent: Consent | None = Field(
        default=None, description="The consent given (giveConsent); recording needs it"
    )


class ConsentGive(BaseModel):
    text_version: str = Field(
        pattern=CONSENT_TEXT_VERSION_PATTERN,
        description="The version of the consent wording shown (the web app's)",
    )
    language: Language = Field(description="The language the wording was shown in")
    recording_and_ai_analysis: bool = Field(
        description="Must be true: agreement to the recording of the answers and their AI "
        "analysis (transcription; scoring unless human_review_only)"
    )
    human_review_only: bool = Field(
        default=False,
        description="The candidate prefers a human-only review: no AI score, recommendation "
        "or analysis; the answers are still transcribed for the reviewers",
    )


class AnswerUploadCreate(BaseModel):
    question_id: SingleLine = Field(min_length=1, max_length=64)
    content_type: SingleLine = Field(examples=["video/webm"], min_length=1, max_length=100)
    size_bytes: int | None = Field(
        default=None,
        gt=0,
        description="Known size: small files get a single POST. Omit when streaming while "
        "recording: you get a multipart upload with a URL per part. When given, the stored "
        "recording must be exactly this size, or completing it is refused (UploadRejected) and "
        "the candidate records again.",
    )


class UploadPart(BaseModel):
    part_number: int
    url: str


class AnswerUploadPublic(BaseModel):
    answer_id: str
    question_id: str
    attempt: int
    method: Literal["POST", "MULTIPART"]
    url: str | None = Field(description="POST: the form's action URL")
    fields: dict[str, str] = Field(description="POST: form fields to send before the file")
    headers: dict[str, str] = Field(description="Headers to send with every request")
    part_size_bytes: int | None = Field(description="MULTIPART: every part but the last")
    parts: list[UploadPart] = Field(description="MULTIPART: PUT each part to its URL")
    max_bytes: int
    expires_at: datetime


class AudioChunkCreate(BaseModel):
    start_ms: int = Field(
        ge=0,
        le=999_999_999,
        description="Where the chunk starts on the recording's clock (ms since the video "
        "recording started); a chunk starts about 500 ms before the previous one ends",
    )


class AudioChunkUploadPublic(BaseModel):
    answer_id: str
    index: int = Field(description="The chunk's number, from 0 in recording order")
    url: str = Field(description="The form's action URL (multipart/form-data POST)")
    fields: dict[str, str] = Field(description="Form fields to send before the file")
    content_type: str = Field(description="The file's type: a WAV, 16 kHz mono 16-bit PCM")
    max_bytes: int
    expires_at: datetime


class CompletedPart(BaseModel):
    part_number: int = Field(ge=1, le=10000)
    etag: SingleLine = Field(min_length=1, max_length=200)


class AnswerUploadComplete(BaseModel):
    parts: list[CompletedPart] | None = Field(
        default=None,
        max_length=10000,
        description="MULTIPART only: the ETag S3 returned for each part",
    )


class AnswerStatusPublic(BaseModel):
    answer_id: str
    question_id: str
    attempt: int
    status: AnswerStatus
    size_bytes: int | None
    failure_reason: str | None


class FinishPublic(BaseModel):
    interview_id: str
    status: InterviewStatus
    completed_at: datetime | None


class PreparationTipsPublic(BaseModel):
    tips: list[str]
    language: Language
