"""One answer as the offline analyzer reads it: the topic it should address (question, ideal-answer
hint, competencies), what the transcript actually covers, and its specificity signals.

Everything a criterion needs is computed here once, so the criteria themselves stay small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from functions.analysis.languages import Language, normalize_language, supported_or_default
from functions.analysis.lexicon import LEXICONS, Lexicon, content_stems, words
from functions.analysis.ports import AnswerForScoring
from functions.analysis.signals import (
    Sentence,
    Specificity,
    anchors,
    matched_topics,
    on_topic_share,
    sentences,
    specificity,
)

# Capitalized ordinary words (sentence starts: "Tell", "Describe") are not anchors.
_WORD_AS_WRITTEN = re.compile(r"[^\W_]+", re.UNICODE)
_EVERY_STOP_WORD = frozenset().union(*(lexicon.stop_words for lexicon in LEXICONS.values()))


@dataclass(frozen=True)
class Reading:
    language: Language  # the answer's language: its lexicon and its wording are used
    interview_language: str
    cross_language: bool  # question and answer in different languages: only anchors compare
    lexicon: Lexicon
    compounding: bool
    sentences: list[Sentence]
    stems: list[str]
    word_count: int
    question_topic: list[str]
    question_hits: list[str]
    ideal_topic: list[str]
    ideal_hits: list[str]
    competencies_total: int
    competencies_hit: int
    question_topic_all: list[str]  # the question's terms in order, as they open `topic`
    topic: list[str]  # question + ideal hint + competencies
    on_topic: float
    missed_terms: list[str]  # the question's own words (as written) the answer never touched
    signals: Specificity

    @property
    def question_coverage(self) -> float:
        """Share of the question's key terms the answer uses."""
        return len(self.question_hits) / len(self.question_topic) if self.question_topic else 0.0

    @property
    def hint_coverage(self) -> float:
        """Share of the ideal-answer hint's and competencies' terms the answer uses; the
        question's coverage when the template gives neither."""
        hint = list(dict.fromkeys(self.topic[len(self.question_topic_all) :]))
        if not hint:
            return self.question_coverage
        return len(matched_topics(self.stems, hint, self.compounding)) / len(hint)

    def topic_hits(self, sentence: Sentence) -> int:
        stems = self._comparable(sentence)
        return len(matched_topics(stems, self.topic, self.compounding))

    def _comparable(self, sentence: Sentence) -> list[str] | tuple[str, ...]:
        return anchors(sentence.text, _EVERY_STOP_WORD) if self.cross_language else sentence.stems


def read_answer(answer: AnswerForScoring) -> Reading:
    language = supported_or_default(answer.answer_language)
    interview_language = normalize_language(answer.interview_language)
    cross = normalize_language(answer.answer_language) != interview_language
    lexicon = LEXICONS[language]
    compounding = language == "de"
    found = sentences(answer.transcript, lexicon)
    terms = _terms(answer, lexicon, cross)
    stems = (
        anchors(answer.transcript, _EVERY_STOP_WORD)
        if cross
        else content_stems(answer.transcript, lexicon)
    )
    competencies = [
        _terms_of(c, lexicon, cross) for c in answer.competencies if _terms_of(c, lexicon, cross)
    ]
    topic = terms.question + terms.ideal + [t for c in competencies for t in c]
    question_hits = matched_topics(stems, terms.question, compounding)
    return Reading(
        language=language,
        interview_language=interview_language,
        cross_language=cross,
        lexicon=lexicon,
        compounding=compounding,
        sentences=found,
        stems=stems,
        word_count=len(words(answer.transcript)),
        question_topic=list(dict.fromkeys(terms.question)),
        question_hits=question_hits,
        ideal_topic=list(dict.fromkeys(terms.ideal)),
        ideal_hits=matched_topics(stems, terms.ideal, compounding),
        competencies_total=len(answer.competencies),
        competencies_hit=sum(1 for c in competencies if matched_topics(stems, c, compounding)),
        question_topic_all=terms.question,
        topic=topic,
        on_topic=on_topic_share(stems, topic, compounding),
        missed_terms=_missed_terms(answer.question, lexicon, question_hits),
        signals=specificity(answer.transcript, lexicon, capitalized_nouns=compounding),
    )


@dataclass(frozen=True)
class _Terms:
    question: list[str]
    ideal: list[str]


def _terms(answer: AnswerForScoring, lexicon: Lexicon, cross: bool) -> _Terms:
    return _Terms(
        question=_terms_of(answer.question, lexicon, cross),
        ideal=_terms_of(answer.ideal_answer or "", lexicon, cross),
    )


def _terms_of(text: str, lexicon: Lexicon, cross: bool) -> list[str]:
    """Topic terms of a text written in the interview's language. Across languages only anchors
    (names, numbers) can be compared; otherwise the stems in the answer's lexicon."""
    return anchors(text, _EVERY_STOP_WORD) if cross else content_stems(text, lexicon)


def _missed_terms(question: str, lexicon: Lexicon, hits: list[str]) -> list[str]:
    """Up to three of the question's words, as written, whose stems the answer never used."""
    missed: dict[str, None] = {}
    for match in _WORD_AS_WRITTEN.finditer(question):
        word = match.group(0)
        stems = content_stems(word, lexicon)
        if stems and stems[0] not in hits and len(word) > 3:
            missed[word.lower()] = None
    return list(missed)[:3]
