"""The languages analysis speaks, and how a transcriber's language label maps onto them."""

from __future__ import annotations

from typing import Literal, cast

Language = Literal["en", "ru", "de", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "ru", "de", "es")
DEFAULT_LANGUAGE: Language = "en"

# Whisper-style transcribers report names ("english"), browsers report tags ("es-MX").
_NAMES = {
    "english": "en",
    "russian": "ru",
    "german": "de",
    "deutsch": "de",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "русский": "ru",
}


def normalize_language(label: str) -> str:
    """ "en-US", "English", "EN" → "en". Unknown labels come back as a lower-case primary tag,
    so an unsupported language stays visible instead of being mistaken for a supported one."""
    cleaned = label.strip().lower().replace("_", "-")
    if cleaned in _NAMES:
        return _NAMES[cleaned]
    return cleaned.split("-", 1)[0]


def is_supported(language: str) -> bool:
    return language in LANGUAGES


def supported_or_default(language: str) -> Language:
    """The language to write text in: the given one when supported, else English."""
    normalized = normalize_language(language)
    return cast(Language, normalized) if is_supported(normalized) else DEFAULT_LANGUAGE
