"""Analysis by an LLM on Groq (OpenAI-compatible chat completions with strict JSON-schema output).

Failures are typed for the state machine: ProviderThrottled (429, carrying Retry-After),
ProviderUnavailable (5xx, timeout, connection) to retry with backoff; AnalysisFailed when the
model's output is invalid twice or the request itself is wrong (retrying cannot help).
Build the client with `max_retries=0`: retries belong to the state machine, which sees them and
bounds them, not to the SDK hidden inside one Lambda invocation.
Each attempt counts as one AIProviderCalls and, when it raises or its reply is invalid, one
AIProviderFailures, by operation (the schema's name); see functions/observability.py.
"""

from __future__ import annotations

import email.utils
import json
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

import groq
from groq.types.chat import (
    ChatCompletion,
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)
from groq.types.chat.completion_create_params import ResponseFormatResponseFormatJsonSchema
from pydantic import BaseModel, ValidationError

from functions.analysis.errors import AnalysisFailed, ProviderThrottled, ProviderUnavailable
from functions.analysis.languages import (
    LANGUAGES,
    Language,
    normalize_language,
    supported_or_default,
)
from functions.analysis.ports import (
    CRITERIA,
    AnswerAnalysis,
    AnswerForScoring,
    Criterion,
    CriterionScore,
    InterviewAnalysis,
    InterviewSummaryText,
    Usage,
)
from functions.analysis.prompts import (
    ANSWER_SCHEMA,
    INTERVIEW_SCHEMA,
    PROMPT_VERSION,
    TIPS_SCHEMA,
    AnswerReply,
    InterviewReply,
    SummaryReply,
    TipsReply,
    interview_messages,
    score_messages,
    tips_messages,
)
from functions.analysis.scoring import (
    answer_overall,
    interview_verdict,
    round_score,
    weighted_score,
)
from functions.metrics_catalog import AIOperation
from functions.observability import ai_provider_call

PROVIDER = "groq"
DEFAULT_MODEL = "openai/gpt-oss-120b"
ATTEMPTS = 2  # the first answer, and one retry when it is invalid
# By default a 429 goes straight back to the state machine, which waits out Retry-After in a
# Wait state (no Lambda billed while waiting). A caller outside a state machine (an API request
# for preparation tips) may let the adapter wait out a short Retry-After itself, once.
MAX_INLINE_WAIT_SECONDS = 0.0

Reply = TypeVar("Reply", bound=BaseModel)


class InvalidOutput(Exception):
    """The model's reply is not valid JSON for the schema (counts as one failed attempt)."""


class GroqAnalyzer:
    def __init__(
        self,
        client: groq.Groq,
        model: str = DEFAULT_MODEL,
        *,
        max_inline_wait_seconds: float = MAX_INLINE_WAIT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._model = model
        self._max_inline_wait = max_inline_wait_seconds
        self._sleep = sleep

    def score_answer(self, answer: AnswerForScoring) -> AnswerAnalysis:
        language = supported_or_default(answer.answer_language)
        reply, usage = self._complete(
            score_messages(answer, language), "answer_analysis", ANSWER_SCHEMA, AnswerReply
        )
        criteria = {c: _grounded(getattr(reply.criteria, c), answer.transcript) for c in CRITERIA}
        return AnswerAnalysis(
            criteria=criteria,
            overall=answer_overall(criteria),  # our rule, never the model's arithmetic
            strengths=_clean(reply.strengths),
            improvements=_clean(reply.improvements),
            language=language,
            language_mismatch=normalize_language(answer.answer_language)
            != normalize_language(answer.interview_language),
            provider=PROVIDER,
            model=self._model,
            prompt_version=PROMPT_VERSION,
            usage=usage,
        )

    def analyze_interview(
        self,
        answers: list[tuple[AnswerForScoring, AnswerAnalysis]],
        weights: dict[Criterion, float] | None,
        reviewer_language: str,
    ) -> InterviewAnalysis:
        overall, recommendation = interview_verdict([a.criteria for _, a in answers], weights)
        payload = {
            "overall_score": overall,
            "recommendation": recommendation,
            "answers": [_answer_digest(n, q, a, weights) for n, (q, a) in enumerate(answers, 1)],
        }
        reply, usage = self._complete(
            interview_messages(payload), "interview_summary", INTERVIEW_SCHEMA, InterviewReply
        )
        translations = {
            language: _summary_text(getattr(reply.translations, language)) for language in LANGUAGES
        }
        reviewer: Language = supported_or_default(reviewer_language)
        return InterviewAnalysis(
            overall_score=overall,
            recommendation=recommendation,
            summary=translations[reviewer].summary,
            strengths=translations[reviewer].strengths,
            concerns=translations[reviewer].concerns,
            language=reviewer,
            translations=translations,
            provider=PROVIDER,
            model=self._model,
            prompt_version=PROMPT_VERSION,
            usage=usage,
        )

    def preparation_tips(self, questions: list[str], language: str) -> list[str]:
        reply, _ = self._complete(
            tips_messages(questions, supported_or_default(language)),
            "preparation_tips",
            TIPS_SCHEMA,
            TipsReply,
        )
        return _clean(reply.tips)

    def _complete(
        self,
        messages: list[dict[str, str]],
        name: AIOperation,
        schema: dict[str, Any],
        reply_type: type[Reply],
    ) -> tuple[Reply, Usage]:
        """Ask, validate, and ask once more when the reply is invalid; usage covers both."""
        usage = Usage()
        problem = ""
        for _ in range(ATTEMPTS):
            try:
                # Each attempt is one call for the AI provider metrics; any error is a failure.
                with ai_provider_call(PROVIDER, name):
                    completion = self._create(messages, name, schema)
                    usage += _usage(completion)
                    return _parse(completion, reply_type), usage
            except InvalidOutput as error:  # refused by the provider, or not the schema
                problem = str(error)
        raise AnalysisFailed(
            f"{PROVIDER} {self._model} returned invalid {name} output {ATTEMPTS} times: {problem}"
        )

    def _create(
        self, messages: list[dict[str, str]], name: str, schema: dict[str, Any]
    ) -> ChatCompletion:
        try:
            return self._request(messages, name, schema)
        except ProviderThrottled as throttled:
            wait = throttled.retry_after_seconds
            if wait is None or wait > self._max_inline_wait:
                raise
            self._sleep(wait)  # honour the provider's Retry-After, then try once more
            return self._request(messages, name, schema)

    def _request(
        self, messages: list[dict[str, str]], name: str, schema: dict[str, Any]
    ) -> ChatCompletion:
        response_format: ResponseFormatResponseFormatJsonSchema = {
            "type": "json_schema",
            "json_schema": {"name": name, "strict": True, "schema": schema},
        }
        try:
            return self._client.chat.completions.create(
                model=self._model, messages=_typed(messages), response_format=response_format
            )
        except groq.APIError as error:
            raise _translate(error) from error


def _typed(messages: list[dict[str, str]]) -> list[ChatCompletionMessageParam]:
    """The prompts' plain messages as the SDK's typed ones (prompts stay provider-neutral)."""
    typed: list[ChatCompletionMessageParam] = []
    for message in messages:
        if message["role"] == "system":
            typed.append(
                ChatCompletionSystemMessageParam(role="system", content=message["content"])
            )
        else:
            typed.append(ChatCompletionUserMessageParam(role="user", content=message["content"]))
    return typed


def _translate(error: groq.APIError) -> Exception:
    """The SDK's errors as the errors the state machine names."""
    if isinstance(error, groq.RateLimitError):
        seconds = retry_after_seconds(error.response.headers)
        return ProviderThrottled(f"{PROVIDER} rate limit (retry after {seconds} s)", seconds)
    if isinstance(error, groq.APITimeoutError):
        return ProviderUnavailable(f"{PROVIDER} timed out")
    if isinstance(error, groq.APIConnectionError):
        return ProviderUnavailable(f"{PROVIDER} connection failed: {error}")
    if isinstance(error, groq.APIStatusError):
        if _code(error.body) == "json_validate_failed":
            return InvalidOutput(f"{PROVIDER} rejected the model's output: {error.message}")
        if error.status_code >= 500:
            return ProviderUnavailable(f"{PROVIDER} HTTP {error.status_code}")
        return AnalysisFailed(f"{PROVIDER} refused the request: HTTP {error.status_code}")
    return ProviderUnavailable(f"{PROVIDER} error: {error}")


def _code(body: object) -> str | None:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("code"), str):
            return str(inner["code"])
    return None


