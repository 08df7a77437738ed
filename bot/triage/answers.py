"""How the triage questions turn patients' answers into slot values.

Slot mappings in domain.yml put sentinel values in a slot when the patient answers
"not sure" ("unsure"), "yes" to the screening list ("affirmed") or "none of those"
("none"); the functions here turn them into contract values (CONTRACT.md, "How the
slots fill") and say which wording the next question should use (`ask_variant`).
Plain functions: the form's validator calls them, tests call them directly.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from bot.triage.outcome import URGENT, answer_phrase, is_one_sided
from bot.triage.red_flags import EMERGENCY_FLAGS, FLAGS

UNSURE = "unsure"
AFFIRMED = "affirmed"
NONE = "none"
SENTINELS = (UNSURE, AFFIRMED, NONE)

TRIAGE_QUESTIONS = ("pain_side", "forward_bend_relief", "leg_numbness_below_knee")
SCREENING = "red_flags"
REPHRASE = "rephrase"
WHICH_FLAG = "which_flag"
WALK_PREFIX = "walk_"
# The walk-through asks the signs that need 999 / A&E first.
WALK_ORDER = tuple(sorted(FLAGS, key=lambda f: (f not in EMERGENCY_FLAGS, FLAGS.index(f))))

Updates = Dict[str, Any]


def sentinel(value: Any) -> Optional[str]:
    """The sentinel in a slot value (list slots wrap it in a list), else None."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) and value in SENTINELS else None


def skipped_questions(unsure_slots: Optional[Sequence[str]]) -> List[str]:
    """Questions answered "not sure" twice: left null, never asked again."""
    said = list(unsure_slots or [])
    return [slot for slot in dict.fromkeys(said) if said.count(slot) >= 2]


def required_questions(red_flags: Any, unsure_slots: Optional[Sequence[str]]) -> List[str]:
    """The form's questions now: none once a red flag is known, else those not skipped."""
    if isinstance(red_flags, list) and any(f in FLAGS for f in red_flags):
        return []
    skipped = set(skipped_questions(unsure_slots))
    return [s for s in (SCREENING,) + TRIAGE_QUESTIONS if s not in skipped]


def _unsure(slot: str, unsure_slots: Optional[Sequence[str]]) -> Updates:
    said = list(unsure_slots or []) + [slot]
    again = said.count(slot) < 2
    return {slot: None, "unsure_slots": said, "ask_variant": REPHRASE if again else None}


def answer_question(
    slot: str, value: Any, unsure_slots: Optional[Sequence[str]], asking: Optional[str] = None
) -> Updates:
    """Slot updates for an answer to one of the three triage questions.

    `asking` is the question on screen (requested_slot): an answer to another question,
    volunteered meanwhile, keeps that question's wording (e.g. the red-flag walk-through).
    """
    if sentinel(value) == UNSURE:
        return _unsure(slot, unsure_slots)
    done = {"ask_variant": None} if asking in (None, slot) else {}
    if slot == "pain_side":
        if value not in ("left", "right", "both", "central"):
            return {slot: None}
        return {slot: value, "pain_one_sided": is_one_sided(value), **done}
    if isinstance(value, str) and value.lower() in ("true", "false"):
        value = value.lower() == "true"
    if not isinstance(value, bool):
        return {slot: None}
    return {slot: value, **done}


def changed_answer(slot: str, before: Any, after: Any) -> Optional[str]:
    """An answer the patient changed ("sorry, I meant the left"), in their terms, so the bot
    can say what it now holds; None when nothing given earlier changed."""
    if before is None or after is None or before == after:
        return None
    return answer_phrase(slot, after)


def before_latest_message(events: Iterable[Mapping[str, Any]], slot: str) -> Any:
    """The slot's value when the patient's latest message arrived (Rasa's events as dicts)."""
    value = before = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            before = value
        elif kind == "slot" and event.get("name") == slot:
            value = event.get("value")
        elif kind in ("restart", "reset_slots"):
            value = None
    return before


def leave_unanswered(slot: str, unsure_slots: Optional[Sequence[str]]) -> Updates:
    """After repeated misunderstandings: the question stays null and is not asked again,
    as after a second "not sure", so the conversation never loops."""
    said = [s for s in unsure_slots or [] if s != slot] + [slot, slot]
    return {slot: None, "unsure_slots": said, "ask_variant": None}


def flags_found(flags: Sequence[str]) -> Updates:
    """Slot updates once red flags are known: the outcome is urgent and stays so."""
    route = "emergency" if set(flags) & set(EMERGENCY_FLAGS) else "urgent_care"
    return {
        SCREENING: sorted(set(flags)),
        "triage_outcome": URGENT,
        "urgent_route": route,
        "ask_variant": None,
    }


def _walk_next(current: Optional[str], unsure_slots: List[str]) -> Updates:
    index = WALK_ORDER.index(current) + 1 if current else 0
    if index < len(WALK_ORDER):
        return {SCREENING: None, "ask_variant": WALK_PREFIX + WALK_ORDER[index], "unsure_slots": unsure_slots}
    # Walked through them all: none reported. Signs the patient was unsure of leave it null.
    unsure_of_any = any(s.startswith(WALK_PREFIX) for s in unsure_slots)
    done = [s for s in unsure_slots if not s.startswith(WALK_PREFIX)]
    if unsure_of_any:
        return {SCREENING: None, "ask_variant": None, "unsure_slots": done + [SCREENING, SCREENING]}
    return {SCREENING: [], "ask_variant": None, "unsure_slots": done}


def answer_screening(value: Any, ask_variant: Optional[str], unsure_slots: Optional[Sequence[str]]) -> Updates:
    """Slot updates for an answer to the red-flag screen (the list, "which one", or one sign)."""
    said = list(unsure_slots or [])
    kind = sentinel(value)
    walking = bool(ask_variant and ask_variant.startswith(WALK_PREFIX))
    current = ask_variant[len(WALK_PREFIX):] if walking and ask_variant is not None else None
    if isinstance(value, list) and any(f in FLAGS for f in value):
        return flags_found([f for f in value if f in FLAGS])
    if walking:
        if kind == AFFIRMED:
            return flags_found([current])  # type: ignore[list-item]
        if kind == UNSURE:
            said.append(WALK_PREFIX + str(current))
        if kind in (UNSURE, NONE):
            return _walk_next(current, said)
        return {SCREENING: None}
    if kind == NONE:
        return {SCREENING: [], "ask_variant": None}
    if kind == AFFIRMED:
        return {SCREENING: None, "ask_variant": WHICH_FLAG}
    if kind == UNSURE:
        return _walk_next(None, said)
    if value == []:
        return {SCREENING: [], "ask_variant": None}
    return {SCREENING: None}
