"""Cheap script check: is a message written without any Latin letters?"""
from __future__ import annotations

import unicodedata


def is_other_language(text: str) -> bool:
    """True when the text has letters and none of them is Latin (e.g. Korean, Arabic)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    return not any("LATIN" in unicodedata.name(ch, "") for ch in letters)
