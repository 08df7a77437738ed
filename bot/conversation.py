"""Conversation bookkeeping that reads Rasa's event list (plain dicts, no Rasa imports)."""
from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional

MISUNDERSTOOD_ACTION = "action_handle_misunderstanding"
CORE_FALLBACK_ACTION = "action_core_fallback"  # the same handler when no rule expects the intent
_NOT_A_REPLY = ("action_listen", "action_extract_slots", "action_session_start")


def _turns(events: Iterable[Mapping[str, Any]]) -> List[Optional[bool]]:
    """One entry per user message: was the bot's first reply the misunderstanding handler?"""
    turns: List[Optional[bool]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append(None)
        elif event.get("event") == "action" and turns and turns[-1] is None:
            if event.get("name") not in _NOT_A_REPLY:
                turns[-1] = event.get("name") in (MISUNDERSTOOD_ACTION, CORE_FALLBACK_ACTION)
    return turns


def misunderstandings_in_a_row(events: Iterable[Mapping[str, Any]]) -> int:
    """Counting the current message as misunderstood: how many in a row, it included."""
    turns = _turns(events)
    if turns and turns[-1] is None:
        turns.pop()  # the message being answered now
    count = 1
    for misunderstood in reversed(turns):
        if not misunderstood:
            break
        count += 1
    return count
