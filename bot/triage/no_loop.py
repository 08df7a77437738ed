"""No question is asked three times in a row, whatever path the answers took.

A rule of the whole bot, not a special case: whether the patient asked a FAQ, went off
topic, was not understood or said "none of those" to the wrong question, the form's
question comes back at most twice in its usual words. The third time, the bot says plainly
what it needs and shows the buttons (`PLAIN`). If that is not answered either, the question
is left null, as after a second "not sure", and the conversation moves on.

Plain functions over Rasa's event list as dicts (the action server's view).
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.triage.answers import WALK_PREFIX, leave_unanswered
from bot.triage.questions import ASK_WHICH

PLAIN = "plain"
ASK_PREFIX = "utter_ask_"
MAX_USUAL = 2  # asks in the usual words; then once plainly; then the question is left
FORM_QUESTIONS = ("red_flags", "pain_side", "forward_bend_relief", "leg_numbness_below_knee")

Key = Tuple[str, Optional[str]]


def question_key(slot: str, ask_variant: Optional[str]) -> Key:
    """Which question is on screen: the slot, and for the safety screen the one sign asked
    about in the walk-through (each sign is its own question) or the "which one" list."""
    if slot == "red_flags" and ask_variant and (ask_variant.startswith(WALK_PREFIX) or ask_variant == "which_flag"):
        return slot, ask_variant
    return slot, None


def asked_questions(events: Iterable[Mapping[str, Any]]) -> List[Key]:
    """The form questions the bot asked, in order (from its `utter_ask_<slot>` messages)."""
    variant: Optional[str] = None
    asked: List[Key] = []
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "ask_variant":
            variant = event.get("value")
        elif kind in ("restart", "session_started"):
            asked.clear()
        elif kind == "bot":
            action = str((event.get("metadata") or {}).get("utter_action") or "")
            if action == ASK_WHICH:  # the safety layer's "which one" list is the same question
                asked.append(("red_flags", "which_flag"))
                continue
            slot = action[len(ASK_PREFIX):] if action.startswith(ASK_PREFIX) else ""
            if slot in FORM_QUESTIONS:
                asked.append(question_key(slot, variant))
    return asked


def times_in_a_row(events: Iterable[Mapping[str, Any]], key: Key) -> int:
    """How many times the question was asked last, with no other form question between."""
    count = 0
    for asked in reversed(asked_questions(events)):
        if asked != key:
            break
        count += 1
    return count


def reading_new_message(events: Sequence[Mapping[str, Any]]) -> bool:
    """Is the form reading the patient's latest message (rather than coming back after the
    bot answered something else)? Rasa appends the form's own action to the events it sends;
    the action before it is `action_listen` only when a message has just arrived."""
    actions = [e.get("name") for e in events if e.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


def plan_next(
    missing: Sequence[str],
    events: Sequence[Mapping[str, Any]],
    ask_variant: Optional[str],
    unsure_slots: Optional[Sequence[str]],
) -> Tuple[Optional[str], Dict[str, Any], List[str]]:
    """The next question to ask, the slot updates that go with it, and the questions left
    unanswered now (the bot says so for each).

    `missing` is the form's unanswered questions in order; `ask_variant` the wording the
    current question is asked in (walk-through, "which one", rephrase).
    """
    updates: Dict[str, Any] = {}
    left: List[str] = []
    said = list(unsure_slots or [])
    for slot in missing:
        variant = ask_variant if slot == "red_flags" else None
        key = question_key(slot, variant)
        asked = times_in_a_row(events, key)
        one_sign = key[1] is not None  # a walk-through sign or the "which one" list: already plain
        if asked >= MAX_USUAL + 1 or (one_sign and asked >= MAX_USUAL):
            skipped = leave_unanswered(slot, said)
            said = skipped["unsure_slots"]
            updates.update(skipped)
            left.append(slot)
            ask_variant = None
            continue
        if asked == MAX_USUAL and not one_sign:
            updates["ask_variant"] = PLAIN
        return slot, updates, left
    return None, updates, left
