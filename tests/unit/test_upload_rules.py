"""Which S3 objects of the uploads bucket reach which rule: the catalog's patterns, evaluated by
the EventBridge pattern matcher the local platform delivers with (moto's), on keys made by the
code that names the objects. The answer rule takes the recordings only, never the audio chunks
stored beside them or their transcripts; the chunk rule takes the chunks only."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from moto.events.models import EventPattern

from functions.candidates.use_cases import answer_key
from functions.domain.audio_chunks import TRANSCRIPT_SUFFIX, chunk_key
from functions.domain.interviews import Answer
from functions.media.use_cases import AnswerRef, media_prefix
from functions.resources import (
    ANSWER_UPLOADED_RULE,
    AUDIO_CHUNK_UPLOADED_RULE,
    UPLOADS_BUCKET,
    Rule,
)

ACCOUNT = "123456789012"
BUCKET = UPLOADS_BUCKET.name("local", ACCOUNT)
# The accepted types (settings.answer_content_types) and one an operator may add without an
# extension of its own (its key ends in .bin).
CONTENT_TYPES = ("video/webm", "video/mp4", "video/quicktime", "audio/webm", "video/x-matroska")


def _reaches(rule: Rule, key: str, bucket: str = BUCKET) -> bool:
    event = {
        "source": "aws.s3",
        "detail-type": "Object Created",
        "detail": {"bucket": {"name": bucket}, "object": {"key": key, "size": 10}},
    }
    matcher = EventPattern.load(json.dumps(rule.pattern("local", ACCOUNT)))
    return bool(matcher.matches_event(event))


def _recording(content_type: str) -> str:
    return answer_key(
        Answer(
            company_id="c1",
            interview_id="i1",
            id="a1",
            question_id="q1",
            question_index=0,
            attempt=1,
            object_key="",
            content_type=content_type,
            upload_method="post",
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )


_CHUNK = chunk_key("c1", "i1", "a1", 3, 12_000)
_NOT_RECORDINGS = (
    _CHUNK,
    _CHUNK.removesuffix(".wav") + TRANSCRIPT_SUFFIX,
    media_prefix(
        AnswerRef(
            company_id="c1",
            interview_id="i1",
            answer_id="a1",
            bucket="b",
            key="k",
            correlation_id="x",
        )
    )
    + "video.mp4",
    "live/c1/l1/r1.webm",  # a live call's recording: analysed after the call, not by this rule
)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_every_recording_reaches_the_answer_rule_and_not_the_chunk_rule(content_type: str) -> None:
    key = _recording(content_type)
    assert _reaches(ANSWER_UPLOADED_RULE, key)
    assert not _reaches(AUDIO_CHUNK_UPLOADED_RULE, key)


@pytest.mark.parametrize("key", _NOT_RECORDINGS)
def test_chunks_transcripts_and_derived_media_do_not_reach_the_answer_rule(key: str) -> None:
    assert not _reaches(ANSWER_UPLOADED_RULE, key)


def test_only_a_chunk_reaches_the_chunk_rule() -> None:
    assert _reaches(AUDIO_CHUNK_UPLOADED_RULE, _CHUNK)
    assert [k for k in _NOT_RECORDINGS if _reaches(AUDIO_CHUNK_UPLOADED_RULE, k)] == [_CHUNK]


def test_another_buckets_recording_reaches_no_rule() -> None:
    key = _recording("video/webm")
    assert not _reaches(ANSWER_UPLOADED_RULE, key, bucket="someone-elses-bucket")


@pytest.mark.parametrize(
    ("wildcard", "key", "matches"),
    [
        ("answers/*.webm", "answers/c/i/a.webm", True),
        ("answers/*.webm", "answers/c/i/a.webm.wav", False),
        ("answers/*.webm", "other/answers/c/i/a.webm", False),  # anchored at both ends
        ("answers/*/chunks/*.wav", "answers/c/i/a/chunks/0001-0.wav", True),
        ("answers/*/chunks/*.wav", "answers/c/i/a/chunks/0001-0.transcript.json", False),
        ("answers/*/chunks/*.wav", "answers/c/i/a.wav", False),
    ],
)
def test_the_wildcard_operator(wildcard: str, key: str, matches: bool) -> None:
    """The operator the rules rely on: `*` spans any characters (slashes too), the rest is
    literal, and the whole key must match."""
    rule = Rule(
        base="probe",
        bus="default",
        targets=(),
        source=("aws.s3",),
        detail_type=("Object Created",),
        bucket=UPLOADS_BUCKET.base,
        key_wildcards=(wildcard,),
    )
    assert _reaches(rule, key) is matches
