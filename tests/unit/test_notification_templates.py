"""Every notification renders in every language, as text and HTML, with nothing missing."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import UndefinedError

from functions.notifications.rendering import CANDIDATE_KINDS, KINDS, LANGUAGES, copy, render

SAMPLE: dict[str, Any] = {
    "recipient_name": "Ana García",
    "company_name": "Acme",
    "inviter_name": "Ada Admin",
    "role": "hr",
    "sign_in_url": "https://app.example.com/login",
    "template_name": "Backend engineer",
    "deadline": "2026-03-01 18:00 UTC",
    "candidate_url": "https://app.example.com/i/tok",
    "candidate_name": "Bruno Díaz",
    "results_url": "https://app.example.com/app/interviews/1",
    "overall_score": 81,
    "recommendation": "hire",
    "author_name": "Hugo HR",
    "assigner_name": "Ada Admin",
    "excerpt": "Look at question 2",
    "comment_url": "https://app.example.com/app/interviews/1#c1",
    "endpoint_url": "https://hooks.example.com/x",
    "reason": "HTTP 500 for 5 days",
    "settings_url": "https://app.example.com/app/settings",
    "used": 2,
    "limit": 3,
    "plan": "Free",
    "amount": "€49.00",
    "billing_url": "https://app.example.com/app/billing",
    "code": "482913",
    "confirm_url": "https://app.example.com/app/signup",
    "download_url": "https://app.example.com/candidate/privacy/download?token=t",
    "expires_on": "2026-03-08 18:00 UTC",
    "title": "Backend engineer",
    "starts_at": "2026-03-01 15:00 UTC",
    "duration_minutes": 45,
    "join_url": "https://app.example.com/i/live/tok",
}
CASES = [(kind, language) for kind in KINDS for language in LANGUAGES]


def _context(kind: str) -> dict[str, Any]:
    wanted = {"recipient_name", "company_name", *KINDS[kind].variables}
    return {k: v for k, v in SAMPLE.items() if k in wanted}


@pytest.mark.parametrize(("kind", "language"), CASES, ids=[f"{k}-{lang}" for k, lang in CASES])
def test_renders_text_and_html(kind: str, language: Any) -> None:
    email = render(kind, language, _context(kind), unsubscribe_url="https://u.example.com/x")
    assert email.subject and "{{" not in email.subject and "\n" not in email.subject
    for body in (email.text, email.html):
        assert "{{" not in body and "{%" not in body
        assert "Ana García" in body
        assert "https://u.example.com/x" in body
    assert f'<html lang="{language}">' in email.html
    action = KINDS[kind].action_url
    if action:
        assert SAMPLE[action] in email.text and f'href="{SAMPLE[action]}"' in email.html


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_missing_variable_fails_instead_of_leaving_a_hole(kind: str) -> None:
    for variable in KINDS[kind].variables:
        context = _context(kind)
        del context[variable]
        with pytest.raises((UndefinedError, KeyError)):
            render(kind, "en", context)


def test_every_language_has_the_same_notifications_and_fields() -> None:
    english = copy("en")
    for language in LANGUAGES:
        words = copy(language)
        assert set(words) == set(english), language
        for kind in KINDS:
            assert set(words[kind]) == set(english[kind]), (language, kind)
            assert len(words[kind]["lines"]) >= 1
            assert ("action" in words[kind]) == (KINDS[kind].action_url is not None)


def test_the_languages_differ() -> None:
    subjects = {render("invitation", lang, _context("invitation")).subject for lang in LANGUAGES}
    assert len(subjects) == len(LANGUAGES)


def test_html_escapes_what_people_typed() -> None:
    context = {**_context("invitation"), "recipient_name": "<script>alert(1)</script>"}
    email = render("invitation", "en", context)
    assert "<script>" not in email.html and "&lt;script&gt;" in email.html
    assert "<script>alert(1)</script>" in email.text  # plain text stays as typed


def test_recommendation_is_localized() -> None:
    email = render("analysis_ready", "de", _context("analysis_ready"))
    assert "einstellen" in email.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_request_link_is_in_text_and_html_in_every_language(language: Any) -> None:
    link = "https://app.example.com/privacy?token=abc"
    for kind in sorted(CANDIDATE_KINDS):
        email = render(kind, language, _context(kind), privacy_url=link)
        label = copy(language)["common"]["privacy_label"]
        assert f"{label}: {link}" in email.text, (kind, language)
        assert f'href="{link}"' in email.html and label in email.html, (kind, language)
