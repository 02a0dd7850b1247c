"""The one outside thing notifications need: something that sends an email."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, EmailStr


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


class SentEmail(OutgoingEmail):
    message_id: str
    sent_at: datetime


class Mailer(Protocol):
    def send(self, email: OutgoingEmail) -> SentEmail: ...
