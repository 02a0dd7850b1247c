"""Failed sign-ins per account and per client address (functions/domain/sign_in_limits.py).

One item each, `SIGNIN#ACCOUNT#<digest>` / `SIGNIN#ADDRESS#<digest>`: the digest is a SHA-256
of the lower-cased email or the address, so the table holds no email in clear for someone who
merely tried to sign in. Items expire (TTL) once the window and the longest wait are over.
Writes are guarded by revision: two failures at once count twice (the loser retries).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from functions.domain.sign_in_limits import LONGEST_WAIT, WINDOW, Attempts, Scope
from functions.storage.records import Record
from functions.storage.repositories import _load, _save


def _pk(scope: Scope, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return f"SIGNIN#{scope.upper()}#{digest}"


class SignInAttemptsRepository:
    def get(self, scope: Scope, value: str) -> tuple[Attempts, int | None]:
        """The attempts and their revision (None: none recorded)."""
        try:
            record = Record.get(_pk(scope, value), "ATTEMPTS")
        except Record.DoesNotExist:
            return Attempts(), None
        return _load(Attempts, record), int(record.revision)

    def save(
        self, scope: Scope, value: str, attempts: Attempts, revision: int | None, now: datetime
    ) -> None:
        """Conflict when someone else wrote since `revision` was read."""
        record = Record(
            _pk(scope, value),
            "ATTEMPTS",
            kind="sign_in_attempts",
            data=attempts.model_dump(mode="json"),
            expires_at=int((now + WINDOW + LONGEST_WAIT).timestamp()),
        )
        _save(record, revision, "the sign-in attempts")
