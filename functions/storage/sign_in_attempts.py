"""Failed sign-ins per account and per client address (functions/domain/sign_in_limits.py).

One item each, `SIGNIN#ACCOUNT#<digest>` / `SIGNIN#ADDRESS#<digest>`: the digest is a keyed HMAC
of the lower-cased email or the address, so the table holds no email in clear for someone who
merely tried to sign in. Items expire (TTL) once the window and the longest wait are over.
Writes are guarded by revision: two failures at once count twice (the loser retries).
"""

from __future__ import annotations

from datetime import datetime

from functions.domain.sign_in_limits import LONGEST_WAIT, WINDOW, Attempts, Scope
from functions.storage import guarded


def _pk(scope: Scope, value: str) -> str:
    return f"SIGNIN#{scope.upper()}#{guarded.digest(value)}"


class SignInAttemptsRepository:
    def get(self, scope: Scope, value: str) -> tuple[Attempts, int | None]:
        """The attempts and their revision (None: none recorded)."""
        attempts, revision = guarded.read(_pk(scope, value), "ATTEMPTS", Attempts)
        return attempts or Attempts(), revision

    def save(
        self, scope: Scope, value: str, attempts: Attempts, revision: int | None, now: datetime
    ) -> None:
        """Conflict when someone else wrote since `revision` was read."""
        expires = int((now + WINDOW + LONGEST_WAIT).timestamp())
        guarded.write(
            _pk(scope, value), "ATTEMPTS", "sign_in_attempts", attempts, revision, expires
        )
