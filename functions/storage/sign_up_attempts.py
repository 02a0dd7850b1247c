"""Sign-up attempts per client address (functions/accounts/sign_up.py).

One item per address, `SIGNUP#ADDRESS#<digest>` (a keyed HMAC of the address, so the table keeps
no address in clear), expiring (TTL) once its window is over. Writes are guarded by revision:
two attempts at once count twice (the loser retries).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from functions.storage import guarded


class SignUpWindow(BaseModel):
    """The attempts from one address since `started_at` (a fixed window)."""

    attempts: int = 0
    started_at: datetime | None = None


def _pk(address: str) -> str:
    return f"SIGNUP#ADDRESS#{guarded.digest(address)}"


class SignUpAttemptsRepository:
    def get(self, address: str) -> tuple[SignUpWindow, int | None]:
        """The window and its revision (None: none recorded)."""
        window, revision = guarded.read(_pk(address), "ATTEMPTS", SignUpWindow)
        return window or SignUpWindow(), revision

    def save(
        self, address: str, window: SignUpWindow, revision: int | None, expires: timedelta
    ) -> None:
        """Conflict when someone else wrote since `revision` was read."""
        started = window.started_at
        expires_at = int((started + expires).timestamp()) if started else None
        guarded.write(_pk(address), "ATTEMPTS", "sign_up_attempts", window, revision, expires_at)
