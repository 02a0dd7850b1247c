# ruff: noqa: RUF001 - localized question markers.
"""Preparation tips for candidates from a template's questions, written offline from localized
sentences: three general tips, then one per kind of question the interview asks."""

from __future__ import annotations

from functions.analysis.languages import Language, supported_or_default
from functions.analysis.lexicon import fold
from functions.analysis.wording import say

MAX_QUESTIONS = 50

# Phrases that mark a question's kind, in any of the four languages (a template's questions
# may be written in a language other than the candidate's).
_BEHAVIORAL = (
    "tell me about a time",
    "describe a situation",
    "give an example",
    "a time when",
    "расскажите о случае",
    "приведите пример",
    "опишите ситуацию",
    "был случай",
    "erzählen sie von",
    "beschreiben sie eine situation",
    "ein beispiel",
    "eine situation",
    "cuénteme",
    "cuéntenos",
    "describa una situación",
    "un ejemplo",
    "una vez que",
)
_MOTIVATION = (
    "why do you want",
    "why are you interested",
    "motivat",
    "why this",
    "почему вы хотите",
    "почему вас интересует",
    "мотивац",
    "warum möchten sie",
    "warum wollen sie",
    "motivation",
    "por qué quiere",
    "por qué le interesa",
    "motivación",
)
_TECHNICAL = (
    "how would you",
    "design",
    "explain",
    "difference between",
    "architecture",
    "implement",
    "как бы вы",
    "спроектир",
    "объясните",
    "разница между",
    "архитектур",
    "реализ",
    "wie würden sie",
    "entwerfen",
    "erklären sie",
    "unterschied zwischen",
    "architektur",
    "cómo diseñaría",
    "diseñ",
    "explique",
    "diferencia entre",
    "arquitectura",
    "implement",
)

GENERAL_TIPS = ("tip_setup", "tip_think_time", "tip_length")


def question_kind(question: str) -> str:
    folded = fold(question)
    for kind, markers in (
        ("tip_behavioral", _BEHAVIORAL),
        ("tip_motivation", _MOTIVATION),
        ("tip_technical", _TECHNICAL),
    ):
        if any(fold(marker) in folded for marker in markers):
            return kind
    return "tip_question"


def offline_tips(questions: list[str], language: str) -> list[str]:
    """General tips, then one per kind of question the interview has. Never a question's
    text: candidates meet each question only when it is asked."""
    lang: Language = supported_or_default(language)
    general = [say(lang, key) for key in GENERAL_TIPS]
    kinds = dict.fromkeys(question_kind(q) for q in questions[:MAX_QUESTIONS] if q.strip())
    return general + [say(lang, kind) for kind in kinds]
