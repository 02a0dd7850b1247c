"""Generates the committed event documents from the catalog: a JSON Schema per event type
(functions/events/schemas/<type>.v<version>.json) and docs/events.md with an example each.

    python -m functions.events.documents        # rewrite both
A unit test fails when the committed files differ from what this produces.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from functions.events import catalog as c

SCHEMAS_DIR = Path(__file__).parent / "schemas"
DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "events.md"
SCHEMA_BASE = "https://interviews.example/schemas/events"

_T = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
_CANDIDATE = c.CandidateRef(name="Ada Lovelace", email="ada@example.com", language="en")
_EXTERNAL = c.ExternalIds(source="greenhouse", job_id="4012", candidate_id="88121")

EXAMPLES: dict[str, c.EventData] = {
    "interview.created": c.InterviewCreated(
        interview_id="iv_01", template_id="tp_01", template_version=2, candidate=_CANDIDATE,
        deadline=_T, created_by="us_01", external=_EXTERNAL,
    ),
    "interview.invited": c.InterviewInvited(
        interview_id="iv_01", candidate=_CANDIDATE, candidate_url="https://app.example/i/tok",
        deadline=_T, invitations_sent=1,
    ),
    "interview.started": c.InterviewStarted(interview_id="iv_01", started_at=_T),
    "answer.uploaded": c.AnswerUploaded(
        interview_id="iv_01", answer_id="an_01", question_id="q_01", attempt=1,
        size_bytes=1048576,
    ),
    "answer.scored": c.AnswerScored(
        interview_id="iv_01", answer_id="an_01", question_id="q_01", overall=82, language="en"
    ),
    "answer.failed": c.AnswerFailed(
        interview_id="iv_01", answer_id="an_01", question_id="q_01",
        reason="the recording has no audio track", failure_kind="recording",
    ),
    "interview.completed": c.InterviewCompleted(interview_id="iv_01", completed_at=_T),
    "interview.analyzed": c.InterviewAnalyzed(
        interview_id="iv_01", overall_score=78, recommendation="hire", analysis_version=1
    ),
    "interview.decided": c.InterviewDecided(
        interview_id="iv_01", outcome="advance", note="Strong answers", decided_by="us_01"
    ),
    "interview.expired": c.InterviewExpired(interview_id="iv_01", deadline=_T),
    "interview.deadline_extended": c.InterviewDeadlineExtended(
        interview_id="iv_01", candidate=_CANDIDATE, previous_deadline=_T,
        deadline=datetime(2026, 1, 22, 9, 30, tzinfo=UTC), extended_by="us_01", reopened=True,
    ),
    "template.published": c.TemplatePublished(template_id="tp_01", version=2, name="Backend"),
    "candidate.imported": c.CandidateImported(
        candidate_id="ca_01", name="Ada Lovelace", email="ada@example.com", external=_EXTERNAL
    ),
    "candidate.erased": c.CandidateErased(
        erasure_id="er_01", candidate_ids=["ca_01"], interview_ids=["iv_01"],
        external=[_EXTERNAL], erased_at=_T,
    ),
    "webhook.endpoint_disabled": c.WebhookEndpointDisabled(
        endpoint_id="we_01", url="https://ats.example/hooks",
        reason="every delivery failed for 5 days",
    ),
    "team.member_added": c.TeamMemberAdded(
        user_id="us_02", name="Grace Hopper", role="hr", added_by="us_01"
    ),
    "billing.payment_succeeded": c.PaymentSucceeded(plan="Plus", amount="29.00 EUR"),
    "billing.payment_failed": c.PaymentFailed(plan="Plus", amount="29.00 EUR", grace_until=_T),
    "billing.quota_warning": c.QuotaWarning(
        plan="Plus", used=80, limit=100, percent=80, month="2026-01"
    ),
    "reviewer.assigned": c.ReviewerAssigned(
        interview_id="iv_01", user_id="us_03", assigned_by="us_01"
    ),
    "comment.created": c.CommentCreated(
        comment_id="cm_01", interview_id="iv_01", answer_id="an_01", parent_id=None,
        at_seconds=42.5, author_id="us_01", mentioned_user_ids=["us_03"],
    ),
    "comment.mentioned": c.CommentMentioned(
        comment_id="cm_01", interview_id="iv_01", answer_id="an_01", author_id="us_01",
        mentioned_user_id="us_03",
    ),
    "scorecard.submitted": c.ScorecardSubmitted(
        interview_id="iv_01", reviewer_id="us_03", scorecard_template_id="sc_01",
        recommendation="yes", ratings={"communication": 4, "ownership": 3, "craft": 5},
        first_submission=True,
    ),
    "live_interview.scheduled": c.LiveInterviewScheduled(
        live_interview_id="lv_01", candidate=_CANDIDATE,
        candidate_url="https://app.example/i/live/tok", starts_at=_T, duration_minutes=45,
        interviewer_ids=["us_03"], template_id="tp_01", scheduled_by="us_01",
    ),
    "live_interview.cancelled": c.LiveInterviewCancelled(
        live_interview_id="lv_01", cancelled_at=_T, cancelled_by="us_01"
    ),
    "live_interview.started": c.LiveInterviewStarted(live_interview_id="lv_01", started_at=_T),
    "live_interview.ended": c.LiveInterviewEnded(
        live_interview_id="lv_01", ended_at=_T, ended_by="us_03", duration_seconds=2520
    ),
    "live_interview.analyzed": c.LiveInterviewAnalyzed(
        live_interview_id="lv_01", overall_score=74, recommendation="consider", analysis_version=1
    ),
}  # fmt: skip


def schema_file(event_type: str, version: int) -> Path:
    return SCHEMAS_DIR / f"{event_type}.v{version}.json"


def event_schema(event_type: str) -> dict[str, Any]:
    """JSON Schema of the whole envelope of one event type, its data model inlined."""
    version, model = c.EVENT_TYPES[event_type]
    envelope = c.Event.model_json_schema()
    data = model.model_json_schema()
    defs = data.pop("$defs", {})
    properties = dict(envelope["properties"])
    properties["type"] = {"const": event_type, "title": "Type", "type": "string"}
    properties["version"] = {"const": version, "title": "Version", "type": "integer"}
    properties["data"] = data
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{event_type}.v{version}.json",
        "title": f"{event_type} v{version}",
        "description": (model.__doc__ or "").strip() or f"The {event_type} event.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": envelope["required"],
    }
    if defs:
        schema["$defs"] = defs
    return schema


def example(event_type: str) -> dict[str, Any]:
    version, _ = c.EVENT_TYPES[event_type]
    return c.Event(
        id="01JH8Z6Q4W3YQ0M4D1T7B9K2XA",
        type=event_type,
        version=version,
        time=_T,
        company_id="co_01",
        correlation_id="req-7f3a",
        data=EXAMPLES[event_type].model_dump(mode="json"),
    ).model_dump(mode="json")


def render_schema(event_type: str) -> str:
    return json.dumps(event_schema(event_type), indent=2, sort_keys=True) + "\n"


def render_markdown() -> str:
    lines = [
        "# Events",
        "",
        "Generated by `python -m functions.events.documents` from functions/events/catalog.py;",
        "do not edit by hand. Every event has one envelope; `data` depends on `type` and",
        "`version`. Consumers de-duplicate on `id` (stable across re-sends); `correlation_id`",
        "is the request or pipeline run that caused the event. Webhook deliveries carry the",
        "envelope as their body, signed per Standard Webhooks (`webhook-id` = the event id).",
        "",
        "| Type | Version | Schema |",
        "| --- | --- | --- |",
    ]
    for event_type, (version, _) in sorted(c.EVENT_TYPES.items()):
        path = f"functions/events/schemas/{event_type}.v{version}.json"
        lines.append(f"| `{event_type}` | {version} | [{path}](../{path}) |")
    for event_type, (version, model) in sorted(c.EVENT_TYPES.items()):
        fields = ", ".join(f"`{name}`" for name in model.model_fields)
        lines += [
            "",
            f"## {event_type} (v{version})",
            "",
            f"Data fields: {fields}.",
            "",
            "```json",
            json.dumps(example(event_type), indent=2),
            "```",
        ]
    return "\n".join(lines) + "\n"


def expected_files() -> dict[Path, str]:
    files = {schema_file(t, v): render_schema(t) for t, (v, _) in c.EVENT_TYPES.items()}
    files[DOCS_PAGE] = render_markdown()
    return files


def main() -> None:
    SCHEMAS_DIR.mkdir(exist_ok=True)
    for stale in SCHEMAS_DIR.glob("*.json"):
        stale.unlink()
    for path, text in expected_files().items():
        path.write_text(text)


if __name__ == "__main__":
    main()
