"""GroqAnalyzer against recorded Groq HTTP exchanges: success, 429 with Retry-After, 500,
timeout, invalid output retried once, invalid twice."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest

from cdk.stacks.observability import ai_provider_metrics
from functions.analysis.errors import AnalysisFailed, ProviderThrottled, ProviderUnavailable
from functions.analysis.groq import DEFAULT_MODEL, retry_after_seconds, verbatim
from functions.analysis.ports import AnswerAnalysis, AnswerForScoring, CriterionScore, Usage
from functions.analysis.prompts import PROMPT_VERSION
from functions.metrics_catalog import AI_PROVIDER_CALLS, AI_PROVIDER_FAILURES
from tests.fixtures.emf import MetricsOutput

Replayed = Callable[..., Any]  # the groq_replay fixture (conftest.py): name → Harness

TRANSCRIPT = (
    "Last year our checkout API had a p95 latency of about 2.4 seconds. I profiled the endpoint "
    "and found one PostgreSQL query that scanned the whole orders table. I added a composite index "
    "and cached the shipping rates in Redis, because they change once a day. As a result, p95 "
    "latency dropped to 310 milliseconds."
)


def an_answer(answer_language: str = "en", interview_language: str = "en") -> AnswerForScoring:
    return AnswerForScoring(
        question="Tell me about a time you improved the performance of a slow system.",
        ideal_answer="Measured the bottleneck, fixed it, verified with numbers.",
        competencies=["performance optimization"],
        transcript=TRANSCRIPT,
        answer_language=answer_language,
        interview_language=interview_language,
    )


def test_scores_an_answer_with_strict_json_schema(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_success")

    result = harness.analyzer.score_answer(an_answer())

    sent = harness.replay.sent()
    assert sent["model"] == DEFAULT_MODEL
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["strict"] is True
    assert sent["response_format"]["json_schema"]["schema"]["additionalProperties"] is False
    assert TRANSCRIPT in sent["messages"][1]["content"]
    assert result.criteria["relevance"].score == 90
    assert result.overall == round((90 + 80 + 85 + 78) / 4)  # our rule, not the model's
    assert (result.provider, result.model, result.prompt_version) == (
        "groq",
        DEFAULT_MODEL,
        PROMPT_VERSION,
    )
    assert result.usage == Usage(input_tokens=812, output_tokens=406)
    assert result.improvements == ["Explain the trade-offs of caching"]  # blank items dropped


def test_evidence_is_only_ever_a_real_quote(groq_replay: Replayed) -> None:
    result = groq_replay("score_answer_success").analyzer.score_answer(an_answer())

    quotes = [q for c in result.criteria.values() for q in c.evidence]
    assert quotes and all(q in TRANSCRIPT for q in quotes)
    # The invented "We rewrote the service in Rust." is dropped; a whitespace-mangled quote is
    # restored to the transcript's own spelling.
    assert result.criteria["depth"].evidence == [
        "cached the shipping rates in Redis, because they change once a day"
    ]
    assert result.criteria["clarity"].evidence == [
        "As a result, p95 latency dropped to 310 milliseconds."
    ]


def test_flags_an_answer_in_another_language(groq_replay: Replayed) -> None:
    result = groq_replay("score_answer_success").analyzer.score_answer(an_answer("en", "de"))

    assert result.language_mismatch is True
    assert result.language == "en"


def test_429_raises_throttled_with_retry_after(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_rate_limited")

    with pytest.raises(ProviderThrottled) as raised:
        harness.analyzer.score_answer(an_answer())

    assert raised.value.retry_after_seconds == 37.0
    assert "37.0" in str(raised.value)
    assert harness.slept == []  # the state machine waits, not the Lambda


def test_429_is_not_waited_out_inside_the_adapter_by_default(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_rate_limited_briefly")

    with pytest.raises(ProviderThrottled) as raised:
        harness.analyzer.score_answer(an_answer())

    assert raised.value.retry_after_seconds == 2.0
    assert harness.slept == []


def test_short_retry_after_can_be_waited_out_once_when_asked(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_rate_limited_briefly", max_inline_wait_seconds=5)

    result = harness.analyzer.score_answer(an_answer())

    assert harness.slept == [2.0]
    assert len(harness.replay.requests) == 2
    assert result.criteria["relevance"].score == 90


def test_500_raises_unavailable_for_the_state_machine_to_retry(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_server_error")

    with pytest.raises(ProviderUnavailable, match="HTTP 500"):
        harness.analyzer.score_answer(an_answer())
    assert len(harness.replay.requests) == 1  # no hidden retries in the SDK or the adapter


def test_timeout_raises_unavailable(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_timeout")

    with pytest.raises(ProviderUnavailable, match="timed out"):
        harness.analyzer.score_answer(an_answer())


def test_invalid_output_is_retried_once(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_invalid_then_valid")

    result = harness.analyzer.score_answer(an_answer())

    assert len(harness.replay.requests) == 2
    assert result.criteria["depth"].score == 78
    assert result.usage == Usage(input_tokens=812 * 2, output_tokens=120 + 406)  # both paid for


def test_output_rejected_by_the_provider_is_retried_once(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_output_rejected_then_valid")

    result = harness.analyzer.score_answer(an_answer())

    assert len(harness.replay.requests) == 2
    assert result.criteria["clarity"].score == 85


def test_invalid_output_twice_fails_clearly(groq_replay: Replayed) -> None:
    harness = groq_replay("score_answer_invalid_twice")

    with pytest.raises(AnalysisFailed, match="invalid answer_analysis output 2 times"):
        harness.analyzer.score_answer(an_answer())
    assert len(harness.replay.requests) == 2


def _scored(score: int, mismatch: bool = False) -> tuple[AnswerForScoring, AnswerAnalysis]:
    criterion = CriterionScore(score=score, reason="r", evidence=[])
    analysis = AnswerAnalysis(
        criteria=dict.fromkeys(("relevance", "completeness", "clarity", "depth"), criterion),  # type: ignore[arg-type]
        overall=score,
        strengths=[],
        improvements=[],
        language="en",
        language_mismatch=mismatch,
        provider="groq",
        model=DEFAULT_MODEL,
        prompt_version=PROMPT_VERSION,
    )
    return an_answer(), analysis


def test_interview_summary_in_all_four_languages(groq_replay: Replayed) -> None:
    harness = groq_replay("analyze_interview_success")

    result = harness.analyzer.analyze_interview([_scored(80), _scored(70, True)], None, "ru")

    assert (result.overall_score, result.recommendation) == (75, "hire")
    assert set(result.translations) == {"en", "ru", "de", "es"}
    assert result.language == "ru"
    assert result.summary == result.translations["ru"].summary
    sent = harness.replay.sent()
    assert '"overall_score": 75' in sent["messages"][1]["content"]
    assert '"language_mismatch": true' in sent["messages"][1]["content"]
    assert result.usage == Usage(input_tokens=1530, output_tokens=702)


def test_preparation_tips(groq_replay: Replayed) -> None:
    harness = groq_replay("preparation_tips_success")

    tips = harness.analyzer.preparation_tips(["How did you improve performance?"], "de")

    assert len(tips) == 4
    system, user = harness.replay.sent()["messages"]
    assert "tips in de" in system["content"]
    assert "How did you improve performance?" in user["content"]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "37"}, 37.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"}, 30.0),
        ({}, None),
        ({"retry-after": "soon"}, None),
    ],
)
def test_retry_after_header(headers: dict[str, str], expected: float | None) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert retry_after_seconds(headers, now=lambda: now) == expected


def test_verbatim_tolerates_whitespace_only() -> None:
    assert verbatim("PostgreSQL  query", TRANSCRIPT) == "PostgreSQL query"
    assert verbatim("postgresql query", TRANSCRIPT) is None
    assert verbatim("   ", TRANSCRIPT) is None


def _attempt(harness: Any, operation: str) -> None:
    with contextlib.suppress(Exception):
        if operation == "answer_analysis":
            harness.analyzer.score_answer(an_answer())
        elif operation == "interview_summary":
            harness.analyzer.analyze_interview([_scored(80)], None, "en")
        else:
            harness.analyzer.preparation_tips(["How did you improve performance?"], "de")


@pytest.mark.parametrize(
    ("recording", "operation", "calls", "failures"),
    [
        ("score_answer_success", "answer_analysis", 1, []),
        ("score_answer_invalid_then_valid", "answer_analysis", 2, ["InvalidOutput"]),
        ("score_answer_output_rejected_then_valid", "answer_analysis", 2, ["InvalidOutput"]),
        ("score_answer_invalid_twice", "answer_analysis", 2, ["InvalidOutput"] * 2),
        ("score_answer_server_error", "answer_analysis", 1, ["ProviderUnavailable"]),
        ("score_answer_timeout", "answer_analysis", 1, ["ProviderUnavailable"]),
        ("score_answer_rate_limited", "answer_analysis", 1, ["ProviderThrottled"]),
        ("analyze_interview_success", "interview_summary", 1, []),
        ("preparation_tips_success", "preparation_tips", 1, []),
    ],
)
def test_provider_calls_and_failures_are_counted_per_operation(
    groq_replay: Replayed,
    capsys: pytest.CaptureFixture[str],
    recording: str,
    operation: str,
    calls: int,
    failures: list[str],
) -> None:
    output = MetricsOutput(capsys)

    _attempt(groq_replay(recording), operation)

    counted = output.named(AI_PROVIDER_CALLS)
    assert len(counted) == calls
    failed = output.named(AI_PROVIDER_FAILURES)
    assert [f.document["error"] for f in failed] == failures
    # The very metrics the AI provider failure-rate alarm reads (namespace, name, dimensions).
    watched = {
        **ai_provider_metrics(AI_PROVIDER_CALLS),
        **ai_provider_metrics(AI_PROVIDER_FAILURES),
    }
    for emitted in counted + failed:
        prefix = "calls" if emitted.name == AI_PROVIDER_CALLS else "failures"
        metric = watched[f"{prefix}_{operation}"]
        assert (emitted.namespace, emitted.name) == (metric.namespace, metric.metric_name)
        assert emitted.dimensions == metric.dimensions
        assert emitted.document["provider"] == "groq"
