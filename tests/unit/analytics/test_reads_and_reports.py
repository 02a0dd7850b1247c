"""Which items a period reads (bounded whatever its length), duration bins, and the PDFs' text."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from functions.analytics.comparison import (
    Comparison,
    CriterionResult,
    InterviewResult,
    QuestionResult,
)
from functions.analytics.histograms import EDGES, bin_bounds, bin_value, duration_bin
from functions.analytics.reads import plan
from functions.analytics.reports import comparison_report, interview_report


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 1, 15), date(2026, 2, 10)),
        (date(2026, 1, 15), date(2026, 12, 3)),
        (date(2025, 2, 28), date(2026, 3, 1)),
        (date(2026, 5, 7), date(2026, 5, 7)),
        (date(2024, 2, 1), date(2026, 2, 28)),
    ],
)
def test_a_period_is_covered_exactly_by_at_most_three_reads(first: date, last: date) -> None:
    reads = plan(first, last)
    assert len(reads) <= 3
    covered: list[date] = []
    for read in reads:
        if read.grain == "D":
            days = _days(date.fromisoformat(read.first), date.fromisoformat(read.last))
            assert len(days) <= 62
        else:
            start = date.fromisoformat(read.first + "-01")
            end_month = date.fromisoformat(read.last + "-01")
            end = (end_month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            days = _days(start, end)
        covered += days
    assert sorted(covered) == sorted(_days(first, last))  # each day once, none outside


def test_duration_bins_hold_their_values_within_the_documented_precision() -> None:
    for seconds in [*range(0, 300), *range(300, 10**7, 997)]:
        k = duration_bin(seconds)
        low, high = bin_bounds(k)
        assert low <= seconds < high
        if seconds >= 60:
            assert abs(bin_value(k) - seconds) <= 0.05 * seconds
        elif seconds:
            assert abs(bin_value(k) - seconds) <= max(1.0, 0.061 * seconds)
    assert list(EDGES) == sorted(set(EDGES))


def _result(name: str, score: int) -> InterviewResult:
    criteria = [
        CriterionResult(criterion=c, score=score + k, reason=f"Причина {c}", evidence=["цитата"])
        for k, c in enumerate(("relevance", "completeness", "clarity", "depth"))
    ]
    question = QuestionResult(
        question_id="q-1",
        question_text="Расскажите о себе",
        overall=score,
        language="ru",
        criteria=criteria,
        transcript_excerpt="Меня зовут",
    )
    return InterviewResult(
        interview_id=name,
        candidate_name=name,
        candidate_language="ru",
        template_id="t",
        template_name="Инженер",
        status="analyzed",
        overall_score=score,
        recommendation="hire",
        summary=None,
        decision="hire",
        decision_note="",
        questions=[question],
        criteria={"relevance": score, "completeness": score, "clarity": score, "depth": score},
    )


def _text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_reports_hold_names_scores_and_radar_labels_in_the_readers_language() -> None:
    text = _text(interview_report(_result("Анна Петрова", 81), "ru"))
    for expected in ("Анна Петрова", "Общий балл: 81", "Релевантность", "Глубина", "Причина depth"):
        assert expected in text
    comparison = Comparison(
        template_id="t",
        template_name="Инженер",
        questions=["q-1"],
        interviews=[_result("Анна Петрова", 81), _result("Jörg Müller", 44)],
    )
    text = _text(comparison_report(comparison, "de"))
    for expected in ("Анна Петрова: 81", "Jörg Müller: 44", "Relevanz", "Tiefe"):
        assert expected in text
