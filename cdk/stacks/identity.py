"""Identity: the Cognito user pool of the catalog, its groups and the web app client.

MFA is OPTIONAL with TOTP only at the pool level: recruiters in the catalog's `mfa_groups`
(admin, hr) are required to use TOTP by the API at sign-in (it answers the MFA_SETUP /
SOFTWARE_TOKEN_MFA challenge before issuing a session), because Cognito can only require MFA
for the whole pool, and interviewers need not have it.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_cognito as cognito
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk.config import StageConfig
from functions.resources import CATALOG


class IdentityStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        spec = CATALOG.user_pool
        stage = config.stage

        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=spec.name(stage),
            # A self-serve sign-up's first admin is made by the API with SignUp (UNCONFIRMED
            # until our own emailed code is entered: functions/accounts/verification.py);
            # everyone else is invited by their admins (AdminCreateUser).
            self_sign_up_enabled=True,
            # The username IS the lower-cased email (functions/identity/cognito.py registers and
            # signs in with it, so tokens carry it as `username`); no alias, so Cognito allows
            # an email-shaped username.
            sign_in_aliases=cognito.SignInAliases(username=True),
            sign_in_case_sensitive=False,
            # No auto-verified attribute: Cognito sends no code of its own on SignUp; the API
            # sends one in the admin's language and marks the email verified on confirmation.
            auto_verify=cognito.AutoVerifiedAttrs(email=False, phone=False),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            password_policy=cognito.PasswordPolicy(
                min_length=spec.password_min_length,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
            ),
            # Threat protection (compromised credentials, adaptive authentication) needs Plus.
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=config.deletion_protection,
            removal_policy=config.removal_policy,
        )
        self.groups = {
            group: cognito.CfnUserPoolGroup(
                self,
                f"{group.capitalize()}Group",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=group,
                description=(
                    f"{group} (TOTP MFA required at sign-in)" if group in spec.mfa_groups else group
                ),
            )
            for group in spec.groups
        }
        self.client = self.user_pool.add_client(
            "WebClient",
            user_pool_client_name=spec.client_name(stage),
            # The API signs users in with their password (USER_PASSWORD_AUTH); a browser app
            # cannot keep a secret, so there is none.
            auth_flows=cognito.AuthFlow(user_password=True),
            generate_secret=False,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=Duration.hours(1),
            id_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.days(30),
        )
        self._suppress_nag_findings()

    def _suppress_nag_findings(self) -> None:
        NagSuppressions.add_resource_suppressions(
            self.user_pool,
            [
                NagPackSuppression(
                    id="AwsSolutions-COG2",
                    reason="MFA is optional pool-wide (TOTP only) because interviewers need not "
                    "use it; the API requires TOTP at sign-in for the admin and hr groups "
                    "(CATALOG.user_pool.mfa_groups).",
                )
            ],
        )
