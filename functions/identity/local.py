"""The identity adapter of the local stage: Cognito's adapter over moto, plus the TOTP checks
moto leaves out.

moto hands every user one fixed secret and, unless told otherwise, accepts any six digits, so
MFA would look enrolled without ever being tested. Here each user gets their own random secret
(kept on their moto user as an attribute only the admin API reads; moto stores attributes it
does not know, real Cognito would not, hence local only) and every code, at enrolment and at
the SOFTWARE_TOKEN_MFA sign-in step, is checked against it the way an authenticator app makes
it (RFC 6238, 30-second steps, one step of clock drift either way, as Cognito allows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyotp

from functions.domain.errors import InvalidInput, Unauthenticated
from functions.identity.cognito import CognitoIdentityProvider, refusals, totp_setup
from functions.identity.ports import ChallengeName, SignInResult, TotpSetup

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

PENDING_ATTRIBUTE = "local_totp_pending"  # handed out by setupMfa, not yet confirmed
CONFIRMED_ATTRIBUTE = "local_totp_secret"  # confirmed by verifyMfa: sign-in codes checked
_WRONG_CODE = "the code is wrong or expired; enter the current 6 digits"


class LocalIdentityProvider(CognitoIdentityProvider):
    def __init__(self, client: CognitoIdentityProviderClient, pool_id: str, client_id: str):
        super().__init__(client, pool_id, client_id)
        self._moto = client

    def start_totp_setup(self, access_token: str, label: str) -> TotpSetup:
        with refusals():
            self._moto.associate_software_token(AccessToken=access_token)  # checks the token
            username = self._moto.get_user(AccessToken=access_token)["Username"]
        secret = pyotp.random_base32()
        self._set(username, PENDING_ATTRIBUTE, secret)
        return totp_setup(secret, label)

    def confirm_totp(self, access_token: str, code: str) -> None:
        with refusals():
            username = self._moto.get_user(AccessToken=access_token)["Username"]
        pending = self._attribute(username, PENDING_ATTRIBUTE)
        if pending is None:
            raise InvalidInput("start with setupMfa: there is no secret waiting to be confirmed")
        _check(pending, code)
        super().confirm_totp(access_token, code)
        self._set(username, CONFIRMED_ATTRIBUTE, pending)

    def answer_challenge(
        self,
        email: str,
        challenge: ChallengeName,
        session: str,
        *,
        code: str | None = None,
        new_password: str | None = None,
    ) -> SignInResult:
        if challenge == "SOFTWARE_TOKEN_MFA" and code:
            secret = self._attribute(email.lower(), CONFIRMED_ATTRIBUTE)
            if secret is None:
                raise Unauthenticated("email or password is wrong, or the sign-in step expired")
            _check(secret, code)
        return super().answer_challenge(
            email, challenge, session, code=code, new_password=new_password
        )

    def _attribute(self, username: str, name: str) -> str | None:
        with refusals():
            user = self._moto.admin_get_user(UserPoolId=self._pool_id, Username=username)
        values = {a["Name"]: a.get("Value") for a in user.get("UserAttributes", [])}
        return values.get(name)

    def _set(self, username: str, name: str, value: str) -> None:
        self._moto.admin_update_user_attributes(
            UserPoolId=self._pool_id,
            Username=username,
            UserAttributes=[{"Name": name, "Value": value}],
        )


def _check(secret: str, code: str) -> None:
    if not pyotp.TOTP(secret).verify(code, valid_window=1):
        raise InvalidInput(_WRONG_CODE)
