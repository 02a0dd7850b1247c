"""What the platform needs from an identity provider (Cognito in the cloud and in moto)."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel


class Tokens(BaseModel):
    access_token: str
    id_token: str | None = None
    refresh_token: str | None = None
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret


class Claims(BaseModel):
    username: str  # our users sign in with their email as the username
    groups: list[str]


class IdentityProvider(Protocol):
    def sign_in(self, email: str, password: str) -> Tokens: ...

    def register(self, email: str, password: str, group: str) -> None: ...


class TokenVerifier(Protocol):
    def verify(self, token: str) -> Claims: ...
