"""Amazon SES (v1 SendEmail): the sender's domain is verified by the integrations stack."""

from __future__ import annotations

from email.message import EmailMessage
from typing import TYPE_CHECKING

from functions.domain.clock import utcnow
from functions.notifications.ports import OutgoingEmail, SentEmail

if TYPE_CHECKING:
    from mypy_boto3_ses import SESClient


class SesMailer:
    def __init__(self, client: SESClient) -> None:
        self._client = client

    def send(self, email: OutgoingEmail) -> SentEmail:
        if email.attachments:
            return self._send_raw(email)
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

    def _send_raw(self, email: OutgoingEmail) -> SentEmail:
        """With attachments: one MIME message (SendRawEmail), text and HTML as alternatives."""
        message = EmailMessage()
        message["Subject"] = email.subject
        message["From"] = email.sender
        message["To"] = email.to
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        for attachment in email.attachments:
            maintype, _, rest = attachment.content_type.partition("/")
            subtype, *parameters = [p.strip() for p in rest.split(";")]
            params = dict(p.split("=", 1) for p in parameters if "=" in p and "charset" not in p)
            message.add_attachment(
                attachment.content.encode(),
                maintype=maintype,
                subtype=subtype,
                filename=attachment.filename,
                params=params,
            )
        response = self._client.send_raw_email(
            Source=email.sender,
            Destinations=[email.to],
            RawMessage={"Data": message.as_bytes()},
        )
        return SentEmail(**email.model_dump(), message_id=response["MessageId"], sent_at=utcnow())
