"""An interview's contribution to the aggregate items: integer counters, so every sum stays
exact and a change is a difference of two contributions.

An interview counts in the cohort of the UTC day it was invited (`interview.created`), in four
slices of that day and of its month: its template and language, its template (all languages),
its language (all templates) and the company (all). Question counters are kept in the template
slices only (question ids belong to a template). Until `interview.created` is known (an event
that arrived before it), the interview contributes nothing; then all of it at once.

Counter names (flat, so an item is one map of integers):
  f.<step>                       funnel: invited started completed analyzed decided hired
                                 (and advanced, rejected, expired)
  d.<step>.n / .s / .<bin>       step durations in seconds: count, sum, log bins (histograms.py)
  drop.<k>                       expired after starting, having answered k questions
  s.n / s.sum / s.sq / s.b<k>    overall scores of analyzed interviews (10-point bins)
  rec.<recommendation>           AI recommendation split
  agree.<recommendation>.<outcome>   AI recommendation x latest human decision
  l.<lang>.n / .sum / .sq / .b<k>    answer scores by the answer's language
  q.<id>.n .x .xx .t .tt .xt     per question over analyzed interviews: its score x and the
                                 interview's total t (sum of its question scores)
  q.<id>.dn .dx .dxx .dy .dxy    over decided ones: x and y = 1 if advanced or hired
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from functions.analytics.facts import InterviewFacts
from functions.analytics.histograms import duration_bin, score_bin

ALL = "ALL"
STEPS = (
    ("invited_started", "invited_at", "started_at"),
    ("started_completed", "started_at", "completed_at"),
    ("completed_analyzed", "completed_at", "analyzed_at"),
    ("analyzed_decided", "analyzed_at", "first_decided_at"),
)
DURATIONS = (*(name for name, _, _ in STEPS), "decided_hired", "invited_hired")

Counters = dict[str, int]
_OUTCOME_STEP = {"hire": "f.hired", "advance": "f.advanced", "reject": "f.rejected"}


class Slice(tuple[str, str, str, str]):
    """(template or ALL, language or ALL, "D" or "M", yyyy-mm-dd or yyyy-mm)."""

    __slots__ = ()

    @property
    def template(self) -> str:
        return self[0]


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, int((end - start).total_seconds()))


def _duration(c: Counter[str], step: str, seconds: int | None) -> None:
    if seconds is None:
        return
    c[f"d.{step}.n"] += 1
    c[f"d.{step}.s"] += seconds
    c[f"d.{step}.{duration_bin(seconds)}"] += 1


def _funnel(c: Counter[str], f: InterviewFacts) -> None:
    c["f.invited"] += 1
    for step, value in (
        ("started", f.started_at),
        ("completed", f.completed_at),
        ("analyzed", f.analyzed_at),
        ("decided", f.decision),
    ):
        if value is not None:
            c[f"f.{step}"] += 1
    if f.decision is not None:
        c[_OUTCOME_STEP[f.decision.outcome]] += 1
    if f.expired and f.completed_at is None:
        c["f.expired"] += 1
        if f.started_at is not None:
            c[f"drop.{len(f.uploaded)}"] += 1


def _times(c: Counter[str], f: InterviewFacts) -> None:
    for step, start, end in STEPS:
        _duration(c, step, _seconds(getattr(f, start), getattr(f, end)))
    if f.hired and f.decision is not None:
        _duration(c, "decided_hired", _seconds(f.first_decided_at, f.decision.stamp.at))
        _duration(c, "invited_hired", _seconds(f.invited_at, f.decision.stamp.at))


def _scores(c: Counter[str], f: InterviewFacts) -> None:
    if f.overall_score is not None and f.analyzed_at is not None:
        score = f.overall_score
        c["s.n"] += 1
        c["s.sum"] += score
        c["s.sq"] += score * score
        c[f"s.b{score_bin(score)}"] += 1
        c[f"rec.{f.recommendation}"] += 1
        if f.decision is not None:
            c[f"agree.{f.recommendation}.{f.decision.outcome}"] += 1
    for answer in f.scores.values():
        lang = answer.language or "unknown"
        c[f"l.{lang}.n"] += 1
        c[f"l.{lang}.sum"] += answer.overall
        c[f"l.{lang}.sq"] += answer.overall * answer.overall
        c[f"l.{lang}.b{score_bin(answer.overall)}"] += 1


def question_counters(f: InterviewFacts) -> Counters:
    """Sufficient statistics per question, for analyzed interviews (their answers are all in)."""
    c: Counter[str] = Counter()
    if f.analyzed_at is None or not f.scores:
        return {}
    total = sum(a.overall for a in f.scores.values())
    y = 1 if f.advanced_or_hired else 0
    for qid, answer in f.scores.items():
        x = answer.overall
        for name, value in (("n", 1), ("x", x), ("xx", x * x), ("t", total),
                            ("tt", total * total), ("xt", x * total)):  # fmt: skip
            c[f"q.{qid}.{name}"] += value
        if f.decision is not None:
            for name, value in (("dn", 1), ("dx", x), ("dxx", x * x), ("dy", y), ("dxy", x * y)):
                c[f"q.{qid}.{name}"] += value
    return dict(c)


def interview_counters(f: InterviewFacts) -> Counters:
    """Everything but the question counters."""
    c: Counter[str] = Counter()
    _funnel(c, f)
    _times(c, f)
    _scores(c, f)
    return {k: v for k, v in c.items() if v}


def slices_of(f: InterviewFacts) -> list[Slice]:
    if f.template_id is None or f.invited_at is None:
        return []
    day = f.invited_at.date().isoformat()
    month = day[:7]
    language = f.language or "unknown"
    return [
        Slice((template, lang, grain, when))
        for template in (f.template_id, ALL)
        for lang in (language, ALL)
        for grain, when in (("D", day), ("M", month))
    ]


def contribution(f: InterviewFacts | None) -> dict[Slice, Counters]:
    """The counters this interview adds to each aggregate item."""
    if f is None:
        return {}
    slices = slices_of(f)
    if not slices:
        return {}
    common = interview_counters(f)
    questions = question_counters(f)
    return {s: (common | questions if s.template != ALL else common) for s in slices}


def difference(
    before: dict[Slice, Counters], after: dict[Slice, Counters]
) -> dict[Slice, Counters]:
    """after - before, per slice, without zeros (slices with no change left out)."""
    changed: dict[Slice, Counters] = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key, {}), after.get(key, {})
        delta = {n: new.get(n, 0) - old.get(n, 0) for n in old.keys() | new.keys()}
        delta = {n: v for n, v in delta.items() if v}
        if delta:
            changed[key] = delta
    return changed


def add(into: Counters, delta: Counters) -> Counters:
    """into + delta without zeros (a counter that falls to 0 leaves the item)."""
    out = dict(into)
    for name, value in delta.items():
        total = out.get(name, 0) + value
        if total:
            out[name] = total
        else:
            out.pop(name, None)
    return out
