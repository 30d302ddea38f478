"""Language identification of documents, behind one function so the library can be swapped.

Uses py3langid (an offline Naive Bayes identifier over 97 languages, model shipped in the
wheel). Thresholds live in ``data/ingest.yaml``: too short a text, or too unsure a guess,
gives no verdict rather than a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .resources import load_data


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str  # ISO 639-1
    probability: float


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _settings() -> tuple[int, float, int]:
    data = (load_data("ingest.yaml") or {}).get("language") or {}
    return (
        int(data.get("min_letters", 120)),
        float(data.get("min_probability", 0.9)),
        int(data.get("sample_chars", 20000)),
    )


def detect_language(text: str) -> LanguageGuess | None:
    """The language of ``text``, or None when it is too short or the guess too unsure."""
    min_letters, min_probability, sample_chars = _settings()
    sample = text[:sample_chars]
    if sum(1 for char in sample if char.isalpha()) < min_letters:
        return None
    code, probability = _identifier().classify(sample)
    if float(probability) < min_probability:
        return None
    return LanguageGuess(str(code), float(probability))


def known_languages() -> frozenset[str]:
    """The ISO 639-1 codes the identifier tells apart: the languages ``--lang`` may name."""
    return frozenset(str(code) for code in _identifier().nb_classes)


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code where known (for messages), else the code."""
    return _NAMES.get(code, code)


_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
