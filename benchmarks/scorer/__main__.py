"""Benchmark: the offline scorer against its labelled answer sets.

    .venv/bin/python -m benchmarks.scorer [--set evaluation|tuning]

Prints Spearman's rank correlation of the scores with the expert labels, the margin between the
lowest specific/strong answer and the highest echo answer, mean scores per category and per
answer language, and the time per answer (the encoder's one-off load reported apart).
The evaluation set is for measuring only: tune on `--set tuning`.
"""

from __future__ import annotations

import argparse
import time

from functions.analysis.offline import OfflineAnalyzer
from functions.analysis.semantics import similarities
from tests.unit.analysis.eval.scorer_eval import (
    CATEGORIES,
    evaluate,
    evaluation_answers,
    tuning_answers,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("evaluation", "tuning"), default="evaluation")
    args = parser.parse_args()
    answers = evaluation_answers() if args.set == "evaluation" else tuning_answers()

    started = time.perf_counter()
    similarities(["load"], ["the encoder"])
    load_seconds = time.perf_counter() - started

    analyzer = OfflineAnalyzer()
    started = time.perf_counter()
    report = evaluate(lambda answer: analyzer.score_answer(answer).overall, answers)
    per_answer_ms = 1000 * (time.perf_counter() - started) / len(answers)

    print(
        f"{args.set} set: {len(answers)} answers, {len({a.question_id for a in answers})} questions"
    )
    print(f"Spearman rho (scores vs labels): {report.correlation:.3f}")
    echoes, specific = report.scores("echo"), report.scores("specific", "strong")
    print(
        f"echo max {max(echoes)} vs specific/strong min {min(specific)}: "
        f"margin {report.echo_margin:+d}"
    )
    by_category = report.mean_by(lambda s: s.item.category)
    print(
        "mean by category: "
        + ", ".join(f"{c} {by_category[c]:.1f}" for c in CATEGORIES if c in by_category)
    )
    by_language = report.mean_by(lambda s: s.item.answer.answer_language)
    print("mean by answer language: " + ", ".join(f"{k} {v:.1f}" for k, v in by_language.items()))
    on_topic = report.mean_by(
        lambda s: (
            f"{s.item.answer.answer_language}"
            if s.item.category in ("specific", "strong")
            else "other"
        )
    )
    print(
        "mean of specific/strong by answer language: "
        + ", ".join(f"{k} {v:.1f}" for k, v in on_topic.items() if k != "other")
    )
    crossed = [
        s.score
        for s in report.scored
        if s.item.answer.answer_language != s.item.answer.interview_language
        and s.item.category in ("specific", "strong")
    ]
    if crossed:
        print(f"specific/strong in another language than the question: {crossed}")
    print(
        f"encoder load {load_seconds:.1f} s (once per process); {per_answer_ms:.0f} ms per answer"
    )


if __name__ == "__main__":
    main()
