"""Projections fed a generated history give exactly the figures a straightforward computation
over the same history gives; duplicates and any order change nothing."""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter

import pytest

from functions.analytics import measures
from functions.analytics.counters import ALL
from functions.analytics.histograms import duration_bin
from functions.analytics.projector import Projected, project
from tests.unit.analytics.history import MemoryStore, Truth, generate

COMPANY = "c1"
TEMPLATES = {"tpl-a": ["q-1", "q-2", "q-3", "q-4"], "tpl-b": ["q-x", "q-y"]}


def _project(events: list, store: MemoryStore) -> list[Projected]:  # type: ignore[type-arg]
    return [project(e, store) for e in events]  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def history() -> tuple[list[Truth], list]:  # type: ignore[type-arg]
    return generate(COMPANY, TEMPLATES, 360)


@pytest.fixture(scope="module")
def projected(history: tuple[list[Truth], list]) -> MemoryStore:  # type: ignore[type-arg]
    store = MemoryStore()
    _project(history[1], store)
    return store


def _lower_rank(values: list[int], fraction: float) -> int:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def _check_percentile(reported: measures.Percentile | None, values: list[int], q: float) -> None:
    assert reported is not None
    exact = _lower_rank(values, q)
    assert reported.low_seconds <= exact < reported.high_seconds
    assert duration_bin(exact) == duration_bin(reported.low_seconds)
    assert abs(reported.seconds - exact) <= max(1.0, 0.061 * exact)


def _last(t: Truth) -> str | None:
    return max(t.decisions)[1] if t.decisions else None


