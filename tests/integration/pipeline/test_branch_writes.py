"""process-answer's two branches write the same answer item at once (issue 18): ScoreAnswer
(audio branch) and RecordMedia (video branch) each set only their own fields over a fresh
read, and a revision conflict re-reads and applies the change again, so neither undoes the
other."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

from fastapi.testclient import TestClient

from functions import wiring
from functions.analysis.offline import OfflineAnalyzer
from functions.domain.errors import Conflict
from functions.domain.interviews import Answer, AnswerMedia, AnswerStatus, VideoStatus
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.media import scoring, use_cases
from functions.media.use_cases import ImagesResult, MediaMade, VideoResult
from functions.storage.repositories import InterviewRepository
from tests.integration.api.conftest import Tenant
from tests.integration.pipeline.analysis_setup import transcribed_interview


class WritesTogether:
    """The interview repository, but each thread's first answer write waits until the other
    thread is about to write too, so both write over the same revision."""

    def __init__(self, inner: InterviewRepository, barrier: threading.Barrier) -> None:
        self._inner = inner
        self._barrier = barrier
        self._waited: set[int] = set()
        self.writes: list[str] = []  # "saved" / "conflict", in order

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def save_answer(self, answer: Answer, revision: int, events: Sequence[Any] = ()) -> int:
        if threading.get_ident() not in self._waited:
            self._waited.add(threading.get_ident())
            self._barrier.wait()
        try:
            saved = self._inner.save_answer(answer, revision, events)
        except Conflict:
            self.writes.append("conflict")
            raise
        self.writes.append("saved")
        return saved


def test_scoring_and_recording_the_video_at_once_keep_both_writes(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    _, resources = platform
    ref = transcribed_interview(client, tenant, resources).refs[0]
    audio = AnswerMedia(audio_key="media/audio.flac")  # as SaveTranscript writes it
    use_cases.change_answer(
        wiring.interviews(), ref, lambda a: a.model_copy(update={"media_keys": audio})
    )
    repository = WritesTogether(wiring.interviews(), threading.Barrier(2, timeout=30))
    answers = cast(InterviewRepository, repository)  # duck-typed wrapper
    made = MediaMade(
        video=VideoResult(video_key="media/video.mp4"),
        images=ImagesResult(poster_key="media/poster.jpg", thumbnails_key="media/thumbs.jpg"),
    )
    with ThreadPoolExecutor(max_workers=2) as pool:
        scored = pool.submit(scoring.score_answer, answers, OfflineAnalyzer(), ref)
        recorded = pool.submit(use_cases.record_answer_media, answers, ref, made)
        scored.result(), recorded.result()

    assert sorted(repository.writes) == ["conflict", "saved", "saved"]  # the race happened
    found = wiring.interviews().answer(ref.company_id, ref.interview_id, ref.answer_id)
    assert found is not None
    answer = found[0]
    assert answer.status is AnswerStatus.SCORED and answer.analysis is not None
    assert answer.transcript  # the transcribed state is kept too
    assert answer.video_status is VideoStatus.READY and answer.media_keys is not None
    assert answer.media_keys.video_key == "media/video.mp4"
    assert answer.media_keys.poster_key == "media/poster.jpg"
    assert answer.media_keys.audio_key == "media/audio.flac"  # the audio branch's key is kept
