# ruff: noqa: RUF001, RUF002 - Cyrillic and accented word lists are the point here.
"""Per-language word knowledge for the offline analyzer: stop-words, light stemming and the
marker words that signal structure, reasoning, results, hedging and filler.

Deliberately small and readable: the offline analyzer is a transparent baseline that a reviewer
can reason about, not a language model. Markers are matched on normalized text (lower case,
ё → е, accents and umlauts folded) so "después" and "despues" count the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from functions.analysis.languages import Language


@dataclass(frozen=True)
class Lexicon:
    stop_words: frozenset[str]
    suffixes: tuple[str, ...]  # longest first
    first_person: frozenset[str]  # pronouns that show the speaker acted
    first_person_endings: tuple[str, ...]  # verb endings that do the same in pro-drop languages
    connectives: tuple[str, ...]  # structure: sequence, cause, example
    reasoning: tuple[str, ...]  # why: cause, trade-off, alternative
    outcomes: tuple[str, ...]  # what changed: result, measured effect, lesson
    hedges: tuple[str, ...]  # vagueness
    fillers: tuple[str, ...]  # spoken filler
    number_words: frozenset[str]  # "three years" is as specific as "3 years"
    situations: tuple[str, ...] = ()  # context: when and where the story happened


def fold(text: str) -> str:
    """Lower case, ё → е, ß → ss, combining accents removed (á → a, ü → u). Cyrillic й keeps its
    breve: it is a different letter, not an accent."""
    lowered = text.lower().replace("ё", "е").replace("ß", "ss").replace("й", "\x00")
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).replace("\x00", "й")


def _longest_first(text: str) -> tuple[str, ...]:
    return tuple(sorted(text.split(), key=len, reverse=True))


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


EN = Lexicon(
    stop_words=_words(
        "a an the and or but if then so of to in on at by for with from as is are was were be "
        "been being am do does did have has had i me my we our us you your he she it its they "
        "them their this that these those there here what which who whom how when where why "
        "can could would should will shall may might must not no yes very really just also "
        "about into over after before up down out than too more most some any all each other "
        "such only own same both few again once tell time describe give example please "
        "explain would like one get got make made thing things"
    ),
    suffixes=_longest_first("ations ation ments ment ness ings ing ies ied ed es ly er s"),
    first_person=_words("i we my our i'm i've we've i'd myself ourselves"),
    first_person_endings=(),
    connectives=(
        "first",
        "second",
        "then",
        "next",
        "after that",
        "finally",
        "because",
        "so ",
        "therefore",
        "for example",
        "for instance",
        "as a result",
        "in the end",
    ),
    reasoning=(
        "because",
        "since",
        "trade-off",
        "tradeoff",
        "instead of",
        "rather than",
        "the reason",
        "so that",
        "otherwise",
        "which meant",
        "root cause",
        "decided",
    ),
    outcomes=(
        "result",
        "reduced",
        "increased",
        "improved",
        "cut",
        "saved",
        "dropped",
        "grew",
        "learned",
        "shipped",
        "launched",
        "delivered",
        "measured",
        "%",
        "percent",
    ),
    hedges=(
        "maybe",
        "probably",
        "kind of",
        "sort of",
        "i guess",
        "i think",
        "somehow",
        "stuff",
        "something like",
        "things like",
        "whatever",
        "generally",
        "usually",
        "it depends",
        "i suppose",
        "more or less",
        "basically",
    ),
    fillers=("um", "uh", "erm", "you know", "like,", "i mean"),
    number_words=_words(
        "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty fifty "
        "hundred thousand million dozen half"
    ),
    situations=(
        "last year",
        "last month",
        "last quarter",
        "last week",
        "last summer",
        "last winter",
        "in my last",
        "in my previous",
        "at my previous",
        "in my current",
        "our team",
        "my team",
        "once",
        "one day",
        "when i was",
        "ago",
        "we had",
        "there was",
    ),
)

RU = Lexicon(
    stop_words=_words(
        "и а но или если то так в во на у к ко с со о об от до по за из для при про без над под "
        "это этот эта эти тот та те то что чтобы как когда где почему зачем кто какой какая какие "
        "я мы вы ты он она оно они мне меня мой моя мои нас нам наш наша наши нашей нашем нашу "
        "вас вам ваш ваша "
        "ваши его ее их был была было были быть есть будет бы же ли не ни да нет уже еще очень "
        "просто тоже также все всё весь вся всех свой своя свои себя который которая которые "
        "расскажите опишите приведите пример пожалуйста раз можно нужно вот там тут здесь"
    ),
    suffixes=_longest_first(
        "иями ями ами ость ости ение ения ений ировали ировал овали овал али ила или ого его "
        "ому ему ыми ими ать ять ить ых их ой ей ий ый ая ое ые ие ам ям ах ях ом ем ла ли ть а "
        "я ы и у ю е о л"
    ),
    first_person=_words("я мы мой моя мои мое нашей наш наша наши мне нам меня нас"),
    first_person_endings=(),
    connectives=(
        "во-первых",
        "во-вторых",
        "сначала",
        "потом",
        "затем",
        "после этого",
        "в итоге",
        "потому что",
        "поэтому",
        "например",
        "в результате",
        "наконец",
    ),
    reasoning=(
        "потому что",
        "так как",
        "поэтому",
        "вместо",
        "компромисс",
        "причина",
        "чтобы",
        "иначе",
        "решил",
        "решили",
        "выбрали",
    ),
    outcomes=(
        "результат",
        "сократил",
        "снизил",
        "уменьшил",
        "увеличил",
        "улучшил",
        "ускорил",
        "сэкономил",
        "выросл",
        "упал",
        "научил",
        "запустил",
        "выпустил",
        "%",
        "процент",
    ),
    hedges=(
        "наверное",
        "я думаю",
        "мне кажется",
        "как-то",
        "вроде",
        "что-то",
        "может быть",
        "в общем",
        "обычно",
        "всякое",
        "какие-то",
        "как бы",
        "типа",
        "где-то",
        "по-разному",
        "по ситуации",
    ),
    fillers=("ну", "эм", "короче", "это самое", "значит,"),
    number_words=_words(
        "два две три четыре пять шесть семь восемь девять десять двадцать тридцать пятьдесят "
        "сто двести тысяча тысячи тысяч миллион половину половина дюжина"
    ),
    situations=(
        "в прошлом",
        "прошлым летом",
        "прошлой зимой",
        "на прошлой работе",
        "в прошлой компании",
        "однажды",
        "как-то раз",
        "назад",
        "у нас был",
        "у нас была",
        "в нашей команде",
        "в моей команде",
        "когда я работал",
    ),
)

DE = Lexicon(
    stop_words=_words(
        "der die das den dem des ein eine einen einem einer eines und oder aber wenn dann so "
        "von zu im in am an auf bei fur mit aus als ist sind war waren sein bin hat haben hatte "
        "hatten ich mich mir mein meine wir uns unser unsere sie ihr ihre es er man dies diese "
        "dieser dieses das dass was welche wer wie wann wo warum nicht kein keine ja nein sehr "
        "auch noch nur schon alle alles jede jeder uber nach vor hier dort da wurde wurden "
        "werden wird kann konnen konnte wurden sollte erzahlen sie beschreiben beispiel bitte "
        "einmal mal etwas gibt gab machen macht gemacht"
    ),
    suffixes=_longest_first(
        "ungen ung heiten heit keiten keit lichen lich ieren ierte iert ten ern en er es te st "
        "e n s t"
    ),
    first_person=_words("ich wir mein meine meinen meinem unser unsere unseren mich mir uns"),
    first_person_endings=(),
    connectives=(
        "zuerst",
        "erstens",
        "zweitens",
        "dann",
        "danach",
        "anschließend",
        "schließlich",
        "weil",
        "deshalb",
        "daher",
        "zum beispiel",
        "am ende",
        "dadurch",
    ),
    reasoning=(
        "weil",
        "da ",
        "deshalb",
        "daher",
        "statt",
        "anstatt",
        "abwägung",
        "kompromiss",
        "grund",
        "sodass",
        "damit",
        "entschieden",
    ),
    outcomes=(
        "ergebnis",
        "reduziert",
        "gesenkt",
        "erhöht",
        "verbessert",
        "beschleunigt",
        "gespart",
        "gelernt",
        "eingeführt",
        "ausgeliefert",
        "gemessen",
        "%",
        "prozent",
    ),
    hedges=(
        "vielleicht",
        "ich denke",
        "ich glaube",
        "irgendwie",
        "wahrscheinlich",
        "sachen",
        "dinge",
        "eigentlich",
        "normalerweise",
        "kommt darauf an",
        "mehr oder weniger",
        "so etwas",
        "halt",
        "im grunde",
        "generell",
    ),
    fillers=("äh", "ähm", "sozusagen", "also,", "naja"),
    number_words=_words(
        "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig fünfzig "
        "hundert tausend million hälfte dutzend"
    ),
    situations=(
        "letztes jahr",
        "letzten",
        "im letzten",
        "in meinem letzten",
        "in meiner letzten",
        "vor zwei",
        "vor einem",
        "vor drei",
        "einmal",
        "damals",
        "bei uns",
        "in unserem team",
        "in meinem team",
        "als ich",
    ),
)

ES = Lexicon(
    stop_words=_words(
        "el la los las un una unos unas y o pero si entonces de del a al en con por para sin "
        "sobre como que qué cuando donde porque quien cual es son era eran ser fue fueron estar "
        "esta este esto estos estas eso esa ese yo me mi mis nosotros nos nuestro nuestra "
        "nuestros usted ustedes su sus se le les lo muy tambien ya no sí mas más todo todos "
        "toda todas otro otra hay ha han he hemos había cuénteme cuentenos describa explique "
        "ejemplo vez algun alguna favor puede podría"
    ),
    suffixes=_longest_first(
        "aciones acion amientos amiento mente idades idad ando iendo amos imos aron ieron ado "
        "ada ido ida ar er ir os as es o a e s"
    ),
    first_person=_words("yo nosotros nosotras mi mis nuestro nuestra nuestros nuestras me nos"),
    # Spanish drops the pronoun: "migré", "diseñamos" say who acted through the verb.
    first_person_endings=("é", "amos", "imos"),
    connectives=(
        "primero",
        "segundo",
        "luego",
        "después",
        "despues",
        "finalmente",
        "porque",
        "por eso",
        "por ejemplo",
        "como resultado",
        "al final",
        "entonces",
    ),
    reasoning=(
        "porque",
        "ya que",
        "por eso",
        "en lugar de",
        "en vez de",
        "compromiso",
        "la razón",
        "para que",
        "decidí",
        "decidimos",
        "elegimos",
    ),
    outcomes=(
        "resultado",
        "reduje",
        "redujimos",
        "reducimos",
        "aumenté",
        "aumentamos",
        "mejoré",
        "mejoramos",
        "ahorramos",
        "bajó",
        "subió",
        "aprendí",
        "aprendimos",
        "lanzamos",
        "%",
        "por ciento",
    ),
    hedges=(
        "quizás",
        "creo que",
        "quizas",
        "tal vez",
        "probablemente",
        "cosas",
        "algo así",
        "normalmente",
        "más o menos",
        "depende",
        "de alguna manera",
        "en general",
        "básicamente",
    ),
    fillers=("eh", "este,", "o sea", "pues", "bueno,"),
    number_words=_words(
        "dos tres cuatro cinco seis siete ocho nueve diez once doce veinte treinta cincuenta "
        "cien ciento mil millón mitad docena"
    ),
    situations=(
        "el año pasado",
        "el mes pasado",
        "el verano pasado",
        "en mi último",
        "en mi anterior",
        "en mi trabajo anterior",
        "hace",
        "una vez",
        "en una ocasión",
        "en mi equipo",
        "en nuestro equipo",
        "cuando trabajaba",
        "teníamos",
    ),
)

LEXICONS: dict[Language, Lexicon] = {"en": EN, "ru": RU, "de": DE, "es": ES}

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
MIN_STEM = 3
MAX_STEM = 6  # a prefix this long stands in for a stem: cheap and good enough for overlap
_VOWELS = "aeiouyаеиоуыэюяь"


def words(text: str) -> list[str]:
    """Folded word tokens, in order."""
    return [m.group(0) for m in _WORD.finditer(fold(text))]


def stem(word: str, lexicon: Lexicon) -> str:
    for suffix in lexicon.suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    # "improve" and "improv(ed)" must meet: a trailing vowel is dropped, keeping the stem long.
    word = word[:MAX_STEM]
    while len(word) > MIN_STEM and word[-1] in _VOWELS:
        word = word[:-1]
    return word


def content_stems(text: str, lexicon: Lexicon) -> list[str]:
    """Stems of the words that carry meaning (stop-words and one-letter words dropped)."""
    return [stem(w, lexicon) for w in words(text) if w not in lexicon.stop_words and len(w) > 1]


def count_markers(text: str, markers: tuple[str, ...]) -> int:
    """How often marker phrases occur, matched on word boundaries of the folded text."""
    folded = f" {' '.join(words(text))} "
    raw = fold(text)
    total = 0
    for marker in markers:
        needle = fold(marker).strip()
        if not needle:
            continue
        # Punctuated markers ("%", "like,") are matched in the raw text; words on boundaries.
        if not needle.replace("-", "").replace(" ", "").isalnum():
            total += raw.count(needle)
        elif len(needle) >= 4:
            # Long markers match as word prefixes: "сократил" in "сократилось", "result" in
            # "results"; short ones only as whole words ("so" is not "some").
            total += folded.count(f" {needle}")
        else:
            total += folded.count(f" {needle} ")
    return total
