"""The one outside thing notifications need: something that sends an email."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, EmailStr, Field


class Attachment(BaseModel):
    """A text attachment (a calendar entry): its file name, MIME type and content."""

    filename: str
    content_type: str  # e.g. text/calendar; method=REQUEST; charset=UTF-8
    content: str


class OutgoingEmail(BaseModel):
    to: EmailStr
    sender: str
    subject: str
    text: str
    html: str
    kind: str
    language: str
    company_id: str
    event_id: str | None = None  # the bus event that caused it, when there is one
    attachments: list[Attachment] = Field(default_factory=list)


class SentEmail(OutgoingEmail):
    message_id: str
    sent_at: datetime


class Mailer(Protocol):
    def send(self, email: OutgoingEmail) -> SentEmail: ...
