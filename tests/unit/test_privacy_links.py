"""The data-request link in candidates' emails names a recorded interview or a live one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from functions.domain.errors import InvalidInput
from functions.privacy import links

KEY = "signing-key"


def _token(payload: dict[str, str]) -> str:
    """A token signed as links.sign does, over any payload."""
    compact = json.dumps(payload, separators=(",", ":")).encode()
    body = base64.urlsafe_b64encode(compact).decode().rstrip("=")
    mac = hmac.new(KEY.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def test_a_live_interviews_link_verifies_as_the_live_interview() -> None:
    url = links.request_url("https://app.example.com/", "c1", None, KEY, live_interview_id="l1")
    token = url.split("?token=", 1)[1]
    link = links.verify_request(token, KEY)
    assert (link.company_id, link.interview_id, link.live_interview_id) == ("c1", None, "l1")


def test_links_signed_before_live_interviews_still_verify_and_are_unchanged() -> None:
    old = _token({"purpose": "privacy-request", "company_id": "c1", "interview_id": "i1"})
    link = links.verify_request(old, KEY)
    assert (link.interview_id, link.live_interview_id) == ("i1", None)
    # An interview's link is signed exactly as before (no null field added to the payload).
    assert links.request_url("https://a", "c1", "i1", KEY) == f"https://a/privacy?token={old}"


@pytest.mark.parametrize(
    "subject",
    [{}, {"interview_id": "i1", "live_interview_id": "l1"}],
    ids=["neither", "both"],
)
def test_a_link_naming_no_subject_or_two_is_refused(subject: dict[str, str]) -> None:
    token = _token({"purpose": "privacy-request", "company_id": "c1", **subject})
    with pytest.raises(InvalidInput) as refused:
        links.verify_request(token, KEY)
    assert refused.value.extensions["field"] == "token"