def retry_after_seconds(headers: Any, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from `retry-after-ms`, `retry-after` (seconds or an HTTP date), or None."""
    for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            pass
    date = headers.get("retry-after")
    if date is None:
        return None
    try:
        return max(0.0, email.utils.parsedate_to_datetime(date).timestamp() - now())
    except (TypeError, ValueError):
        return None


def _usage(completion: ChatCompletion) -> Usage:
    usage = completion.usage
    if usage is None:
        return Usage()
    return Usage(input_tokens=usage.prompt_tokens, output_tokens=usage.completion_tokens)


def _parse(completion: ChatCompletion, reply_type: type[Reply]) -> Reply:
    if not completion.choices:
        raise InvalidOutput("no choices in the reply")
    choice = completion.choices[0]
    if choice.finish_reason == "length":
        raise InvalidOutput("the reply was cut off at the token limit")
    content = choice.message.content
    if not content:
        raise InvalidOutput("the reply is empty")
    try:
        return reply_type.model_validate(json.loads(content))
    except json.JSONDecodeError as error:
        raise InvalidOutput(f"not JSON: {error}") from error
    except ValidationError as error:
        raise InvalidOutput(f"not the schema: {error.error_count()} problems") from error


def _grounded(reply: Any, transcript: str) -> CriterionScore:
    """The model's evidence kept only where it really is in the transcript, as the transcript
    spells it; an invented quote is dropped, never shown to a reviewer."""
    quotes = [verbatim(q, transcript) for q in reply.evidence]
    return CriterionScore(
        score=reply.score,
        reason=reply.reason.strip(),
        evidence=list(dict.fromkeys(q for q in quotes if q)),
    )


def verbatim(quote: str, transcript: str) -> str | None:
    """`quote` as it appears in `transcript`, tolerating differences in whitespace only."""
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), transcript)
    return match.group(0) if match else None


def _summary_text(reply: SummaryReply) -> InterviewSummaryText:
    return InterviewSummaryText(
        summary=reply.summary.strip(),
        strengths=_clean(reply.strengths),
        concerns=_clean(reply.concerns),
    )


def _clean(items: list[str]) -> list[str]:
    return [item.strip() for item in items if item.strip()]


def _answer_digest(
    number: int,
    answer: AnswerForScoring,
    analysis: AnswerAnalysis,
    weights: dict[Criterion, float] | None,
) -> dict[str, Any]:
    """What the summary model sees of one answer: the question and its assessment, not the
    whole transcript (smaller, and the assessment already quotes it)."""
    return {
        "number": number,
        "question": answer.question,
        "answer_language": analysis.language,
        "language_mismatch": analysis.language_mismatch,
        "weighted_score": round_score(weighted_score(analysis.criteria, weights)),
        "criteria": {
            c: {"score": s.score, "reason": s.reason} for c, s in analysis.criteria.items()
        },
        "strengths": analysis.strengths,
        "improvements": analysis.improvements,
    }
