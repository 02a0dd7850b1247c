"""The email-verification code of a self-serve sign-up (functions/accounts/verification.py).

One item per address, `SIGNUP#EMAIL#<digest>` (a keyed HMAC of the email, so the key keeps no
address in clear), expiring (TTL) with its code. It holds a salted PBKDF2 hash of the code,
never the code. Writes are guarded by revision: two guesses at once count twice.
"""

from __future__ import annotations

from functions.accounts.verification import PendingCode
from functions.storage import guarded


def _pk(email: str) -> str:
    return f"SIGNUP#EMAIL#{guarded.digest(email)}"


class RegistrationCodesRepository:
    def get(self, email: str) -> tuple[PendingCode | None, int | None]:
        """The pending code and its revision ((None, None): none)."""
        return guarded.read(_pk(email), "CODE", PendingCode)

    def save(self, email: str, pending: PendingCode, revision: int | None) -> None:
        """Conflict when someone else wrote since `revision` was read. The item expires with
        its code."""
        expires_at = int(pending.expires_at.timestamp())
        guarded.write(_pk(email), "CODE", "registration_code", pending, revision, expires_at)
