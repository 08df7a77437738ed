"""The outcome rules (CONTRACT.md) and the short explanation that goes with them.

`decide_outcome` is the one home of the rules: the action server, the report and the
tests all call it.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Optional

URGENT = "urgent"
GP_ASSESSMENT = "gp_assessment"
PSOAS_LIKELY = "psoas_likely"
GENERAL = "general"
OUTCOMES = (URGENT, GP_ASSESSMENT, PSOAS_LIKELY, GENERAL)

SIDES = ("left", "right", "both", "central")


def is_one_sided(pain_side: Optional[str]) -> Optional[bool]:
    """True for left or right, False for both or central, None when unknown."""
    if pain_side in ("left", "right"):
        return True
    if pain_side in ("both", "central"):
        return False
    return None


def decide_outcome(
    red_flags: Optional[Iterable[str]],
    leg_numbness_below_knee: Optional[bool],
    pain_one_sided: Optional[bool],
    forward_bend_relief: Optional[bool],
) -> str:
    """CONTRACT.md's outcome rules; a null answer counts as not present."""
    if red_flags:
        return URGENT
    if leg_numbness_below_knee is True:
        return GP_ASSESSMENT
    if pain_one_sided is True and forward_bend_relief is True:
        return PSOAS_LIKELY
    return GENERAL


def outcome_from_slots(slots: Mapping[str, object]) -> str:
    """The outcome for a mapping of the contract's slot names to their values."""
    one_sided = slots.get("pain_one_sided")
    if one_sided is None:
        one_sided = is_one_sided(slots.get("pain_side"))  # type: ignore[arg-type]
    return decide_outcome(
        slots.get("red_flags"),  # type: ignore[arg-type]
        slots.get("leg_numbness_below_knee"),  # type: ignore[arg-type]
        one_sided,  # type: ignore[arg-type]
        slots.get("forward_bend_relief"),  # type: ignore[arg-type]
    )


_PHRASES: Mapping[str, Mapping[object, str]] = {
    "pain_side": {
        "left": "pain on the left side",
        "right": "pain on the right side",
        "both": "pain on both sides",
        "central": "pain in the middle of your lower back",
        None: "side not sure",
    },
    "forward_bend_relief": {
        True: "eased by bending slightly forward",
        False: "not eased by bending forward",
        None: "not sure if bending forward helps",
    },
    "leg_numbness_below_knee": {
        True: "numbness or tingling below the knee",
        False: "no numbness below the knee",
        None: "not sure about numbness below the knee",
    },
}


def answer_phrase(slot: str, value: object) -> str:
    """One triage answer in the patient's terms ("pain on the left side"); unknown as unknown."""
    phrases = _PHRASES[slot]
    return phrases.get(value if isinstance(value, (str, bool)) else None, phrases[None])


def answers_summary(slots: Mapping[str, object]) -> str:
    """What the patient told us, in one line; unknown answers are said as unknown."""
    return ", ".join(answer_phrase(slot, slots.get(slot)) for slot in _PHRASES)


REASONS = {
    URGENT: "you mentioned a warning sign that needs a doctor to check it today",
    GP_ASSESSMENT: (
        "numbness or tingling below the knee can mean a nerve is involved, "
        "so a GP or physiotherapist should assess it before you start exercises"
    ),
    PSOAS_LIKELY: (
        "one-sided pain that eases when you bend slightly forward fits the pattern "
        "of a tight or irritated psoas (a deep hip-flexor muscle)"
    ),
    GENERAL: (
        "your answers don't point clearly to the psoas or to a nerve, "
        "so a hands-on assessment is the best way to find the cause"
    ),
}


def outcome_reason(outcome: str) -> str:
    """Why the answers point to this outcome, as a clause for the bot's reply."""
    return REASONS[outcome]


FITS = {
    GP_ASSESSMENT: "Your answers fit a pattern that a GP or physiotherapist should assess",
    PSOAS_LIKELY: "Your answers fit a psoas-related pattern",
    GENERAL: "Your answers fit general lower-back strain rather than one clear pattern",
}


def outcome_message(slots: Mapping[str, object], outcome: str) -> str:
    """The short summary told with a non-urgent outcome: what was said and why it fits."""
    return (
        f"Thanks. You told me: {answers_summary(slots)}.\n\n"
        f"{FITS[outcome]}: {outcome_reason(outcome)}. "
        "This isn't a diagnosis; a physiotherapist can check it properly."
    )
