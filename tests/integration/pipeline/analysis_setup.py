"""An interview whose answers are granted and transcribed without any media (no upload, so no
process-answer run): the analysis steps' tests start from here to stay fast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.analysis.offline import OfflineAnalyzer
from functions.domain.interviews import Answer, AnswerStatus
from functions.local.provision import LocalResources
from functions.media import scoring
from functions.media.use_cases import AnswerRef, change_answer
from tests.integration.api.conftest import (
    Tenant,
    candidate_headers,
    give_consent,
    invite,
    published_template,
)

TRANSCRIPT = (
    "I calmed the angry customer by listening first, repeating the problem back to them, "
    "and then I offered a refund and followed up the next day to make sure it was solved."
)


@dataclass
class Transcribed:
    interview_id: str
    refs: list[AnswerRef]


def transcribed_interview(
    client: TestClient,
    tenant: Tenant,
    resources: LocalResources,
    questions: int = 1,
    ideal_answer: str | None = None,
    candidate_language: str = "es",
    human_review_only: bool = False,
) -> Transcribed:
    template = published_template(
        client,
        tenant.hr,
        questions=[
            {
                "text": f"How do you calm an angry customer? ({n})",
                "time_limit_seconds": 15,
                "ideal_answer": ideal_answer,
            }
            for n in range(questions)
        ],
    )
    candidate = {"name": "Carla Candidate", "email": "carla@example.com"}
    invitation = invite(
        client,
        tenant.hr,
        template["id"],
        consent=False,
        candidate={**candidate, "language": candidate_language},
    )
    give_consent(client, invitation, human_review_only=human_review_only)
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    refs = []
    for n, question in enumerate(session["questions"]):
        grant = client.post(
            "/candidate/answers",
            json={"question_id": question["id"], "content_type": "video/webm", "size_bytes": 9},
            headers=candidate_headers(invitation),
        )
        assert grant.status_code == 201, grant.text
        answer_id = grant.json()["answer_id"]
        found = wiring.interviews().answer(tenant.company_id, invitation["id"], answer_id)
        assert found is not None
        ref = AnswerRef(
            company_id=tenant.company_id,
            interview_id=invitation["id"],
            answer_id=answer_id,
            bucket=resources.uploads_bucket,
            key=found[0].object_key,
            correlation_id=f"corr-{answer_id}-{n}",
        )

        def transcribed(answer: Answer) -> Answer:
            update: dict[str, Any] = {
                "status": AnswerStatus.TRANSCRIBED,
                "transcript": TRANSCRIPT,
                "language": "en",
            }
            return answer.model_copy(update=update)

        change_answer(wiring.interviews(), ref, transcribed)
        refs.append(ref)
    return Transcribed(interview_id=invitation["id"], refs=refs)


def score(ref: AnswerRef) -> None:
    """ScoreAnswer's use case, with the offline analyzer (the step under test comes after)."""
    scoring.score_answer(wiring.interviews(), OfflineAnalyzer(), ref)
