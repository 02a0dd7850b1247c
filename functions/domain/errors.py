"""Domain errors. The API maps each to one HTTP status and a problem+json body in one place
(functions/api/problems.py); the pipeline names them in ASL ErrorEquals by class name."""

from __future__ import annotations


class DomainError(Exception):
    """Something a client asked for that the domain refuses, with a reason a person can act on."""

    status = 400
    slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, **extensions: object) -> None:
        super().__init__(detail)
        self.detail = detail
        # RFC 9457 extension members a client can act on without parsing `detail`.
        self.extensions = extensions


class NotFound(DomainError):
    status = 404
    slug = "not-found"
    title = "Not found"


class Conflict(DomainError):
    """The resource's current state does not allow this change (e.g. editing an archived
    template, deciding on an interview that is not finished)."""

    status = 409
    slug = "conflict"
    title = "Conflict with the current state"


class StaleRevision(Conflict):
    """Another writer saved the item since it was read (optimistic locking): the change may be
    applied again to a fresh read."""


class InvalidInput(DomainError):
    status = 422
    slug = "invalid-input"
    title = "Invalid input"


class Unauthenticated(DomainError):
    status = 401
    slug = "unauthenticated"
    title = "Authentication required"


class Forbidden(DomainError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class Gone(DomainError):
    """An invitation link that can no longer be used (expired, cancelled, completed)."""

    status = 410
    slug = "gone"
    title = "No longer available"


class UploadRejected(DomainError):
    """A stored upload that does not match what was promised (size, type, missing)."""

    status = 422
    slug = "upload-rejected"
    title = "Upload rejected"


class EmailUnavailable(Conflict):
    """An address that already belongs to someone. The same words whether that someone is in
    the caller's company or another, so the refusal names no one (see docs/architecture.md)."""

    def __init__(self) -> None:
        super().__init__(
            "this email cannot be added; if the person should join your team, ask them for "
            "another address",
            code="email_unavailable",
        )


class EmailNotConfirmed(Forbidden):
    """A self-serve sign-up whose email address is not confirmed yet: no sign-in until it is."""

    def __init__(self) -> None:
        super().__init__(
            "confirm your email address first: enter the 6-digit code we emailed you "
            "(confirmRegistration); no code, or it expired? ask for a new one "
            "(resendRegistrationCode)",
            code="email_not_confirmed",
        )


class WrongCode(DomainError):
    """A verification code that does not match the one sent (another try may)."""

    status = 400
    slug = "wrong-code"
    title = "Wrong code"


class TooManyRequests(DomainError):
    """Too many attempts: try again after `retry_after_seconds` (sent as Retry-After)."""

    status = 429
    slug = "too-many-requests"
    title = "Too many requests"

    def __init__(
        self, detail: str, retry_after_seconds: int, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail, retry_after_seconds=retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds
        self.headers = {"Retry-After": str(retry_after_seconds), **(headers or {})}


class QuotaExceeded(DomainError):
    """The plan's monthly allowance is used up. The body names the plan, the usage, the limit,
    when the count starts again and where to upgrade (extension members)."""

    status = 402
    slug = "quota-exceeded"
    title = "Plan quota reached"


class ConsentRequired(Conflict):
    """A recording asked for before the candidate consented to recording and AI analysis."""

    slug = "consent-required"
    title = "Consent required"

    def __init__(self) -> None:
        super().__init__(
            "consent required: agree to the recording and its AI analysis on the welcome page "
            "(giveConsent) before recording an answer",
            code="consent_required",
        )


class HumanReviewOnly(Conflict):
    """An AI score asked for an interview whose candidate asked for a human-only review."""

    slug = "human-review-only"
    title = "Human-only review requested"

    def __init__(self, interview_id: str) -> None:
        super().__init__(
            f"the candidate of interview {interview_id} asked for a human-only review: no AI "
            "score, recommendation or analysis is made for it",
            code="human_review_only",
        )
