"""A generated history of interviews as bus events, with the ground truth it was made from."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from functions.analytics.counters import Counters, Slice, add
from functions.domain.ids import new_id
from functions.events import catalog as c

START = datetime(2026, 3, 1, tzinfo=UTC)
LANGS = ("en", "ru", "de", "es")


@dataclass
class Truth:
    interview_id: str
    template_id: str
    language: str
    invited: datetime
    started: datetime | None = None
    completed: datetime | None = None
    analyzed: datetime | None = None
    score: int | None = None
    recommendation: str | None = None
    decisions: list[tuple[datetime, str]] = field(default_factory=list)
    expired: bool = False
    answers: dict[str, tuple[int, str]] = field(default_factory=dict)  # qid -> (score, lang)
    uploaded: list[str] = field(default_factory=list)


def _event(data: c.EventData, company: str, at: datetime) -> c.Event:
    event = c.new_event(data, company_id=company)
    return event.model_copy(update={"time": at, "id": f"{at.isoformat()}-{new_id()}"})


def _recommendation(score: int) -> str:
    return "hire" if score >= 75 else "consider" if score >= 50 else "reject"


def generate(
    company: str, templates: dict[str, list[str]], count: int, seed: int = 7
) -> tuple[list[Truth], list[c.Event]]:
    rng = random.Random(seed)
    truths, events = [], []
    for _ in range(count):
        template_id = rng.choice(sorted(templates))
        questions = templates[template_id]
        invited = START + timedelta(seconds=rng.randrange(0, 75 * 86400))
        t = Truth(new_id(), template_id, rng.choice(LANGS), invited)
        truths.append(t)
        events.append(
            _event(
                c.InterviewCreated(
                    interview_id=t.interview_id,
                    template_id=template_id,
                    template_version=1,
                    candidate=c.CandidateRef(name="X", email="x@example.com", language=t.language),  # type: ignore[arg-type]
                    deadline=invited + timedelta(days=30),
                    created_by="u",
                ),
                company,
                invited,
            )
        )
        if rng.random() < 0.2:
            continue
        t.started = invited + timedelta(seconds=rng.randrange(60, 5 * 86400))
        events.append(
            _event(
                c.InterviewStarted(interview_id=t.interview_id, started_at=t.started),
                company,
                t.started,
            )
        )
        answered = len(questions) if rng.random() < 0.75 else rng.randrange(0, len(questions))
        at = t.started
        bias = {"en": 0, "ru": -14, "de": 3, "es": 0}[t.language]
        for qid in questions[:answered]:
            at += timedelta(seconds=rng.randrange(30, 600))
            t.uploaded.append(qid)
            events.append(
                _event(
                    c.AnswerUploaded(
                        interview_id=t.interview_id,
                        answer_id=new_id(),
                        question_id=qid,
                        attempt=1,
                        size_bytes=10,
                    ),
                    company,
                    at,
                )
            )
            score = max(0, min(100, int(rng.gauss(62 + bias, 18))))
            answer_lang = t.language if rng.random() < 0.9 else "en"
            if rng.random() < 0.15:  # a first score replaced by a later one (re-score)
                events.append(
                    _event(
                        c.AnswerScored(
                            interview_id=t.interview_id,
                            answer_id=new_id(),
                            question_id=qid,
                            overall=rng.randrange(101),
                            language=answer_lang,
                        ),
                        company,
                        at + timedelta(seconds=5),
                    )
                )
            t.answers[qid] = (score, answer_lang)
            events.append(
                _event(
                    c.AnswerScored(
                        interview_id=t.interview_id,
                        answer_id=new_id(),
                        question_id=qid,
                        overall=score,
                        language=answer_lang,
                    ),
                    company,
                    at + timedelta(seconds=9),
                )
            )
        if answered < len(questions):
            t.expired = True
            events.append(
                _event(
                    c.InterviewExpired(
                        interview_id=t.interview_id, deadline=invited + timedelta(days=30)
                    ),
                    company,
                    invited + timedelta(days=30),
                )
            )
            continue
        t.completed = at + timedelta(seconds=20)
        events.append(
            _event(
                c.InterviewCompleted(interview_id=t.interview_id, completed_at=t.completed),
                company,
                t.completed,
            )
        )
        t.analyzed = t.completed + timedelta(seconds=rng.randrange(30, 900))
        t.score = round(sum(s for s, _ in t.answers.values()) / len(t.answers))
        t.recommendation = _recommendation(t.score)
        events.append(
            _event(
                c.InterviewAnalyzed(
                    interview_id=t.interview_id,
                    overall_score=t.score,
                    recommendation=t.recommendation,
                    analysis_version=1,
                ),
                company,
                t.analyzed,
            )
        )  # type: ignore[arg-type]
        decided = t.analyzed
        for _ in range(rng.choice((0, 1, 1, 2))):
            decided += timedelta(seconds=rng.randrange(600, 10 * 86400))
            outcome = rng.choice(("advance", "hire", "reject"))
            t.decisions.append((decided, outcome))
            events.append(
                _event(
                    c.InterviewDecided(
                        interview_id=t.interview_id, outcome=outcome, note="", decided_by="u"
                    ),
                    company,
                    decided,
                )
            )  # type: ignore[arg-type]
    return truths, events


class MemoryStore:
    """The AnalyticsStore's port in memory (the pure tests; the moto tests use the real one)."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[Any, int]] = {}
        self.seen: set[str] = set()

    def facts(self, company_id: str, interview_id: str) -> tuple[Any, int | None]:
        found = self.items.get(f"IV#{interview_id}")
        return (found[0], found[1]) if found else (None, None)

    def aggregates(self, company_id: str, slices: Any) -> dict[Slice, tuple[Counters, int | None]]:
        out: dict[Slice, tuple[Counters, int | None]] = {}
        for s in slices:
            found = self.items.get(f"AGG#{'#'.join(s)}")
            out[s] = (dict(found[0]), found[1]) if found else ({}, None)
        return out

    def write(self, event: c.Event, facts: Any, revision: int | None, aggregates: Any) -> None:
        from functions.analytics.store import AlreadyProjected

        if event.id in self.seen:
            raise AlreadyProjected(event.id)
        self.seen.add(event.id)
        self.items[f"IV#{facts.interview_id}"] = (facts, (revision or 0) + 1)
        for s, (counters, rev) in aggregates.items():
            self.items[f"AGG#{'#'.join(s)}"] = (counters, (rev or 0) + 1)

    def counters(self, template: str, lang: str, grain: str) -> Counters:
        total: Counters = {}
        for key, (value, _) in self.items.items():
            if key.startswith(f"AGG#{template}#{lang}#{grain}#"):
                total = add(total, value)
        return total
