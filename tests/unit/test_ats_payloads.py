"""The payload shapes the inbound API reads (ours, Greenhouse, Lever), hook URLs and samples."""

from __future__ import annotations

import pytest

from functions.domain.errors import InvalidInput, NotFound
from functions.events.catalog import EVENT_TYPES, Event, parse_data
from functions.integrations import ats, hooks

GREENHOUSE_CANDIDATE = {
    "id": 53883394,
    "first_name": "John",
    "last_name": "Locke",
    "company": "The Tustin Box Company",
    "email_addresses": [
        {"value": "work@example.com", "type": "work"},
        {"value": "john.locke@example.com", "type": "personal"},
    ],
    "phone_numbers": [{"value": "555-555-5555", "type": "mobile"}],
    "tags": ["Walkabout", "Orientation"],
    "applications": [{"id": 69306509, "jobs": [{"id": 107761, "name": "UX Designer"}]}],
}
LEVER_OPPORTUNITY = {
    "id": "250d8f03-738a-4bba-a671-8a3d73477145",
    "name": "Shane Smith",
    "headline": "Brickly LLC, Vandelay Industries",
    "emails": ["shane@example.com"],
    "phones": [{"type": "mobile", "value": "(123) 456-7891"}],
    "tags": ["San Francisco", "Full-time"],
    "applications": [
        {"id": "cdb2fda8", "posting": "f2f01e16-27f8-4711-a728-7d49499795a0", "type": "posting"}
    ],
}


def test_greenhouse_candidate() -> None:
    item = ats.read_candidate("greenhouse", GREENHOUSE_CANDIDATE)
    assert item.external_id == "53883394"
    assert item.name == "John Locke"
    assert item.email == "john.locke@example.com"  # the personal address first
    assert item.job_external_id == "107761"
    assert item.tags == ["Walkabout", "Orientation"]
    assert item.external("greenhouse").candidate_id == "53883394"


def test_greenhouse_application_and_webhook_body() -> None:
    application = {
        "id": 69306509,
        "candidate": {**GREENHOUSE_CANDIDATE, "applications": []},
        "jobs": [{"id": 4012, "name": "Backend"}],
    }
    webhook = {"action": "new_candidate_application", "payload": {"application": application}}
    for body in (application, webhook):
        item = ats.read_candidate("greenhouse", body)
        assert (item.external_id, item.job_external_id) == ("53883394", "4012")


def test_lever_opportunity() -> None:
    item = ats.read_candidate("lever", LEVER_OPPORTUNITY)
    assert item.external_id == "250d8f03-738a-4bba-a671-8a3d73477145"
    assert item.name == "Shane Smith" and item.email == "shane@example.com"
    assert item.phone == "(123) 456-7891"
    assert item.job_external_id == "f2f01e16-27f8-4711-a728-7d49499795a0"


def test_our_own_shape_refuses_unknown_fields() -> None:
    ok = {"external_id": "c-1", "name": "Ana", "email": "ana@example.com", "language": "es"}
    assert ats.read_candidate("api", ok).language == "es"
    with pytest.raises(InvalidInput, match="first_name"):
        ats.read_candidate("api", {**ok, "first_name": "x"})


def test_a_candidate_without_email_is_refused_with_a_reason() -> None:
    with pytest.raises(InvalidInput, match="no email"):
        ats.read_candidate("lever", {**LEVER_OPPORTUNITY, "emails": []})
    with pytest.raises(InvalidInput, match="email"):
        ats.read_candidate("greenhouse", {**GREENHOUSE_CANDIDATE, "email_addresses": []})


def test_jobs_of_each_shape() -> None:
    greenhouse = {"id": 107761, "name": "UX Designer", "offices": [{"name": "Berlin"}]}
    lever = {"id": "f2f0", "text": "Backend", "categories": {"location": "Madrid"}}
    assert ats.read_job("greenhouse", greenhouse).model_dump() == {
        "external_id": "107761",
        "title": "UX Designer",
        "location": "Berlin",
    }
    assert ats.read_job("lever", lever).location == "Madrid"
    assert ats.read_job("api", {"external_id": "j", "title": "T"}).title == "T"
    with pytest.raises(InvalidInput, match="name"):
        ats.read_job("greenhouse", {"id": 1})


@pytest.mark.parametrize(
    ("url", "loopback", "ok"),
    [
        ("https://93.184.215.14/hooks/standard/1/abc", False, True),  # no DNS in tests
        ("https://10.0.0.1/x", False, False),  # the webhook SSRF rule, not only the scheme
        ("https://169.254.169.254/latest/meta-data", True, False),
        ("http://hooks.zapier.com/x", False, False),
        ("http://localhost:9000/x", False, False),
        ("http://localhost:9000/x", True, True),
        ("http://10.0.0.1/x", True, False),
        ("ftp://example.com/x", True, False),
        ("not a url", False, False),
    ],
)
def test_target_url(url: str, loopback: bool, ok: bool) -> None:
    if ok:
        assert hooks.validate_target_url(url, allow_loopback=loopback) == url
    else:
        with pytest.raises(InvalidInput):
            hooks.validate_target_url(url, allow_loopback=loopback)


def test_event_types_must_be_known() -> None:
    assert hooks.validate_event_types(["interview.analyzed", "interview.analyzed"]) == [
        "interview.analyzed"
    ]
    with pytest.raises(InvalidInput, match="unknown"):
        hooks.validate_event_types(["interview.exploded"])


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_every_event_type_has_a_valid_sample(event_type: str) -> None:
    envelope = Event.model_validate(hooks.sample(event_type))
    assert envelope.type == event_type
    parse_data(envelope)  # the data matches the catalog model


def test_unknown_sample() -> None:
    with pytest.raises(NotFound):
        hooks.sample("nope")
