"""Every notification as one email: subject, plain text and HTML, in en, ru, de or es.

The words live in templates/copy/<language>.toml (each string a Jinja2 template); the two
layouts (templates/layout.txt.j2, layout.html.j2) place them. StrictUndefined: a variable that
the caller did not pass fails the rendering instead of sending a hole to a candidate.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from functions.domain.companies import Language

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES: tuple[Language, ...] = get_args(Language)
BRAND_COLOR = "#3b5bdb"


@dataclass(frozen=True)
class Kind:
    variables: tuple[str, ...]  # what the caller passes (besides recipient_name, company_name)
    action_url: str | None = None  # which variable is the button's link


KINDS: dict[str, Kind] = {
    "welcome": Kind(("inviter_name", "role", "sign_in_url"), "sign_in_url"),
    "invitation": Kind(("template_name", "deadline", "candidate_url"), "candidate_url"),
    "reminder": Kind(("template_name", "deadline")),
    "interview_completed": Kind(("candidate_name", "template_name", "results_url"), "results_url"),
    "analysis_ready": Kind(
        ("candidate_name", "template_name", "overall_score", "recommendation", "results_url"),
        "results_url",
    ),
    "decision_advanced": Kind(("template_name",)),
    "decision_hired": Kind(("template_name",)),
    "decision_rejected": Kind(("template_name",)),
    "mention": Kind(("author_name", "candidate_name", "excerpt", "comment_url"), "comment_url"),
    "reviewer_assigned": Kind(
        ("assigner_name", "candidate_name", "template_name", "results_url"), "results_url"
    ),
    "webhook_endpoint_disabled": Kind(("endpoint_url", "reason", "settings_url"), "settings_url"),
    "quota_warning": Kind(("used", "limit", "plan", "billing_url"), "billing_url"),
    "payment_succeeded": Kind(("amount", "plan", "billing_url"), "billing_url"),
    "payment_failed": Kind(("amount", "plan", "billing_url"), "billing_url"),
    "sign_in_locked": Kind(("sign_in_url",), "sign_in_url"),
    "link_requested": Kind(
        ("candidate_name", "template_name", "deadline", "results_url"), "results_url"
    ),
    "registration_code": Kind(("code", "confirm_url"), "confirm_url"),
    "data_export_ready": Kind(("download_url", "expires_on"), "download_url"),
    "deadline_extended": Kind(("template_name", "deadline")),
    # Live interviews (functions/live): each with the calendar entry attached.
    "live_invitation": Kind(("title", "starts_at", "duration_minutes", "join_url"), "join_url"),
    "live_invitation_interviewer": Kind(
        ("candidate_name", "title", "starts_at", "duration_minutes", "join_url"), "join_url"
    ),
    "live_reminder": Kind(("title", "starts_at", "join_url"), "join_url"),
    "live_cancelled": Kind(("title", "starts_at")),
}
# The emails a candidate receives: each carries the link to ask for their data or its erasure
# (live_reminder and live_cancelled go to the panel too, without it).
CANDIDATE_KINDS = frozenset(
    {"invitation", "reminder", "decision_advanced", "decision_hired", "decision_rejected",
     "data_export_ready", "deadline_extended", "live_invitation", "live_reminder",
     "live_cancelled"}
)  # fmt: skip


class RenderedEmail(BaseModel):
    kind: str
    language: Language
    subject: str
    text: str
    html: str


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _plain() -> Environment:
    """For the copy strings: plain text, escaped later by the HTML layout."""
    # Plain text: the HTML layout escapes these strings when it places them.
    return Environment(
        undefined=StrictUndefined, autoescape=select_autoescape(default_for_string=False)
    )


@cache
def copy(language: Language) -> dict[str, Any]:
    with (TEMPLATES / "copy" / f"{language}.toml").open("rb") as file:
        return tomllib.load(file)


def _text(template: str, context: dict[str, Any]) -> str:
    return _plain().from_string(template).render(context)


def render(
    kind: str,
    language: Language,
    context: dict[str, Any],
    *,
    unsubscribe_url: str | None = None,
    privacy_url: str | None = None,
) -> RenderedEmail:
    """The email `kind` in `language`; `context` holds recipient_name, company_name and the
    kind's variables (KINDS)."""
    spec = KINDS[kind]
    words = copy(language)
    own = words[kind]
    values = dict(context)
    if "recommendation" in values:
        values["recommendation"] = words["recommendations"][values["recommendation"]]
    common = {name: _text(text, values) for name, text in words["common"].items()}
    page = {
        **common,
        "language": language,
        "brand": values["company_name"],
        "color": BRAND_COLOR,
        "subject": _text(own["subject"], values),
        "heading": _text(own["heading"], values),
        "lines": [_text(line, values) for line in own["lines"]],
        "action_url": values[spec.action_url] if spec.action_url else None,
        "action_label": _text(own["action"], values) if spec.action_url else None,
        "unsubscribe_url": unsubscribe_url,
        "privacy_url": privacy_url,
    }
    environment = _environment()
    return RenderedEmail(
        kind=kind,
        language=language,
        subject=page["subject"],
        text=environment.get_template("layout.txt.j2").render(page),
        html=environment.get_template("layout.html.j2").render(page),
    )
