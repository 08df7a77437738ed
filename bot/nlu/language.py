"""Is a message written in another language than English?

Two cheap checks, no model:
- the script: letters, none of them Latin (Korean, Arabic, Greek...);
- for Latin letters, spaCy's own stop-word lists: more function words of one of the clinic
  area's common other languages (Spanish, Portuguese, French, Italian, German, Polish,
  Romanian, Dutch, Turkish) than of English. The reader asks this only when the classifier
  already guessed another language, so "bk pain agen 😒" stays English.
"""
from __future__ import annotations

import importlib
import re
import unicodedata
from functools import lru_cache
from typing import FrozenSet, Optional

LATIN_LANGUAGES = ("es", "pt", "fr", "it", "de", "pl", "ro", "nl", "tr")
WORD = re.compile(r"[^\W\d_]+")


def is_other_language(text: str) -> bool:
    """True when the text has letters and none of them is Latin (e.g. Korean, Arabic)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    return not any("LATIN" in unicodedata.name(ch, "") for ch in letters)


def latin_language(text: str) -> Optional[str]:
    """The code of the other language a Latin-script message is written in, or None for English.

    "hola, me duele la espalda al caminar" is "es": "la" and "al" are Spanish function words
    and no word is an English-only one. Words are counted once ("ok ok ok" is one word), at
    least two of the other language's are needed ("die hard" stays English), and a word of one
    letter counts for neither side.
    """
    words = [w for w in WORD.findall(text.lower()) if len(w) > 1]
    english_words = _stop_words("en")
    best, best_count = None, 0
    for code in LATIN_LANGUAGES:
        own = _stop_words(code)
        foreign = len({w for w in words if w in own and w not in english_words})
        english = len({w for w in words if w in english_words and w not in own})
        if foreign >= 2 and foreign > english and foreign > best_count:
            best, best_count = code, foreign
    return best


@lru_cache(maxsize=None)
def _stop_words(code: str) -> FrozenSet[str]:
    module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    words: FrozenSet[str] = frozenset(module.STOP_WORDS)
    return words

