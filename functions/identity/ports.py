"""What the platform needs from an identity provider (Cognito in the cloud and in moto)."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, Field

ChallengeName = Literal["SOFTWARE_TOKEN_MFA", "NEW_PASSWORD_REQUIRED"]


class Tokens(BaseModel):
    access_token: str
    id_token: str | None = None
    refresh_token: str | None = None
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret
    issued_at: int | None = Field(default=None, exclude=True)  # the access token's `iat`


class Challenge(BaseModel):
    """Sign-in needs one more step: a TOTP code, or a new password on first sign-in."""

    name: ChallengeName
    session: str


SignInResult = Tokens | Challenge


class Claims(BaseModel):
    username: str  # our users sign in with their email as the username
    groups: list[str]
    issued_at: int  # `iat`, seconds since the epoch: a sign-out refuses tokens issued before it


class TotpSetup(BaseModel):
    secret: str
    otpauth_uri: str


class IdentityProvider(Protocol):
    def sign_in(self, email: str, password: str) -> SignInResult: ...

    def answer_challenge(
        self,
        email: str,
        challenge: ChallengeName,
        session: str,
        *,
        code: str | None = None,
        new_password: str | None = None,
    ) -> SignInResult: ...

    def refresh(self, email: str, refresh_token: str) -> Tokens: ...

    def register(self, email: str, password: str, group: str) -> None: ...

    def invite(self, email: str, temporary_password: str, group: str) -> None: ...

    def register_unconfirmed(self, email: str, password: str, group: str) -> None:
        """A user whose sign-in is refused (EmailNotConfirmed) until confirm_registration."""

    def confirm_registration(self, email: str) -> None:
        """The user may sign in; their email counts as verified. Again: nothing to do."""

    def awaiting_confirmation(self, email: str) -> bool:
        """True for a user made by register_unconfirmed and not confirmed yet (False for
        anyone else, or no one)."""
        ...

    def change_group(self, email: str, old_group: str, new_group: str) -> None: ...

    def sign_out_everywhere(self, email: str) -> None:
        """Revoke every refresh token of the user (their access tokens are refused by the
        profile's `tokens_valid_after`, which the caller sets)."""

    def disable(self, email: str) -> None: ...

    def delete(self, email: str) -> None:
        """Remove the user (gone already: nothing to do)."""

    def enable(self, email: str) -> None: ...

    def change_password(self, access_token: str, current_password: str, new_password: str) -> None:
        """InvalidInput when current_password is wrong or new_password breaks the policy."""
        ...

    def start_totp_setup(self, access_token: str, label: str) -> TotpSetup: ...

    def confirm_totp(self, access_token: str, code: str) -> None: ...


class TokenVerifier(Protocol):
    def verify(self, token: str) -> Claims: ...