def test_funnel_times_scores_and_agreement_equal_a_direct_computation(
    history: tuple[list[Truth], list],  # type: ignore[type-arg]
    projected: MemoryStore,
) -> None:
    truths = [t for t in history[0] if t.template_id == "tpl-a"]
    figures = measures.analytics(projected.counters("tpl-a", ALL, "M"))
    counts = {s.step: s.count for s in figures.funnel}
    assert counts == {
        "invited": len(truths),
        "started": sum(t.started is not None for t in truths),
        "completed": sum(t.completed is not None for t in truths),
        "analyzed": sum(t.analyzed is not None for t in truths),
        "decided": sum(bool(t.decisions) for t in truths),
        "hired": sum(_last(t) == "hire" for t in truths),
    }
    assert figures.funnel[2].conversion == counts["completed"] / counts["started"]
    completion = [
        int((t.completed - t.started).total_seconds()) for t in truths if t.completed and t.started
    ]
    _check_percentile(figures.completion_time.median, completion, 0.5)
    _check_percentile(figures.completion_time.p90, completion, 0.9)
    hires = [
        int((max(t.decisions)[0] - t.invited).total_seconds()) for t in truths if _last(t) == "hire"
    ]
    assert figures.time_to_hire.count == len(hires) > 5
    _check_percentile(figures.time_to_hire.median, hires, 0.5)
    _check_percentile(figures.time_to_hire.p90, hires, 0.9)

    scores = [t.score for t in truths if t.score is not None]
    assert figures.scores.moments.count == len(scores)
    assert figures.scores.moments.mean == pytest.approx(statistics.fmean(scores), rel=1e-12)
    assert figures.scores.moments.standard_deviation == pytest.approx(
        statistics.pstdev(scores), rel=1e-9
    )
    assert figures.scores.bins == [sum(min(s // 10, 9) == k for s in scores) for k in range(10)]
    assert figures.scores.recommendations == {
        r: sum(t.recommendation == r for t in truths) for r in ("hire", "consider", "reject")
    }
    pairs = Counter(
        (t.recommendation, _last(t)) for t in truths if t.score is not None and t.decisions
    )
    for rec in ("hire", "consider", "reject"):
        for outcome in ("advance", "hire", "reject"):
            assert figures.agreement.matrix[rec][outcome] == pairs[(rec, outcome)]
    drops = Counter(len(t.uploaded) for t in truths if t.expired and t.started)
    assert {d.question_index: d.count for d in figures.drop_off} == dict(drops)


def test_question_effectiveness_is_exact(
    history: tuple[list[Truth], list],  # type: ignore[type-arg]
    projected: MemoryStore,
) -> None:
    order = [(q, f"Question {q}") for q in TEMPLATES["tpl-a"]]
    figures = measures.analytics(projected.counters("tpl-a", ALL, "M"), order)
    analyzed = [t for t in history[0] if t.template_id == "tpl-a" and t.analyzed]
    assert [q.question_id for q in figures.questions] == TEMPLATES["tpl-a"]
    for row in figures.questions:
        xs = [t.answers[row.question_id][0] for t in analyzed]
        rest = [
            sum(s for s, _ in t.answers.values()) - t.answers[row.question_id][0] for t in analyzed
        ]
        assert row.scores.count == len(xs)
        assert row.scores.standard_deviation == pytest.approx(statistics.pstdev(xs), rel=1e-9)
        assert row.item_total == pytest.approx(statistics.correlation(xs, rest), rel=1e-9)
        r = statistics.correlation(xs, rest)
        expected_label = "poor" if r < 0.2 else "good" if r > 0.4 else "fair"
        assert row.label == expected_label
        decided = [t for t in analyzed if t.decisions]
        dx = [t.answers[row.question_id][0] for t in decided]
        dy = [1 if _last(t) in ("advance", "hire") else 0 for t in decided]
        assert row.decided == len(decided)
        assert row.point_biserial == pytest.approx(statistics.correlation(dx, dy), rel=1e-9)


def test_language_fairness_flags_a_gap_of_more_than_ten_points_as_advice(
    history: tuple[list[Truth], list],  # type: ignore[type-arg]
    projected: MemoryStore,
) -> None:
    figures = measures.analytics(projected.counters(ALL, ALL, "M"))
    by_lang: dict[str, list[int]] = {}
    for t in history[0]:
        for score, lang in t.answers.values():
            by_lang.setdefault(lang, []).append(score)
    rows = {row.language: row for row in figures.languages}
    assert set(rows) == set(by_lang)
    for lang, scores in by_lang.items():
        rest = [s for other, values in by_lang.items() if other != lang for s in values]
        gap = statistics.fmean(scores) - statistics.fmean(rest)
        assert rows[lang].scores.count == len(scores)
        assert rows[lang].difference == pytest.approx(gap, rel=1e-9)
        assert rows[lang].flagged == (abs(gap) > 10 and len(scores) >= 20 and len(rest) >= 20)
    assert rows["ru"].flagged  # the generated Russian answers score 14 points lower
    assert rows["ru"].advice and "review" in rows["ru"].advice
    assert "not a finding" in rows["ru"].advice


def test_duplicates_and_any_order_give_the_same_items(
    history: tuple[list[Truth], list],  # type: ignore[type-arg]
    projected: MemoryStore,
) -> None:
    events = list(history[1])
    shuffled = events + random.Random(3).sample(events, 200)  # 200 duplicates
    random.Random(5).shuffle(shuffled)
    store = MemoryStore()
    outcomes = Counter(_project(shuffled, store))
    assert outcomes[Projected.DUPLICATE] == 200
    for template in ("tpl-a", "tpl-b", ALL):
        for lang in ("en", "ru", ALL):
            for grain in ("D", "M"):
                assert store.counters(template, lang, grain) == projected.counters(
                    template, lang, grain
                )
    # The per-interview facts end the same too.
    assert {k: v[0] for k, v in store.items.items() if k.startswith("IV#")} == {
        k: v[0] for k, v in projected.items.items() if k.startswith("IV#")
    }


def test_day_items_add_up_to_month_items(projected: MemoryStore) -> None:
    assert projected.counters(ALL, ALL, "D") == projected.counters(ALL, ALL, "M")
    assert projected.counters("tpl-a", "de", "D") == projected.counters("tpl-a", "de", "M")
