"""Payload shapes the inbound API accepts, each read into one normalized import record.

- ours (`source: "api"`): {external_id, name, email, language, phone, tags, skills, job_external_id}
- Greenhouse (`source: "greenhouse"`): a candidate {id, first_name, last_name,
  email_addresses[{value, type}], phone_numbers, tags, applications[{jobs[{id, name}]}]}, an
  application {id, candidate, jobs[{id, name}]}, or the webhook body {payload: {application}};
  jobs {id, name, offices[{name}]}
- Lever (`source: "lever"`): an opportunity {id, name, emails[], phones[{value}], tags,
  applications[{posting}] or posting}; postings {id, text, categories{location}}
Pure functions: no I/O, so every shape is unit-tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from functions.domain.companies import Language
from functions.domain.errors import InvalidInput
from functions.domain.text import Email, SingleLine
from functions.events.catalog import ExternalIds
from functions.integrations.models import Source

Label = Annotated[SingleLine, Field(max_length=100)]  # a tag or a skill


class CandidateImport(BaseModel):
    """Our own candidate shape, and what every other shape is read into."""

    model_config = ConfigDict(extra="forbid")

    external_id: SingleLine = Field(min_length=1, max_length=128)
    name: SingleLine = Field(min_length=1, max_length=200)
    email: Email
    language: Language = "en"
    phone: SingleLine | None = Field(default=None, max_length=64)
    tags: list[Label] = Field(default_factory=list, max_length=50)
    skills: list[Label] = Field(default_factory=list, max_length=50)
    job_external_id: SingleLine | None = Field(default=None, max_length=128)

    def external(self, source: Source) -> ExternalIds:
        return ExternalIds(
            source=source, candidate_id=self.external_id, job_id=self.job_external_id
        )


class JobImport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    external_id: SingleLine = Field(min_length=1, max_length=128)
    title: SingleLine = Field(min_length=1, max_length=300)
    location: SingleLine | None = Field(default=None, max_length=200)


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class _Value(_Loose):
    value: str
    type: str | None = None


class _GreenhouseJob(_Loose):
    id: str
    name: str | None = None


class _GreenhouseApplication(_Loose):
    id: str | None = None
    jobs: list[_GreenhouseJob] = Field(default_factory=list)


class _GreenhouseCandidate(_Loose):
    id: str
    first_name: str = ""
    last_name: str = ""
    email_addresses: list[_Value] = Field(default_factory=list)
    phone_numbers: list[_Value] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    applications: list[_GreenhouseApplication] = Field(default_factory=list)


class _LeverPosting(_Loose):
    id: str


class _LeverApplication(_Loose):
    posting: str | _LeverPosting | None = None


class _LeverOpportunity(_Loose):
    id: str
    name: str
    emails: list[str] = Field(default_factory=list)
    phones: list[_Value] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    applications: list[_LeverApplication | str] = Field(default_factory=list)
    posting: str | _LeverPosting | None = None


def _first_email(values: list[str], what: str) -> str:
    if not values:
        raise InvalidInput(f"{what} has no email address; the candidate needs one to be invited")
    return values[0]


def _greenhouse_candidate(item: dict[str, Any]) -> CandidateImport:
    body = item.get("payload", {}).get("application", item) if "payload" in item else item
    jobs: list[_GreenhouseJob] = []
    if "candidate" in body:  # an application with its candidate
        jobs = _GreenhouseApplication.model_validate(body).jobs
        body = body["candidate"]
    candidate = _GreenhouseCandidate.model_validate(body)
    jobs = jobs or [job for app in candidate.applications for job in app.jobs]
    personal = [e.value for e in candidate.email_addresses if e.type == "personal"]
    email = _first_email(personal + [e.value for e in candidate.email_addresses], "candidate")
    name = f"{candidate.first_name} {candidate.last_name}".strip() or email
    return CandidateImport(
        external_id=candidate.id,
        name=name,
        email=email,
        phone=candidate.phone_numbers[0].value if candidate.phone_numbers else None,
        tags=candidate.tags,
        job_external_id=jobs[0].id if jobs else None,
    )


def _posting_id(posting: str | _LeverPosting | None) -> str | None:
    return posting.id if isinstance(posting, _LeverPosting) else posting


def _lever_candidate(item: dict[str, Any]) -> CandidateImport:
    opportunity = _LeverOpportunity.model_validate(item)
    postings = [
        _posting_id(app.posting) for app in opportunity.applications if not isinstance(app, str)
    ]
    job = _posting_id(opportunity.posting) or next((p for p in postings if p), None)
    return CandidateImport(
        external_id=opportunity.id,
        name=opportunity.name,
        email=_first_email(opportunity.emails, "opportunity"),
        phone=opportunity.phones[0].value if opportunity.phones else None,
        tags=opportunity.tags,
        job_external_id=job,
    )


def read_candidate(source: Source, item: dict[str, Any]) -> CandidateImport:
    """One candidate of any accepted shape; a refusal names the record and the field."""
    readers: dict[str, Callable[[dict[str, Any]], CandidateImport]] = {
        "api": CandidateImport.model_validate,
        "greenhouse": _greenhouse_candidate,
        "lever": _lever_candidate,
    }
    try:
        return readers[source](item)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidInput(f"{source} candidate: {field}: {first['msg']}") from None


def read_job(source: Source, item: dict[str, Any]) -> JobImport:
    try:
        if source == "greenhouse":
            offices = item.get("offices") or [{}]
            return JobImport(
                external_id=str(item["id"]), title=item["name"], location=offices[0].get("name")
            )
        if source == "lever":
            location = (item.get("categories") or {}).get("location")
            return JobImport(external_id=str(item["id"]), title=item["text"], location=location)
        return JobImport.model_validate(item)
    except KeyError as missing:
        raise InvalidInput(f"{source} job: {missing.args[0]} is required") from None
    except ValidationError as error:
        first = error.errors()[0]
        raise InvalidInput(f"{source} job: {first['loc']}: {first['msg']}") from None
