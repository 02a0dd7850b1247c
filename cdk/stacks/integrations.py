"""Integrations: what talks to the outside world — the Groq API key, SES, the scheduler group.

- The Groq key lives in Secrets Manager (created empty; `docs/deploy.md` sets it). Functions that
  call Groq get its ARN as APP_GROQ_API_KEY_SECRET_ARN and read access to that one secret.
- The origin-verify secret (generated): CloudFront sends it to the API in the X-Origin-Verify
  header (the web stack reads it by name through a CloudFormation dynamic reference) and the API
  refuses requests without it, so the execute-api endpoint cannot be used to bypass the WAF.
- Stripe: the secret API key and the webhook endpoint's signing secret (both created empty; set
  after deploy from Stripe's dashboard, docs/deploy.md); only the API reads them.
- SES sends from the stage's domain; the DKIM CNAMEs to publish are stack outputs.
- An EventBridge Scheduler group for the reminder and expiry schedules the app will create.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk.config import StageConfig
from functions.resources import resource_name


class IntegrationsStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        stage = config.stage
        self.groq_api_key = secretsmanager.Secret(
            self,
            "GroqApiKey",
            secret_name=resource_name(stage, "groq-api-key"),
            description="Groq API key (Whisper transcription and LLM scoring); set after deploy",
            removal_policy=config.removal_policy,
        )
        # Signs unsubscribe links in emails; generated, never leaves Secrets Manager.
        self.unsubscribe_signing_key = secretsmanager.Secret(
            self,
            "UnsubscribeSigningKey",
            secret_name=resource_name(stage, "unsubscribe-signing-key"),
            description="HMAC key of the unsubscribe links in notification emails",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                exclude_punctuation=True, password_length=48
            ),
            removal_policy=config.removal_policy,
        )
        self.origin_verify_secret_name = resource_name(stage, "origin-verify")
        self.origin_verify_secret = secretsmanager.Secret(
            self,
            "OriginVerifySecret",
            secret_name=self.origin_verify_secret_name,
            description="Header value CloudFront adds to API requests (X-Origin-Verify); the "
            "API refuses requests without it",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                exclude_punctuation=True, password_length=48
            ),
            removal_policy=config.removal_policy,
        )
        self.stripe_secret_key = secretsmanager.Secret(
            self,
            "StripeSecretKey",
            secret_name=resource_name(stage, "stripe-secret-key"),
            description="Stripe secret API key (checkout, customer portal); set after deploy",
            removal_policy=config.removal_policy,
        )
        self.stripe_webhook_secret = secretsmanager.Secret(
            self,
            "StripeWebhookSecret",
            secret_name=resource_name(stage, "stripe-webhook-secret"),
            description="Signing secret (whsec_...) of the Stripe webhook endpoint "
            "/billing/stripe/webhook; set after deploy",
            removal_policy=config.removal_policy,
        )
        self.mail_domain = config.sender_domain
        self.email_identity = ses.EmailIdentity(
            self, "MailIdentity", identity=ses.Identity.domain(self.mail_domain)
        )
        self.schedule_group = scheduler.CfnScheduleGroup(
            self, "Schedules", name=resource_name(stage, "schedules")
        )
        for i, (name, value) in enumerate(
            (
                (
                    self.email_identity.dkim_dns_token_name1,
                    self.email_identity.dkim_dns_token_value1,
                ),
                (
                    self.email_identity.dkim_dns_token_name2,
                    self.email_identity.dkim_dns_token_value2,
                ),
                (
                    self.email_identity.dkim_dns_token_name3,
                    self.email_identity.dkim_dns_token_value3,
                ),
            ),
            start=1,
        ):
            CfnOutput(self, f"DkimRecord{i}", value=f"{name} CNAME {value}")
        CfnOutput(self, "GroqApiKeySecretArn", value=self.groq_api_key.secret_arn)
        NagSuppressions.add_resource_suppressions(
            self.unsubscribe_signing_key,
            [
                NagPackSuppression(
                    id="AwsSolutions-SMG4",
                    reason="Rotating this key would break every unsubscribe link already sent "
                    "in emails, which people may use months later; it is never exposed.",
                )
            ],
        )
        NagSuppressions.add_resource_suppressions(
            self.origin_verify_secret,
            [
                NagPackSuppression(
                    id="AwsSolutions-SMG4",
                    reason="CloudFront holds a copy of the value (its origin configuration), "
                    "which only a deploy of the web stack changes; rotation is the runbook in "
                    "docs/deploy.md (new value, the API accepts the previous one meanwhile, "
                    "then a web deploy pinned to the new version).",
                )
            ],
        )
        for stripe_secret in (self.stripe_secret_key, self.stripe_webhook_secret):
            NagSuppressions.add_resource_suppressions(
                stripe_secret,
                [
                    NagPackSuppression(
                        id="AwsSolutions-SMG4",
                        reason="Issued by Stripe in its dashboard (API key, webhook endpoint "
                        "signing secret), with no API to rotate it from here; rotation is the "
                        "manual runbook in docs/deploy.md.",
                    )
                ],
            )
        NagSuppressions.add_resource_suppressions(
            self.groq_api_key,
            [
                NagPackSuppression(
                    id="AwsSolutions-SMG4",
                    reason="A third-party API key: Groq issues it in its console and offers no "
                    "API to rotate it, so rotation is the manual runbook in docs/deploy.md.",
                )
            ],
        )

    @property
    def email_identity_arn(self) -> str:
        return self.format_arn(service="ses", resource="identity", resource_name=self.mail_domain)
