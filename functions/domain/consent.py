"""The candidate's consent to the recording of their answers and to their AI analysis.

The wording lives in the web app (frontend/src/candidate/consent.ts names its i18n keys and its
version); the service stores which version and language the candidate saw. A change of the
wording needs a new version there (a vitest compares the wording's hash) and here (a unit test
checks the web app's version is one this service knows), so a stored consent always names the
exact text that was shown.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from functions.domain.companies import Language
from functions.domain.errors import InvalidInput

# Every consent wording the web app has shown, oldest first; the last is the current one.
CONSENT_TEXT_VERSIONS: tuple[str, ...] = ("2026-12-05",)
CONSENT_TEXT_VERSION_PATTERN = r"^[0-9a-z][0-9a-z.-]{0,31}$"


class Consent(BaseModel):
    consented_at: datetime = Field(description="Server time the consent was given")
    text_version: str = Field(description="Version of the exact wording shown (with language)")
    language: Language = Field(description="The language the wording was shown in")
    recording_and_ai_analysis: bool = Field(
        description="Agreed to the recording of the answers and to their AI analysis"
    )
    human_review_only: bool = Field(
        default=False,
        description="Asked for a human-only review: no AI score, recommendation or analysis",
    )

    def same_choice(self, text_version: str, language: str, human_review_only: bool) -> bool:
        return (self.text_version, self.language, self.human_review_only) == (
            text_version,
            language,
            human_review_only,
        )


def check_consent_choice(text_version: str, recording_and_ai_analysis: bool) -> None:
    """The checks every consent passes (recorded and live interviews): agreement given, and a
    wording this service knows (InvalidInput naming the field otherwise)."""
    if not recording_and_ai_analysis:
        raise InvalidInput(
            "recording_and_ai_analysis must be true: answers cannot be recorded without it"
        )
    if text_version not in CONSENT_TEXT_VERSIONS:
        raise InvalidInput(
            f"text_version {text_version!r} is not a consent wording this service knows; "
            "reload the page"
        )
