# ruff: noqa: RUF001 - Cyrillic letters in patterns are intended.
"""What the offline analyzer reads in a transcript: sentences (as exact spans, so evidence is
always a verbatim quote), topic overlap, and the specificity and structure signals.

Pure functions of the text and the lexicon: the same transcript always gives the same signals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from functions.analysis.lexicon import Lexicon, content_stems, count_markers, fold, words

# A stop inside a token ("2.4", "e.g.x") does not end a sentence; one before a space does.
_SENTENCE = re.compile(r"(?:[^.!?…\n]|[.!?…](?=[^\s.!?…]))+[.!?…]*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s?%?")
# Product and technology names, acronyms and versions: "PostgreSQL", "S3", "AWS", "iOS", "K8s".
_TECH_TERM = re.compile(r"\b(?:[A-Z]{2,}\w*|\w*[a-z][A-Z]\w*|[A-Za-z]+\d+\w*)\b")
_CAPITALIZED = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{2,}\b")
_LATIN_NAME = re.compile(r"\b[A-Z][A-Za-z0-9+#]{1,}\b")


@dataclass(frozen=True)
class Sentence:
    text: str  # exactly as in the transcript (a substring of it)
    stems: tuple[str, ...]


def sentences(transcript: str, lexicon: Lexicon) -> list[Sentence]:
    found = []
    for match in _SENTENCE.finditer(transcript):
        text = match.group(0).strip()
        if len(words(text)) >= 2:
            found.append(Sentence(text=text, stems=tuple(content_stems(text, lexicon))))
    return found


def stems_match(answer_stem: str, topic_stem: str, compounding: bool) -> bool:
    """Equal stems match; in compounding languages (German) a long topic stem inside an answer
    word matches too ("Abfrage" in "Datenbankabfrage")."""
    if answer_stem == topic_stem:
        return True
    return compounding and len(topic_stem) >= 5 and topic_stem in answer_stem


def matched_topics(
    stems: list[str] | tuple[str, ...], topic: list[str], compounding: bool
) -> list[str]:
    """Topic stems (in topic order, once each) that the given stems mention."""
    return [t for t in dict.fromkeys(topic) if any(stems_match(s, t, compounding) for s in stems)]


def on_topic_share(stems: list[str], topic: list[str], compounding: bool) -> float:
    """Share of the answer's content words that belong to the topic."""
    if not stems:
        return 0.0
    unique_topic = list(dict.fromkeys(topic))
    hits = sum(1 for s in stems if any(stems_match(s, t, compounding) for t in unique_topic))
    return hits / len(stems)


def anchors(text: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Language-independent anchors: numbers and Latin-script names, acronyms and versions
    ("Kafka", "AWS", "S3"). Used to compare an answer with a question written in another
    language, where word overlap means nothing. `ignore` drops ordinary capitalized words."""
    found = [fold(m.group(0)) for m in _LATIN_NAME.finditer(text)]
    found += [fold(m.group(0)) for m in _TECH_TERM.finditer(text)]
    found += [m.group(0).strip(" %") for m in _NUMBER.finditer(text)]
    return [a for a in dict.fromkeys(found) if a not in ignore]


@dataclass(frozen=True)
class Specificity:
    numbers: int
    named_terms: int
    first_person: int
    reasoning: int
    outcomes: int
    hedges: int
    fillers: int
    connectives: int


def specificity(text: str, lexicon: Lexicon, capitalized_nouns: bool) -> Specificity:
    """Counts of the signals that make an answer concrete or vague. German capitalizes every
    noun, so there only acronyms, versions and camel-case names count as named terms."""
    named = {m.group(0) for m in _TECH_TERM.finditer(text)}
    if not capitalized_nouns:
        # A capital at a sentence's start says nothing; elsewhere it marks a name.
        named |= {
            m.group(0)
            for s in sentences(text, lexicon)
            for m in _CAPITALIZED.finditer(s.text)
            if m.start() > 0 and m.group(0).lower() not in lexicon.first_person
        }
    tokens = words(text)
    first_person = sum(1 for t in tokens if t in lexicon.first_person)
    first_person += sum(
        1 for t in tokens if len(t) > 4 and any(t.endswith(e) for e in lexicon.first_person_endings)
    )
    return Specificity(
        numbers=len(_NUMBER.findall(text)) + sum(1 for t in tokens if t in lexicon.number_words),
        named_terms=len(named),
        first_person=first_person,
        reasoning=count_markers(text, lexicon.reasoning),
        outcomes=count_markers(text, lexicon.outcomes),
        hedges=count_markers(text, lexicon.hedges),
        fillers=count_markers(text, lexicon.fillers),
        connectives=count_markers(text, lexicon.connectives),
    )
