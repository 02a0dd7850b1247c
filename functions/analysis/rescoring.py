"""The analyze-interview step of a re-score: score each stored transcript again with the
rubric the recruiter chose (rescoreInterview), before the interview's analysis is made from them.

No media step runs: the transcripts are on the answers. Each re-scored answer is written back
with the version it was scored for, so a retried step reuses it instead of calling the analyzer
twice; the previous scores stay in the previous analysis version (functions/domain/analyses.py).
"""

from __future__ import annotations

from functions.analysis.ports import Analyzer, AnswerAnalysis, AnswerForScoring
from functions.domain.analyses import Rubric
from functions.domain.errors import Conflict, NotFound
from functions.domain.interviews import Answer, Interview
from functions.storage.repositories import InterviewRepository

SCORED_FOR = "analysis_version"  # key on a re-scored answer's stored analysis


def for_rubric(interview: Interview, answer: Answer, rubric: Rubric) -> AnswerForScoring:
    question = interview.questions[answer.question_index]
    hints = rubric.hints.get(question.id)
    return AnswerForScoring(
        question=question.text,
        ideal_answer=hints.ideal_answer if hints else question.ideal_answer,
        competencies=hints.competencies if hints else question.competencies,
        transcript=answer.transcript or "",
        answer_language=answer.language or interview.candidate.language,
        interview_language=interview.candidate.language,
    )


def rescore_answers(
    interviews: InterviewRepository,
    analyzer: Analyzer,
    interview: Interview,
    answers: list[Answer],
    version: int,
) -> list[tuple[Answer, AnswerForScoring, AnswerAnalysis]]:
    """Each answer scored with the interview's re-score rubric, stored as it goes."""
    rubric = interview.rescore_rubric
    if rubric is None:
        raise Conflict(f"interview {interview.id} has no re-score rubric for version {version}")
    scored = []
    for answer in answers:
        question = for_rubric(interview, answer, rubric)
        stored = answer.analysis or {}
        if stored.get(SCORED_FOR) == version:  # a retried step: no second call
            result = AnswerAnalysis.model_validate(stored)
        else:
            result = analyzer.score_answer(question)
            answer = _store(interviews, answer, result, version)
        scored.append((answer, question, result))
    return scored


def _store(
    interviews: InterviewRepository, answer: Answer, result: AnswerAnalysis, version: int
) -> Answer:
    analysis = {**result.model_dump(mode="json"), SCORED_FOR: version}
    for _ in range(5):
        found = interviews.answer(answer.company_id, answer.interview_id, answer.id)
        if found is None:
            raise NotFound(f"answer {answer.id} not found")
        current, revision = found
        updated = current.model_copy(update={"analysis": analysis})
        try:
            interviews.save_answer(updated, revision)
        except Conflict:
            continue
        return updated
    raise Conflict(f"answer {answer.id} is being changed concurrently")
