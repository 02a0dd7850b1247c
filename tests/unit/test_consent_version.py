"""The consent wording's version is one constant in the web app and the list the service
accepts (issue 17 item 2): the web app's current version must be the service's newest, so a
wording change (which frontend/src/candidate/consent.test.ts catches by its hash) is a new
version on both sides."""

from __future__ import annotations

import re
from pathlib import Path

from functions.domain.consent import CONSENT_TEXT_VERSION_PATTERN, CONSENT_TEXT_VERSIONS

WEB = Path(__file__).resolve().parents[2] / "frontend" / "src" / "candidate" / "consent.ts"


def test_the_web_apps_consent_version_is_the_services_newest() -> None:
    found = re.search(r"export const CONSENT_TEXT_VERSION = '([^']+)';", WEB.read_text("utf-8"))
    assert found, f"no CONSENT_TEXT_VERSION in {WEB}"
    assert found.group(1) == CONSENT_TEXT_VERSIONS[-1]


def test_every_known_version_is_unique_and_fits_the_api_pattern() -> None:
    assert len(set(CONSENT_TEXT_VERSIONS)) == len(CONSENT_TEXT_VERSIONS)
    assert all(re.fullmatch(CONSENT_TEXT_VERSION_PATTERN, v) for v in CONSENT_TEXT_VERSIONS)
