"""Amazon SES (v1 SendEmail): the sender's domain is verified by the integrations stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.domain.clock import utcnow
from functions.notifications.ports import OutgoingEmail, SentEmail

if TYPE_CHECKING:
    from mypy_boto3_ses import SESClient


class SesMailer:
    def __init__(self, client: SESClient) -> None:
        self._client = client

    def send(self, email: OutgoingEmail) -> SentEmail:
        response = self._client.send_email(
            Source=email.sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {
                    "Text": {"Data": email.text, "Charset": "UTF-8"},
                    "Html": {"Data": email.html, "Charset": "UTF-8"},
                },
            },
        )
        return SentEmail(**email.model_dump(), message_id=response["MessageId"], sent_at=utcnow())
