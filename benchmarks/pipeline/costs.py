"""List prices (USD, on-demand, eu-west-1 / Groq developer tier, as published in 2025) and the
cost of one interview's pipeline from measured work. Change a price here, nowhere else."""

from __future__ import annotations

from dataclasses import dataclass

LAMBDA_GB_SECOND = 0.0000166667  # x86
LAMBDA_REQUEST = 0.20 / 1_000_000
STEP_FUNCTIONS_TRANSITION = 0.025 / 1000  # standard workflows
S3_PUT = 0.005 / 1000
S3_GET = 0.0004 / 1000
S3_GB_MONTH = 0.023
GROQ_WHISPER_TURBO_HOUR = 0.04  # whisper-large-v3-turbo, per hour of audio
GROQ_WHISPER_MIN_SECONDS = 10  # each request is billed at least 10 s
GROQ_LLM_INPUT_MTOK = 0.15  # openai/gpt-oss-120b
GROQ_LLM_OUTPUT_MTOK = 0.60


@dataclass(frozen=True)
class AnswerWork:
    audio_seconds: float
    gb_seconds: float  # Lambda memory (GB) x billed duration (s), summed over invocations
    invocations: int
    transitions: int
    s3_puts: int
    s3_gets: int
    stored_bytes: int
    transcription_requests: int
    llm_input_tokens: int = 1500  # a question, a rubric and a 2-minute transcript
    llm_output_tokens: int = 600


def answer_cost(work: AnswerWork) -> dict[str, float]:
    groq_audio = max(work.audio_seconds, GROQ_WHISPER_MIN_SECONDS * work.transcription_requests)
    return {
        "lambda": work.gb_seconds * LAMBDA_GB_SECOND + work.invocations * LAMBDA_REQUEST,
        "step_functions": work.transitions * STEP_FUNCTIONS_TRANSITION,
        "s3": work.s3_puts * S3_PUT + work.s3_gets * S3_GET + work.stored_bytes / 1e9 * S3_GB_MONTH,
        "groq_whisper": groq_audio / 3600 * GROQ_WHISPER_TURBO_HOUR,
        "groq_llm": (
            work.llm_input_tokens * GROQ_LLM_INPUT_MTOK
            + work.llm_output_tokens * GROQ_LLM_OUTPUT_MTOK
        )
        / 1e6,
    }


def interview_cost(
    per_answer: dict[str, float], answer_seconds: float, interview_minutes: int = 20
) -> dict[str, float]:
    """Scale one measured answer to an interview of `interview_minutes` of answers."""
    answers = interview_minutes * 60 / answer_seconds
    cost = {k: v * answers for k, v in per_answer.items()}
    cost["total"] = sum(cost.values())
    return cost
