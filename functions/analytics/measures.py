"""The figures, as pure functions of summed aggregate counters (functions/analytics/counters.py).

Everything is computed from integer sums, so means, standard deviations and correlations are
exact (up to float rounding); medians and 90th percentiles come from the duration bins
(histograms.py: the bin's middle, and the bin's bounds that hold the true value).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from functions.analytics.counters import Counters
from functions.analytics.histograms import Percentile, percentile

FUNNEL = ("invited", "started", "completed", "analyzed", "decided", "hired")
# The duration counted into each step (from the step before it).
STEP_DURATION = {
    "started": "invited_started",
    "completed": "started_completed",
    "analyzed": "completed_analyzed",
    "decided": "analyzed_decided",
    "hired": "decided_hired",
}
POOR_BELOW = 0.2
GOOD_ABOVE = 0.4
FAIRNESS_GAP = 10.0
FAIRNESS_MIN_ANSWERS = 20
RECOMMENDATIONS = ("hire", "consider", "reject")
OUTCOMES = ("advance", "hire", "reject")


def total(items: Iterable[Counters]) -> Counters:
    summed: dict[str, int] = defaultdict(int)
    for counters in items:
        for name, value in counters.items():
            summed[name] += value
    return {k: v for k, v in summed.items() if v}


class Times(BaseModel):
    count: int
    median: Percentile | None
    p90: Percentile | None
    mean_seconds: float | None


def times(c: Counters, step: str) -> Times:
    prefix = f"d.{step}."
    bins = {
        int(name[len(prefix) :]): v
        for name, v in c.items()
        if name.startswith(prefix) and name[len(prefix) :].isdigit()
    }
    n = c.get(f"{prefix}n", 0)
    return Times(
        count=n,
        median=percentile(bins, 0.5),
        p90=percentile(bins, 0.9),
        mean_seconds=c.get(f"{prefix}s", 0) / n if n else None,
    )


class FunnelStep(BaseModel):
    step: str
    count: int
    conversion: float | None = Field(description="count / the previous step's count")
    of_invited: float | None = Field(description="count / invited")
    time_from_previous: Times | None


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def funnel(c: Counters) -> list[FunnelStep]:
    steps = []
    invited = c.get("f.invited", 0)
    previous = None
    for step in FUNNEL:
        count = c.get(f"f.{step}", 0)
        duration = STEP_DURATION.get(step)
        steps.append(
            FunnelStep(
                step=step,
                count=count,
                conversion=None if previous is None else _ratio(count, previous),
                of_invited=_ratio(count, invited),
                time_from_previous=times(c, duration) if duration else None,
            )
        )
        previous = count
    return steps


class DropOff(BaseModel):
    question_index: int = Field(description="0-based: the question the candidate did not answer")
    question_id: str | None
    question_text: str | None
    count: int


def drop_off(c: Counters, questions: Sequence[tuple[str, str]]) -> list[DropOff]:
    """Interviews that expired after starting, by the first question left unanswered."""
    rows = []
    for name, value in c.items():
        if name.startswith("drop."):
            k = int(name[5:])
            qid, text = questions[k] if k < len(questions) else (None, None)
            rows.append(DropOff(question_index=k, question_id=qid, question_text=text, count=value))
    return sorted(rows, key=lambda r: r.question_index)


class Moments(BaseModel):
    count: int
    mean: float | None
    standard_deviation: float | None = Field(description="population standard deviation")


def moments(n: int, s: int, sq: int) -> Moments:
    if n == 0:
        return Moments(count=0, mean=None, standard_deviation=None)
    mean = s / n
    variance = max(0.0, (n * sq - s * s) / (n * n))
    return Moments(count=n, mean=mean, standard_deviation=math.sqrt(variance))


class ScoreDistribution(BaseModel):
    moments: Moments
    bins: list[int] = Field(description="counts in 0-9, 10-19, ..., 80-89, 90-100")
    recommendations: dict[str, int]


def scores(c: Counters) -> ScoreDistribution:
    return ScoreDistribution(
        moments=moments(c.get("s.n", 0), c.get("s.sum", 0), c.get("s.sq", 0)),
        bins=[c.get(f"s.b{k}", 0) for k in range(10)],
        recommendations={r: c.get(f"rec.{r}", 0) for r in RECOMMENDATIONS},
    )


class Agreement(BaseModel):
    matrix: dict[str, dict[str, int]] = Field(description="AI recommendation -> human outcome")
    decisive: int = Field(description="AI hire or reject, with a human decision")
    agreed: int = Field(description="AI hire with advance/hire, or AI reject with reject")
    rate: float | None


def agreement(c: Counters) -> Agreement:
    matrix = {r: {o: c.get(f"agree.{r}.{o}", 0) for o in OUTCOMES} for r in RECOMMENDATIONS}
    decisive = sum(matrix["hire"].values()) + sum(matrix["reject"].values())
    agreed = matrix["hire"]["advance"] + matrix["hire"]["hire"] + matrix["reject"]["reject"]
    return Agreement(matrix=matrix, decisive=decisive, agreed=agreed, rate=_ratio(agreed, decisive))


def correlation(n: int, sx: int, sy: int, sxx: int, syy: int, sxy: int) -> float | None:
    """Pearson's r from sums (None when either side has no spread or n < 3)."""
    if n < 3:
        return None
    denominator = (n * sxx - sx * sx) * (n * syy - sy * sy)
    if denominator <= 0:
        return None
    return (n * sxy - sx * sy) / math.sqrt(denominator)


