"""Cognito adapters: password sign-in through the user pool app client, and access-token
verification against the pool's JWKS (real RS256 keys, in moto as in AWS)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import jwt
from botocore.exceptions import ClientError

from functions.domain.errors import (
    Conflict,
    EmailNotConfirmed,
    Forbidden,
    InvalidInput,
    Unauthenticated,
)
from functions.identity.ports import (
    Challenge,
    ChallengeName,
    Claims,
    SignInResult,
    Tokens,
    TotpSetup,
)

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

_WRONG_CREDENTIALS = {"NotAuthorizedException", "UserNotFoundException"}
# An unknown or expired sign-in step's session: Cognito says NotAuthorized, moto ResourceNotFound.
_UNKNOWN_SESSION = {"ResourceNotFoundException"}


_CODE_ERRORS = {"CodeMismatchException", "EnableSoftwareTokenMFAException", "ExpiredCodeException"}
_ISSUER_NAME = "Interviews"


class CognitoIdentityProvider:
    def __init__(self, client: CognitoIdentityProviderClient, pool_id: str, client_id: str):
        self._client = client
        self._pool_id = pool_id
        self._client_id = client_id

    def sign_in(self, email: str, password: str) -> SignInResult:
        with refusals():
            response = self._client.initiate_auth(
                AuthFlow="USER_PASSWORD_AUTH",
                ClientId=self._client_id,
                AuthParameters={"USERNAME": email.lower(), "PASSWORD": password},
            )
        return _result(response)

    def answer_challenge(
        self,
        email: str,
        challenge: ChallengeName,
        session: str,
        *,
        code: str | None = None,
        new_password: str | None = None,
    ) -> SignInResult:
        responses = {"USERNAME": email.lower()}
        if challenge == "SOFTWARE_TOKEN_MFA":
            if not code:
                raise InvalidInput("code is required: the 6 digits from your authenticator app")
            responses["SOFTWARE_TOKEN_MFA_CODE"] = code
        else:
            if not new_password:
                raise InvalidInput("new_password is required to finish the first sign-in")
            responses["NEW_PASSWORD"] = new_password
        with refusals(also_wrong=_UNKNOWN_SESSION):
            response = self._client.respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName=challenge,
                Session=session,
                ChallengeResponses=responses,
            )
        return _result(response)

    def refresh(self, email: str, refresh_token: str) -> Tokens:
        with refusals():
            response = self._client.initiate_auth(
                AuthFlow="REFRESH_TOKEN_AUTH",
                ClientId=self._client_id,
                AuthParameters={"REFRESH_TOKEN": refresh_token},
            )
        result = _result(response)
        if not isinstance(result, Tokens):
            raise Forbidden("refreshing the session asked for another sign-in step")
        # Cognito does not hand out a new refresh token on refresh; the old one stays valid.
        return result.model_copy(update={"refresh_token": result.refresh_token or refresh_token})

    def register(self, email: str, password: str, group: str) -> None:
        username = self._create(email, group, temporary_password=None)
        with self._undone_on_failure(username), refusals():
            self._client.admin_set_user_password(
                UserPoolId=self._pool_id, Username=username, Password=password, Permanent=True
            )

    def invite(self, email: str, temporary_password: str, group: str) -> None:
        self._create(email, group, temporary_password=temporary_password)

    def register_unconfirmed(self, email: str, password: str, group: str) -> None:
        """SignUp: an UNCONFIRMED user. The pool verifies no attribute itself (no
        AutoVerifiedAttributes), so Cognito sends nothing: our own code goes out in the
        user's language (functions/accounts/verification.py)."""
        username = email.lower()
        with refusals():
            self._client.sign_up(
                ClientId=self._client_id,
                Username=username,
                Password=password,
                UserAttributes=[{"Name": "email", "Value": username}],
            )
        with self._undone_on_failure(username):
            self._client.admin_add_user_to_group(
                UserPoolId=self._pool_id, Username=username, GroupName=group
            )

    def confirm_registration(self, email: str) -> None:
        username = email.lower()
        if self.awaiting_confirmation(username):
            self._client.admin_confirm_sign_up(UserPoolId=self._pool_id, Username=username)
        self._client.admin_update_user_attributes(
            UserPoolId=self._pool_id,
            Username=username,
            UserAttributes=[{"Name": "email_verified", "Value": "true"}],
        )

    def awaiting_confirmation(self, email: str) -> bool:
        try:
            user = self._client.admin_get_user(UserPoolId=self._pool_id, Username=email.lower())
        except ClientError as error:
            if error.response["Error"]["Code"] == "UserNotFoundException":
                return False
            raise
        return user.get("UserStatus") == "UNCONFIRMED"

    @contextmanager
    def _undone_on_failure(self, username: str) -> Iterator[None]:
        """A user half set up (no group, no password) is deleted again, so a retry starts clean."""
        try:
            yield
        except Exception:
            self._client.admin_delete_user(UserPoolId=self._pool_id, Username=username)
            raise

    def _create(self, email: str, group: str, temporary_password: str | None) -> str:
        username = email.lower()
        extra: dict[str, Any] = (
            {"TemporaryPassword": temporary_password} if temporary_password else {}
        )
        with refusals():
            self._client.admin_create_user(
                UserPoolId=self._pool_id,
                Username=username,
                UserAttributes=[
                    {"Name": "email", "Value": username},
                    {"Name": "email_verified", "Value": "true"},
                ],
                # Our own mailer sends invitations in the user's language; Cognito stays quiet.
                MessageAction="SUPPRESS",
                **extra,
            )
        with self._undone_on_failure(username):
            self._client.admin_add_user_to_group(
                UserPoolId=self._pool_id, Username=username, GroupName=group
            )
        return username

    def change_group(self, email: str, old_group: str, new_group: str) -> None:
        username = email.lower()
        self._client.admin_add_user_to_group(
            UserPoolId=self._pool_id, Username=username, GroupName=new_group
        )
        self._client.admin_remove_user_from_group(
            UserPoolId=self._pool_id, Username=username, GroupName=old_group
        )

    def change_password(self, access_token: str, current_password: str, new_password: str) -> None:
        try:
            self._client.change_password(
                AccessToken=access_token,
                PreviousPassword=current_password,
                ProposedPassword=new_password,
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "NotAuthorizedException":
                # The caller is signed in (their token was checked): it is the password.
                raise InvalidInput(
                    "current_password is wrong; enter the password you signed in with",
                    field="current_password",
                ) from None
            with refusals():  # a weak new password, and the rest as everywhere
                raise

    def sign_out_everywhere(self, email: str) -> None:
        self._client.admin_user_global_sign_out(UserPoolId=self._pool_id, Username=email.lower())

    def disable(self, email: str) -> None:
        username = email.lower()
        self._client.admin_disable_user(UserPoolId=self._pool_id, Username=username)
        self._client.admin_user_global_sign_out(UserPoolId=self._pool_id, Username=username)

    def delete(self, email: str) -> None:
        try:
            self._client.admin_delete_user(UserPoolId=self._pool_id, Username=email.lower())
        except ClientError as error:
            if error.response["Error"]["Code"] != "UserNotFoundException":
                raise

    def enable(self, email: str) -> None:
        self._client.admin_enable_user(UserPoolId=self._pool_id, Username=email.lower())

    def start_totp_setup(self, access_token: str, label: str) -> TotpSetup:
        with refusals():
            secret = self._client.associate_software_token(AccessToken=access_token)["SecretCode"]
        return totp_setup(secret, label)

    def confirm_totp(self, access_token: str, code: str) -> None:
        with refusals():
            self._client.verify_software_token(
                AccessToken=access_token, UserCode=code, FriendlyDeviceName="authenticator"
            )
            self._client.set_user_mfa_preference(
                AccessToken=access_token,
                SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
            )


def totp_setup(secret: str, label: str) -> TotpSetup:
    """The secret, and the otpauth:// URI an authenticator app reads from a QR code."""
    uri = f"otpauth://totp/{quote(_ISSUER_NAME)}:{quote(label)}?" + urlencode(
        {"secret": secret, "issuer": _ISSUER_NAME}
    )
    return TotpSetup(secret=secret, otpauth_uri=uri)


@contextmanager
def refusals(also_wrong: frozenset[str] | set[str] = frozenset()) -> Iterator[None]:
    """Cognito's refusals of what a client sent, as domain errors; everything else propagates."""
    try:
        yield
    except ClientError as error:
        code = error.response["Error"]["Code"]
        message = error.response["Error"].get("Message", "")
        if code in _WRONG_CREDENTIALS or code in also_wrong:
            raise Unauthenticated(
                "email or password is wrong, or the sign-in step expired"
            ) from None
        if code in _CODE_ERRORS:
            raise InvalidInput("the code is wrong or expired; enter the current 6 digits") from None
        if code == "InvalidPasswordException":
            raise InvalidInput(f"the password is too weak: {message}") from None
        if code == "UsernameExistsException":
            raise Conflict("a user with this email already exists") from None
        if code == "UserNotConfirmedException":  # the password was right (Cognito checks it first)
            raise EmailNotConfirmed from None
        if code == "PasswordResetRequiredException":
            raise Forbidden("this account must reset its password before signing in") from None
        raise


def _result(response: Any) -> SignInResult:
    result = response.get("AuthenticationResult")
    if result is not None:
        return Tokens(
            access_token=result["AccessToken"],
            issued_at=_issued_at(result["AccessToken"]),
            id_token=result.get("IdToken"),
            refresh_token=result.get("RefreshToken"),
            expires_in=result.get("ExpiresIn", 3600),
        )
    name = response.get("ChallengeName")
    if name in ("SOFTWARE_TOKEN_MFA", "NEW_PASSWORD_REQUIRED"):
        return Challenge(name=name, session=response["Session"])
    raise Forbidden(f"sign-in needs a step this platform does not support ({name})")


def _issued_at(access_token: str) -> int | None:
    """The `iat` of a token Cognito just handed us (read, not verified: it came from Cognito)."""
    try:
        claims = jwt.decode(access_token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    issued = claims.get("iat")
    return issued if isinstance(issued, int) else None


class CognitoTokenVerifier:
    """Verifies access tokens: signature by the pool's JWKS, issuer, expiry, use and client."""

    def __init__(self, jwks_url: str, issuer: str, client_id: str) -> None:
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=3600, timeout=5)
        self._issuer = issuer
        self._client_id = client_id

    def verify(self, token: str) -> Claims:
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=self._issuer,
                options={"require": ["exp", "iat", "iss", "token_use"], "verify_aud": False},
            )
        except jwt.PyJWKClientConnectionError:
            raise  # the key service is down: a 5xx, not the caller's fault
        except jwt.PyJWTError as error:
            raise Unauthenticated(f"access token is not valid: {error}") from None
        if claims.get("token_use") != "access":
            raise Unauthenticated("send the access token, not the id token")
        if claims.get("client_id") != self._client_id:
            raise Unauthenticated("access token was issued to another application")
        username = claims.get("username") or claims.get("cognito:username")
        if not isinstance(username, str):
            raise Unauthenticated("access token names no user")
        issued_at = claims.get("iat")
        if not isinstance(issued_at, int):
            raise Unauthenticated("access token carries no issue time")
        return Claims(
            username=username,
            groups=list(claims.get("cognito:groups", [])),
            issued_at=issued_at,
        )
