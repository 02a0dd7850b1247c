"""Cognito adapters: password sign-in through the user pool app client, and access-token
verification against the pool's JWKS (real RS256 keys, in moto as in AWS)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jwt
from botocore.exceptions import ClientError

from functions.domain.errors import Forbidden, Unauthenticated
from functions.identity.ports import Claims, Tokens

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

_WRONG_CREDENTIALS = {"NotAuthorizedException", "UserNotFoundException"}


class CognitoIdentityProvider:
    def __init__(self, client: CognitoIdentityProviderClient, pool_id: str, client_id: str):
        self._client = client
        self._pool_id = pool_id
        self._client_id = client_id

    def sign_in(self, email: str, password: str) -> Tokens:
        try:
            response = self._client.initiate_auth(
                AuthFlow="USER_PASSWORD_AUTH",
                ClientId=self._client_id,
                AuthParameters={"USERNAME": email.lower(), "PASSWORD": password},
            )
        except ClientError as error:
            code = error.response["Error"]["Code"]
            if code in _WRONG_CREDENTIALS:
                raise Unauthenticated("email or password is wrong") from None
            if code == "PasswordResetRequiredException":
                raise Forbidden("this account must reset its password before signing in") from None
            raise
        result = response.get("AuthenticationResult")
        if result is None:
            challenge = response.get("ChallengeName", "unknown")
            raise Forbidden(f"sign-in needs a further step ({challenge}) that this API cannot take")
        return Tokens(
            access_token=result["AccessToken"],
            id_token=result.get("IdToken"),
            refresh_token=result.get("RefreshToken"),
            expires_in=result.get("ExpiresIn", 3600),
        )

    def register(self, email: str, password: str, group: str) -> None:
        username = email.lower()
        self._client.admin_create_user(
            UserPoolId=self._pool_id,
            Username=username,
            UserAttributes=[
                {"Name": "email", "Value": username},
                {"Name": "email_verified", "Value": "true"},
            ],
            MessageAction="SUPPRESS",
        )
        self._client.admin_set_user_password(
            UserPoolId=self._pool_id, Username=username, Password=password, Permanent=True
        )
        self._client.admin_add_user_to_group(
            UserPoolId=self._pool_id, Username=username, GroupName=group
        )


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
                options={"require": ["exp", "iss", "token_use"], "verify_aud": False},
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
        return Claims(username=username, groups=list(claims.get("cognito:groups", [])))