class QuestionEffectiveness(BaseModel):
    question_id: str
    question_text: str | None
    scores: Moments = Field(description="spread of this question's scores (analyzed interviews)")
    item_total: float | None = Field(
        description="corrected item-total correlation: with the sum of the other questions"
    )
    label: str | None = Field(description="poor < 0.2 <= fair <= 0.4 < good")
    decided: int
    point_biserial: float | None = Field(description="correlation with advanced-or-hired")


def _label(r: float | None) -> str | None:
    if r is None:
        return None
    return "poor" if r < POOR_BELOW else "good" if r > GOOD_ABOVE else "fair"


def _question(qid: str, q: dict[str, int], text: str | None) -> QuestionEffectiveness:
    n, x, xx, t, tt, xt = (q.get(k, 0) for k in ("n", "x", "xx", "t", "tt", "xt"))
    # The rest R = T - x: its sums follow from the kept ones.
    r = correlation(n, x, t - x, xx, tt - 2 * xt + xx, xt - xx)
    dn = q.get("dn", 0)
    dy = q.get("dy", 0)
    pb = correlation(dn, q.get("dx", 0), dy, q.get("dxx", 0), dy, q.get("dxy", 0))
    return QuestionEffectiveness(
        question_id=qid,
        question_text=text,
        scores=moments(n, x, xx),
        item_total=r,
        label=_label(r),
        decided=dn,
        point_biserial=pb,
    )


def questions(c: Counters, order: Sequence[tuple[str, str]]) -> list[QuestionEffectiveness]:
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    for name, value in c.items():
        if name.startswith("q."):
            qid, stat = name[2:].rsplit(".", 1)
            grouped[qid][stat] = value
    texts = dict(order)
    position = {qid: i for i, (qid, _) in enumerate(order)}
    ids = sorted(grouped, key=lambda q: (position.get(q, len(position)), q))
    return [_question(qid, grouped[qid], texts.get(qid)) for qid in ids]


class LanguageScores(BaseModel):
    language: str
    scores: Moments
    bins: list[int]
    rest: Moments = Field(description="answers in every other language")
    difference: float | None = Field(description="this language's mean minus the rest's")
    flagged: bool
    advice: str | None


ADVICE = (
    "Answers in {lang} average {gap:.1f} points {direction} than answers in other languages "
    "({n} and {rest} answers). This may deserve a review of the questions and of the scoring "
    "for that language; it is a signal to look into, not a finding of unfairness."
)


def _language(lang: str, s: dict[str, int], totals: tuple[int, int, int]) -> LanguageScores:
    own = moments(s.get("n", 0), s.get("sum", 0), s.get("sq", 0))
    rest_n, rest_s, rest_sq = (totals[0] - own.count, totals[1] - s.get("sum", 0),
                               totals[2] - s.get("sq", 0))  # fmt: skip
    rest = moments(rest_n, rest_s, rest_sq)
    gap = None if own.mean is None or rest.mean is None else own.mean - rest.mean
    flagged = (
        gap is not None
        and abs(gap) > FAIRNESS_GAP
        and own.count >= FAIRNESS_MIN_ANSWERS
        and rest.count >= FAIRNESS_MIN_ANSWERS
    )
    advice = None
    if flagged and gap is not None:
        advice = ADVICE.format(
            lang=lang, gap=abs(gap), direction="higher" if gap > 0 else "lower",
            n=own.count, rest=rest.count,
        )  # fmt: skip
    return LanguageScores(
        language=lang,
        scores=own,
        bins=[s.get(f"b{k}", 0) for k in range(10)],
        rest=rest,
        difference=gap,
        flagged=flagged,
        advice=advice,
    )


def fairness(c: Counters) -> list[LanguageScores]:
    """Answer scores by the answer's language; a language is flagged (advice to review) when
    its mean is more than 10 points from the rest's, with at least 20 answers on each side."""
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    for name, value in c.items():
        if name.startswith("l."):
            lang, stat = name[2:].rsplit(".", 1)
            grouped[lang][stat] = value
    totals = (
        sum(g.get("n", 0) for g in grouped.values()),
        sum(g.get("sum", 0) for g in grouped.values()),
        sum(g.get("sq", 0) for g in grouped.values()),
    )
    return [_language(lang, grouped[lang], totals) for lang in sorted(grouped)]


class Analytics(BaseModel):
    funnel: list[FunnelStep]
    drop_off: list[DropOff]
    time_to_hire: Times
    completion_time: Times
    scores: ScoreDistribution
    agreement: Agreement
    questions: list[QuestionEffectiveness] = Field(
        description="per template question; empty unless one template is chosen"
    )
    languages: list[LanguageScores]
    expired: int


def analytics(c: Counters, order: Sequence[tuple[str, str]] = ()) -> Analytics:
    """Every figure from one set of summed counters; `order` is the template's questions
    (id, text) in order, for drop-off and question rows."""
    return Analytics(
        funnel=funnel(c),
        drop_off=drop_off(c, order),
        time_to_hire=times(c, "invited_hired"),
        completion_time=times(c, "started_completed"),
        scores=scores(c),
        agreement=agreement(c),
        questions=questions(c, order),
        languages=fairness(c),
        expired=c.get("f.expired", 0),
    )
