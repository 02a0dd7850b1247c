"""One answer as the offline analyzer reads it: the topic it should address (question, ideal-answer
hint, competencies), what the transcript actually covers, and its specificity signals.

Meaning comes from the multilingual sentence encoder (semantics.py): how close the answer is to
the question and to the ideal-answer hint, in any of the four languages, and which sentences only
restate the question. Words (the lexicon) still give the specificity signals, the echo measures
within one language and the terms a reason can name.

Everything a criterion needs is computed here once, so the criteria themselves stay small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from functions.analysis.languages import Language, normalize_language, supported_or_default
from functions.analysis.lexicon import LEXICONS, Lexicon, content_stems, words
from functions.analysis.ports import AnswerForScoring
from functions.analysis.semantics import similarities
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


# Interview questions about nothing in particular. How close an answer is to them is the baseline
# its closeness to the asked question is measured against: any story sits a little near any
# "tell me about" question, and a generic answer sits near all of them; an answer about the
# asked question sits nearer to it than to these. The encoder is multilingual: English serves
# answers in every language.
GENERIC_QUESTIONS = (
    "Tell me about yourself.",
    "What are your greatest strengths and weaknesses?",
    "Where do you see yourself in five years?",
    "Why are you leaving your current job?",
    "What are your salary expectations?",
    "What motivates you at work?",
    "How do you work in a team?",
    "How do you handle stress and pressure?",
    "What is your leadership style?",
    "What do you know about our company?",
)
# A sentence this close in meaning to the question restates it (in any language).
ECHO_SIMILARITY = 0.7
# The best sentences' similarity counts as much as the whole answer's: a long answer dilutes its
# vector, while its key sentences stay close to the question.
_TOP_SENTENCES = 3


@dataclass(frozen=True)
class Meaning:
    """What the encoder says about the answer; similarities are cosines rounded to 3 decimals."""

    question_similarity: float  # the whole answer's, or its best sentences', whichever is higher
    baseline_similarity: float  # the same, to GENERIC_QUESTIONS on average
    ideal_similarity: float | None  # to the ideal-answer hint, when the template has one
    sentence_similarity: tuple[float, ...]  # each sentence's to the question, in order
    echo_share: float  # share of the answer's words in sentences that restate the question
    question_overlap: float  # share of the answer's content words that are the question's own
    own_terms: int  # distinct content words beyond the question's, outside restating sentences


_NO_MEANING = Meaning(0.0, 0.0, None, (), 0.0, 0.0, 0)


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
    meaning: Meaning

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
        meaning=_meaning(answer, found, lexicon, cross),
    )


def _closeness(row: list[float]) -> float:
    """An anchor's closeness to the answer: to the whole, or to its best sentences on average,
    whichever is higher (row: the whole answer, then each sentence)."""
    whole, *per_sentence = row
    best = sorted(per_sentence, reverse=True)[:_TOP_SENTENCES]
    return max(whole, sum(best) / len(best))


def _meaning(
    answer: AnswerForScoring, found: list[Sentence], lexicon: Lexicon, cross: bool
) -> Meaning:
    if not found:
        return _NO_MEANING
    ideal = [answer.ideal_answer] if answer.ideal_answer else []
    matrix = similarities(
        [answer.question, *GENERIC_QUESTIONS, *ideal],
        [answer.transcript, *(s.text for s in found)],
    )
    per_sentence = matrix[0][1:]
    generic = matrix[1 : 1 + len(GENERIC_QUESTIONS)]
    echoes = [s for s, v in zip(found, per_sentence, strict=True) if v >= ECHO_SIMILARITY]
    word_total = sum(len(words(s.text)) for s in found)
    # Across languages the question's words cannot be compared: echoes are found by meaning only.
    question_stems = set() if cross else set(content_stems(answer.question, lexicon))
    stems = [t for s in found for t in s.stems]
    own = {t for s in found if s not in echoes for t in s.stems if t not in question_stems}
    return Meaning(
        question_similarity=_closeness(matrix[0]),
        baseline_similarity=round(sum(map(_closeness, generic)) / len(generic), 3),
        ideal_similarity=matrix[-1][0] if ideal else None,
        sentence_similarity=tuple(per_sentence),
        echo_share=sum(len(words(s.text)) for s in echoes) / word_total if word_total else 0.0,
        question_overlap=sum(1 for t in stems if t in question_stems) / len(stems)
        if stems
        else 0.0,
        own_terms=len(own),
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
