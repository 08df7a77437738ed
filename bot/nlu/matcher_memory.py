"""spaCy's matchers keep a Python copy of every pattern they compile; the reader drops it.

`Matcher.add` keeps each token pattern's dicts (`_patterns`) and `PhraseMatcher.add` a tuple
of token hashes per phrase (`_docs`), besides the compiled C structures that matching uses.
spaCy 3.4 reads those copies only in `remove()`, `get()` and pickling (see matcher.pyx and
phrasematcher.pyx), none of which the clinical reader calls. With ~15,000 token patterns and
~60,000 negation phrases they are ~80 MB of small Python objects in every Rasa server.
Dropping each label's copy right after it is added lets the next label reuse the memory.

Labels stay known (`label in matcher`, `len(matcher)`), matching is unchanged; `remove()` on
a dropped label does nothing useful, so the reader never calls it.
"""
from __future__ import annotations

from typing import Any


def drop_token_pattern_copy(matcher: Any, key: str) -> None:
    """Forget the pattern dicts kept for `key` by a spaCy `Matcher` (its compiled form stays)."""
    matcher._patterns[matcher._normalize_key(key)] = []  # kept under the key's hash


def drop_phrase_copy(matcher: Any, key: str) -> None:
    """Forget the token-hash tuples kept for `key` by a spaCy `PhraseMatcher`.

    `_docs` is not visible from Python; `__reduce__` (for pickling) hands out the dict itself.
    """
    keyword_copies = matcher.__reduce__()[1][1]
    keyword_copies[key].clear()
