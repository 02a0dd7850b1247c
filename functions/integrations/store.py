"""Repositories of the integration items in the single table (REST hook subscriptions are
webhook endpoints: functions/webhooks/repository.py).

    api key    pk=COMPANY#<cid>  sk=APIKEY#<kid>     gsi1pk=APIKEY#<sha256 of the key>
    job        pk=COMPANY#<cid>  sk=JOB#<jid>        gsi1pk=COMPANY#<cid>#JOBEXT#<source>#<ext id>
    candidate  pk=COMPANY#<cid>  sk=CANDIDATE#<id>   gsi1pk=COMPANY#<cid>#CANDEXT#<source>#<ext id>
                                                     gsi2pk=COMPANY#<cid>#CANDEMAIL#<blind index>
Imported jobs and candidates get an id derived from (source, external id), and are first
written only where that id does not exist: two concurrent imports of one record make one item.
"""

from __future__ import annotations

from collections.abc import Sequence

from functions.events.catalog import Event, ExternalIds
from functions.integrations.models import ApiKey, CandidateProfile, Job
from functions.storage import pii
from functions.storage.records import Record
from functions.storage.repositories import (
    _load,
    _save,
    company_pk,
    write_record,
)


def external_key(external: ExternalIds, what: str) -> str:
    own_id = external.candidate_id if what == "CANDEXT" else external.job_id
    return f"{what}#{external.source or 'api'}#{own_id}"


class ApiKeyRepository:
    def _record(self, key: ApiKey) -> Record:
        return Record(
            company_pk(key.company_id),
            f"APIKEY#{key.id}",
            kind="api_key",
            status="active" if key.active else "revoked",
            data=key.model_dump(mode="json"),
            gsi1pk=f"APIKEY#{key.key_hash}",
            gsi1sk="APIKEY",
        )

    def add(self, key: ApiKey) -> None:
        _save(self._record(key), None, "api key")

    def save(self, key: ApiKey, revision: int) -> int:
        return _save(self._record(key), revision, f"api key {key.id}")

    def get(self, company_id: str, key_id: str) -> tuple[ApiKey, int] | None:
        try:
            record = Record.get(company_pk(company_id), f"APIKEY#{key_id}")
        except Record.DoesNotExist:
            return None
        return _load(ApiKey, record), int(record.revision)

    def by_hash(self, key_hash: str) -> ApiKey | None:
        for record in Record.by_gsi1.query(f"APIKEY#{key_hash}", limit=1):
            if record.kind == "api_key":
                return _load(ApiKey, record)
        return None

    def list(self, company_id: str) -> list[ApiKey]:
        records = Record.query(company_pk(company_id), Record.sk.startswith("APIKEY#"))
        return [_load(ApiKey, r) for r in records]


class JobRepository:
    def _record(self, job: Job) -> Record:
        pk = company_pk(job.company_id)
        return Record(
            pk,
            f"JOB#{job.id}",
            kind="job",
            data=job.model_dump(mode="json"),
            gsi1pk=f"{pk}#{external_key(job.external, 'JOBEXT')}",
            gsi1sk="JOB",
        )

    def get(self, company_id: str, job_id: str) -> tuple[Job, int] | None:
        try:
            record = Record.get(company_pk(company_id), f"JOB#{job_id}", consistent_read=True)
        except Record.DoesNotExist:
            return None
        return _load(Job, record), int(record.revision)

    def add(self, job: Job) -> None:
        _save(self._record(job), None, f"job {job.id}")

    def save(self, job: Job, revision: int) -> int:
        return _save(self._record(job), revision, f"job {job.id}")

    def by_external(self, company_id: str, external: ExternalIds) -> Job | None:
        key = f"{company_pk(company_id)}#{external_key(external, 'JOBEXT')}"
        for record in Record.by_gsi1.query(key, limit=1):
            return _load(Job, record)
        return None


class CandidateRepository:
    def _record(self, candidate: CandidateProfile) -> Record:
        pk = company_pk(candidate.company_id)
        record = Record(
            pk,
            f"CANDIDATE#{candidate.id}",
            kind="candidate",
            data=candidate.model_dump(mode="json"),
            gsi2pk=f"{pk}#CANDEMAIL#{pii.candidate_index(candidate.company_id, candidate.email)}",
            gsi2sk=f"CANDIDATE#{candidate.id}",
        )
        if candidate.external is not None:
            record.gsi1pk = f"{pk}#{external_key(candidate.external, 'CANDEXT')}"
            record.gsi1sk = "CANDIDATE"
        return record

    def get(self, company_id: str, candidate_id: str) -> tuple[CandidateProfile, int] | None:
        try:
            record = Record.get(
                company_pk(company_id), f"CANDIDATE#{candidate_id}", consistent_read=True
            )
        except Record.DoesNotExist:
            return None
        return _load(CandidateProfile, record), int(record.revision)

    def add(self, candidate: CandidateProfile, events: Sequence[Event] = ()) -> None:
        write_record(self._record(candidate), None, f"candidate {candidate.id}", events)

    def save(self, candidate: CandidateProfile, revision: int, events: Sequence[Event] = ()) -> int:
        return write_record(self._record(candidate), revision, f"candidate {candidate.id}", events)

    def by_external(self, company_id: str, external: ExternalIds) -> CandidateProfile | None:
        key = f"{company_pk(company_id)}#{external_key(external, 'CANDEXT')}"
        for record in Record.by_gsi1.query(key, limit=1):
            return _load(CandidateProfile, record)
        return None

    def by_email(self, company_id: str, email: str) -> list[CandidateProfile]:
        key = f"{company_pk(company_id)}#CANDEMAIL#{pii.candidate_index(company_id, email)}"
        return [_load(CandidateProfile, r) for r in Record.by_gsi2.query(key)]

    def all(self, company_id: str) -> list[CandidateProfile]:
        records = Record.query(company_pk(company_id), Record.sk.startswith("CANDIDATE#"))
        return [_load(CandidateProfile, r) for r in records]
