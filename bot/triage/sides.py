"""One side named in a longer answer to the side question (blind round 29: "Right
paraspinal, unilateral", "about 2 inches right of my spine"), for bot/triage/interpret.py."""
from __future__ import annotations

import re
from typing import Optional

# "about 2 inches right of my spine", "left of centre": one side of the middle.
_OFF_MIDDLE = re.compile(r"\b(left|right)\b(?: hand)?(?: side)? (?:of|to|from) (?:the |my )?"
                         r"(?:spine|middle|centre|center|midline|backbone|spinal column)\b")
# "Right paraspinal, unilateral", "my left glute area": a side word where a side goes (first
# word, or after my/the/on/in/to), not "right now", "that's right", "I left work".
_SIDE_WHERE = re.compile(r"(?:^|\b(?:my|the|on|in|to|towards|down)\s)(left|right)\b"
                         r"(?! (?:now|then|so|ok|okay|yes|well|enough|away|here|there|in the middle|across|down the middle|along))")
_MIDDLE_OR_BOTH = re.compile(r"\b(?:middle|centre|center|central|midline|spine|both|bilateral|across|each side|either side)\b")


def named_side(norm: str) -> Optional[str]:
    """At the side question only: one side named in a longer answer, when nothing else in
    it speaks of the middle or of both sides."""
    off = {m.group(1) for m in _OFF_MIDDLE.finditer(norm)}
    if len(off) == 1:
        return off.pop()
    if off or _MIDDLE_OR_BOTH.search(norm):
        return None
    named = {m.group(1) for m in _SIDE_WHERE.finditer(norm)}
    return named.pop() if len(named) == 1 else None
