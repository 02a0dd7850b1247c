"""Signed links in candidates' emails: the data-request page (every candidate email carries
one) and the download of an approved export. An HMAC over the payload (with the key that signs
unsubscribe links; the payload names its purpose, so one link cannot stand for the other) is
the credential: candidates have no account, and a closed interview link must not stop them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta
from typing import Literal, TypeVar

from pydantic import BaseModel, ValidationError, model_validator

from functions.domain.errors import Gone, InvalidInput
from functions.privacy.models import CANDIDATE_LINK_DAYS

REQUEST_PAGE = "/privacy"  # the web app's page for a candidate's request
DOWNLOAD_PATH = "/candidate/privacy/download"  # the API: a fresh presigned link, 303


class RequestLink(BaseModel):
    """The email it rode on was about one recorded interview or one live interview (links
    signed before live interviews name an interview and still verify)."""

    purpose: Literal["privacy-request"] = "privacy-request"
    company_id: str
    interview_id: str | None = None
    live_interview_id: str | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> RequestLink:
        if (self.interview_id is None) == (self.live_interview_id is None):
            raise ValueError("a request link names one interview or one live interview")
        return self


class DownloadLink(BaseModel):
    purpose: Literal["privacy-download"] = "privacy-download"
    company_id: str
    export_id: str
    expires_at: int  # epoch seconds


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(what: RequestLink | DownloadLink, key: str) -> str:
    body = _b64(what.model_dump_json(exclude_none=True).encode())
    mac = hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


M = TypeVar("M", RequestLink, DownloadLink)


def _verify(token: str, key: str, model: type[M]) -> M:
    body, _, mac = token.partition(".")
    expected = hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()
    try:
        valid = hmac.compare_digest(_unb64(mac), expected)
        what = model.model_validate(json.loads(_unb64(body))) if valid else None
    except (ValueError, ValidationError):
        what = None
    if what is None:
        raise InvalidInput("this link is not valid; use the link from the email", field="token")
    return what


def verify_request(token: str, key: str) -> RequestLink:
    return _verify(token, key, RequestLink)


def verify_download(token: str, key: str, now: datetime) -> DownloadLink:
    link = _verify(token, key, DownloadLink)
    if link.expires_at < now.timestamp():
        raise Gone("this download link has expired; ask the company for a new export")
    return link


def request_url(
    base_url: str,
    company_id: str,
    interview_id: str | None,
    key: str,
    *,
    live_interview_id: str | None = None,
) -> str:
    """The link for an email about `interview_id`, or (None) about `live_interview_id`."""
    link = RequestLink(
        company_id=company_id, interview_id=interview_id, live_interview_id=live_interview_id
    )
    return f"{base_url.rstrip('/')}{REQUEST_PAGE}?token={sign(link, key)}"


def download_url(base_url: str, company_id: str, export_id: str, key: str, now: datetime) -> str:
    expires = int((now + timedelta(days=CANDIDATE_LINK_DAYS)).timestamp())
    link = DownloadLink(company_id=company_id, export_id=export_id, expires_at=expires)
    return f"{base_url.rstrip('/')}{DOWNLOAD_PATH}?token={sign(link, key)}"
