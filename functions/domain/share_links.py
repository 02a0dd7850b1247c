"""Share links: a read-only view of one interview for a hiring manager without an account.

The link carries an unguessable token (only its hash is stored, like an invitation's); it
works until it expires (1 to 30 days after it was made, 7 by default) or a recruiter revokes it.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from functions.domain.errors import Gone

SHARE_DAYS_DEFAULT = 7
SHARE_DAYS_MAX = 30


class ShareLink(BaseModel):
    company_id: str
    interview_id: str
    id: str
    token_hash: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


def ensure_usable(link: ShareLink, now: datetime) -> None:
    """A revoked or expired link is gone (410), and says which."""
    if link.revoked_at is not None:
        raise Gone("this share link was revoked; ask the recruiter for a new one", reason="revoked")
    if now >= link.expires_at:
        raise Gone(
            f"this share link expired on {link.expires_at:%Y-%m-%d %H:%M} UTC; "
            "ask the recruiter for a new one",
            reason="expired",
        )
