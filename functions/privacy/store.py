"""The privacy use cases' view of the single table (imported by wiring at run time).

    export     pk=COMPANY#<cid>  sk=PRIVACY_EXPORT#<id>    (names the candidate: erased with them)
    request    pk=COMPANY#<cid>  sk=PRIVACY_REQUEST#<id>   (names the candidate: erased with them)
    tombstone  pk=COMPANY#<cid>  sk=ERASURE#<id>           (anonymous: ids and counts)

Live interviews (functions/live's items, read and deleted here): LIVE#<id> with the candidate's
name and address, its signalling connections LIVECONN#<id>#<conn> (with WSCONN#<conn>), and
what was said: transcript lines LIVETX#<id>#..., their numbers LIVETXSEQ#<id>#..., the cloud
transcriber's audio chunks LIVEAUDIO#<id>#... (TTL an hour, deleted at once all the same).

Erasure deletes by key prefix inside the company's own partitions (Queries, never a Scan): the
interview's own items, and among the short-lived items (outbox events, webhook deliveries, the
bell's notifications, exports, requests, and the idempotent responses kept for retried POSTs)
those whose stored text contains the candidate's address or one of their ids.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from pynamodb.exceptions import PutError
from pynamodb.transactions import TransactWrite

from functions.analytics.rebuild import facts_from_state
from functions.analytics.store import AnalyticsStore
from functions.domain.analyses import AnalysisVersion
from functions.domain.interviews import Interview
from functions.events.catalog import Event
from functions.integrations.models import CandidateProfile
from functions.integrations.store import CandidateRepository
from functions.live.domain import LiveInterview
from functions.live.store import (
    ConnectionRepository,
    LiveInterviewRepository,
    LiveNoteRepository,
    LiveTranscriptRepository,
)
from functions.privacy.models import CandidateExport, DataRequest, Erasure
from functions.storage import sealing
from functions.storage.audit import audit_records, new_only
from functions.storage.records import Record
from functions.storage.repositories import (
    InterviewRepository,
    _connection,
    _is_condition_failure,
    _load,
    _save,
    company_pk,
    outbox_record,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import WriteRequestTypeDef

# An interview's own items, by sort-key prefix (after the kind's name: <interview id>#).
INTERVIEW_PARTS = {
    "answers": "ANSWER#",
    "analyses": "ANALYSIS#",
    "comments": "COMMENT#",
    "scorecards": "SCORECARD#",
    "decisions": "DECISION#",  # the decision history (notes about the candidate)
}
# Erased with the interview, not exported: a hiring manager's links to it.
INTERVIEW_ACCESS = {"share_links": "SHARE#"}
# What a live interview's participants said (functions/live/store.py), by live interview id.
LIVE_TRANSCRIPT_PREFIXES = ("LIVETX#", "LIVETXSEQ#", "LIVEAUDIO#")

# Short-lived items that may quote a candidate (their address, or an id of theirs).
MENTIONING_PREFIXES = (
    "OUTBOX#",
    "WHDELIVERY#",
    "NOTIFICATION#",
    "PRIVACY_EXPORT#",
    "PRIVACY_REQUEST#",
)
TRANSACTION_ITEMS = 100  # DynamoDB's TransactWriteItems limit
_BATCH = 25  # BatchWriteItem's limit


def readable_text(company_id: str, item: dict[str, Any]) -> str:
    """An item's text with its sealed personal data opened (functions/storage/sealing.py), so
    the erasure finds the candidate's address in what the table holds as ciphertext.
    `company_id`: whose idempotency records these are, when their key does not say."""
    if "response" in item:  # Powertools' idempotency record: the saved response is sealed
        pk = str(item.get("pk", {}).get("S", ""))
        owner = pk.removeprefix("COMPANY#").removesuffix("#IDEMPOTENCY") if pk else company_id
        try:
            saved = sealing.open_value(owner, "idempotency", json.loads(item["response"]["S"]))
        except (KeyError, TypeError, ValueError, InvalidTag):
            saved = None
        return json.dumps([item, saved], ensure_ascii=False, default=str)
    if "kind" in item and "data" in item:
        opened = Record.from_raw_data(item).data.as_dict()  # type: ignore[no-untyped-call]
        return json.dumps([item, opened], ensure_ascii=False, default=str)
    return json.dumps(item, ensure_ascii=False, default=str)


def _export_sk(export_id: str) -> str:
    return f"PRIVACY_EXPORT#{export_id}"


def _request_sk(request_id: str) -> str:
    return f"PRIVACY_REQUEST#{request_id}"


class PrivacyStore:
    def __init__(self, client: DynamoDBClient, table: str) -> None:
        self._db = client
        self._table = table
        self._interviews = InterviewRepository()
        self._directory = CandidateRepository()
        self._analytics = AnalyticsStore()
        self._lives = LiveInterviewRepository()
        self._connections = ConnectionRepository()
        self._notes = LiveNoteRepository()
        self._transcripts = LiveTranscriptRepository()

    # Reads ------------------------------------------------------------------------------

    def directory_entries(self, company_id: str, email: str) -> list[CandidateProfile]:
        return self._directory.by_email(company_id, email)

    def interviews(self, company_id: str) -> Iterator[Interview]:
        for record in Record.query(company_pk(company_id), Record.sk.startswith("INTERVIEW#")):
            yield _load(Interview, record)

    def interview(self, company_id: str, interview_id: str) -> Interview | None:
        found = self._interviews.get(company_id, interview_id)
        return found[0] if found else None

    def live_interviews(self, company_id: str) -> Iterator[LiveInterview]:
        return self._lives.every(company_id)

    def live_interview(self, company_id: str, live_id: str) -> LiveInterview | None:
        found = self._lives.get(company_id, live_id)
        return found[0] if found else None

    def interview_items(self, company_id: str, interview_id: str) -> dict[str, list[Any]]:
        pk = company_pk(company_id)
        return {
            name: [
                r.data.as_dict()  # type: ignore[no-untyped-call]
                for r in Record.query(pk, Record.sk.startswith(f"{prefix}{interview_id}#"))
            ]
            for name, prefix in INTERVIEW_PARTS.items()
        }

    def live_items(self, company_id: str, live_id: str) -> dict[str, list[Any]]:
        pk = company_pk(company_id)
        notes = Record.query(pk, Record.sk.startswith(f"LIVENOTE#{live_id}#"))
        lines = self._transcripts.confirmed(company_id, live_id)
        return {
            "notes": [r.data.as_dict() for r in notes],  # type: ignore[no-untyped-call]
            "transcript": [
                line.model_dump(mode="json") for line in lines if line.role == "candidate"
            ],
        }

    def keep_analytics(self, interview: Interview) -> None:
        facts, _ = self._analytics.facts(interview.company_id, interview.id)
        if facts is not None:
            return
        answers = [a for a, _ in self._interviews.answers(interview.company_id, interview.id)]
        versions: list[AnalysisVersion] = self._interviews.analysis_versions(
            interview.company_id, interview.id
        )
        try:
            self._analytics.put_facts(
                interview.company_id, facts_from_state(interview, answers, versions)
            )
        except PutError as error:  # the projector wrote them meanwhile
            if not _is_condition_failure(error):
                raise

    # Exports and requests ---------------------------------------------------------------

    def exports(self, company_id: str, email: str) -> list[CandidateExport]:
        # The address is sealed in the table: matched once opened, not by a filter expression.
        records = Record.query(company_pk(company_id), Record.sk.startswith("PRIVACY_EXPORT#"))
        found = [_load(CandidateExport, r) for r in records]
        return [e for e in found if e.email == email]

    def add_export(self, export: CandidateExport) -> None:
        record = Record(
            company_pk(export.company_id),
            _export_sk(export.id),
            kind="privacy_export",
            data=export.model_dump(mode="json"),
        )
        _save(record, None, f"export {export.id}")

    def export(self, company_id: str, export_id: str) -> CandidateExport | None:
        try:
            record = Record.get(company_pk(company_id), _export_sk(export_id))
        except Record.DoesNotExist:
            return None
        return _load(CandidateExport, record)

    def requests(self, company_id: str, email: str | None = None) -> list[DataRequest]:
        records = Record.query(
            company_pk(company_id),
            Record.sk.startswith("PRIVACY_REQUEST#"),
            scan_index_forward=False,
        )
        found = [_load(DataRequest, r) for r in records]
        # The address is sealed in the table: matched once opened, not by a filter expression.
        return found if email is None else [r for r in found if r.email == email]

    def request(self, company_id: str, request_id: str) -> tuple[DataRequest, int] | None:
        try:
            record = Record.get(
                company_pk(company_id), _request_sk(request_id), consistent_read=True
            )
        except Record.DoesNotExist:
            return None
        return _load(DataRequest, record), int(record.revision)

    def _request_record(self, request: DataRequest) -> Record:
        return Record(
            company_pk(request.company_id),
            _request_sk(request.id),
            kind="privacy_request",
            status=request.status.value,
            data=request.model_dump(mode="json"),
        )

    def add_request(self, request: DataRequest) -> None:
        _save(self._request_record(request), None, f"data request {request.id}")

    def save_request(self, request: DataRequest, revision: int) -> int:
        return _save(self._request_record(request), revision, f"data request {request.id}")

    # Erasure ----------------------------------------------------------------------------

    def _items(self, pk: str, prefix: str | None) -> Iterator[dict[str, Any]]:
        """Raw items (any shape: the idempotency records are Powertools')."""
        values: dict[str, Any] = {":pk": {"S": pk}}
        condition = "pk = :pk"
        if prefix is not None:
            values[":prefix"] = {"S": prefix}
            condition += " AND begins_with(sk, :prefix)"
        pages = self._db.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=values,
            ConsistentRead=True,
        )
        for page in pages:
            yield from page.get("Items", [])

    def _delete(self, items: Iterable[dict[str, Any]]) -> int:
        requests: list[WriteRequestTypeDef] = [
            {"DeleteRequest": {"Key": {"pk": item["pk"], "sk": item["sk"]}}} for item in items
        ]
        for start in range(0, len(requests), _BATCH):
            pending = requests[start : start + _BATCH]
            for attempt in range(8):
                answer = self._db.batch_write_item(RequestItems={self._table: pending})
                unprocessed = answer.get("UnprocessedItems", {}).get(self._table, [])
                pending = [
                    {"DeleteRequest": {"Key": u["DeleteRequest"]["Key"]}} for u in unprocessed
                ]
                if not pending:
                    break
                time.sleep(0.05 * 2**attempt)
            if pending:
                raise RuntimeError(f"DynamoDB kept {len(pending)} items it was asked to delete")
        return len(requests)

    def erase_interview_parts(self, company_id: str, interview_id: str) -> int:
        pk = company_pk(company_id)
        found = [
            item
            for prefix in [*INTERVIEW_PARTS.values(), *INTERVIEW_ACCESS.values()]
            for item in self._items(pk, f"{prefix}{interview_id}#")
        ]
        return self._delete(found)

    def erase_live_parts(self, company_id: str, live_id: str) -> int:
        connections = self._connections.in_session(company_id, live_id)
        for connection in connections:
            self._connections.remove(connection)
        pk = company_pk(company_id)
        spoken = [  # the live transcript, its line numbers, the cloud's audio not yet expired
            item
            for prefix in LIVE_TRANSCRIPT_PREFIXES
            for item in self._items(pk, f"{prefix}{live_id}#")
        ]
        notes = self._notes.delete_all(company_id, live_id)
        return 2 * len(connections) + notes + self._delete(spoken)

    def erase_mentions(self, company_id: str, needles: Iterable[str]) -> int:
        wanted = [n.lower() for n in needles if n]
        pk = company_pk(company_id)
        sources = [self._items(pk, prefix) for prefix in MENTIONING_PREFIXES]
        sources.append(self._items(f"{pk}#IDEMPOTENCY", None))
        found = [
            item
            for source in sources
            for item in source
            if any(n in readable_text(company_id, item).lower() for n in wanted)
        ]
        return self._delete(found)

    def finish_erasure(
        self, erasure: Erasure, interview_ids: list[str], candidate_ids: list[str], event: Event
    ) -> None:
        pk = company_pk(erasure.company_id)
        keys = (
            [f"INTERVIEW#{i}" for i in interview_ids]
            + [f"LIVE#{i}" for i in erasure.live_interview_ids]
            + [f"CANDIDATE#{c}" for c in candidate_ids]
        )
        tombstone = Record(
            pk, f"ERASURE#{erasure.id}", kind="candidate_erasure",
            data=erasure.model_dump(mode="json"),
        )  # fmt: skip
        entries = audit_records(tombstone)
        room = TRANSACTION_ITEMS - 2 - len(entries)
        # Beyond one transaction (a person with ~100 interviews): the rest go first.
        self._delete({"pk": {"S": pk}, "sk": {"S": sk}} for sk in keys[room:])
        with TransactWrite(connection=_connection()) as transaction:
            for sk in keys[:room]:
                transaction.delete(Record(pk, sk))
            transaction.save(tombstone, condition=Record.pk.does_not_exist())
            for entry in entries:
                transaction.save(entry, condition=new_only())
            transaction.save(outbox_record(event), condition=Record.pk.does_not_exist())
