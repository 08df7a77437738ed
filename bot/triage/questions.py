"""Which question is on the patient's screen now, from the conversation's state.

The state is a handful of plain values (the NLU component reads them off Rasa's tracker):
the active form, the slot it requested, the wording variant, the red flag waiting for a
yes/no check, and the last question the bot uttered. Plain Python, no Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.triage.red_flags import FLAGS

TRIAGE_FORM = "triage_form"
SCREENING = "red_flags"
CHECK = "red_flag_check"      # "Just to check: is there numbness around your bottom...?"
BOOKING_OFFER = "booking_offer"
WALK_PREFIX = "walk_"
WHICH_FLAG = "which_flag"
SCREEN = "screen"             # "Lately, have you had any of these? ..."
ASK_CHECK = "utter_ask_red_flag_check"
ASK_WHICH = "utter_ask_which_red_flag"
OFFER_BOOKING = "utter_offer_booking"


@dataclass(frozen=True)
class Question:
    kind: str                   # "screen", "yes_no", "side" or "which_flag"
    slot: Optional[str] = None  # the slot (or check) the answer belongs to
    flag: Optional[str] = None  # the red flag a yes/no question is about


def pending_question(
    active_loop: Optional[str],
    requested_slot: Optional[str],
    ask_variant: Optional[str],
    flag_to_confirm: Optional[str],
    last_question: Optional[str],
) -> Optional[Question]:
    """The question the patient's next message answers, or None when nothing was asked.

    `last_question` is the response the bot last asked with in its latest turn (e.g.
    "utter_ask_pain_side"), or None when its latest turn asked nothing.
    """
    if last_question == ASK_CHECK and flag_to_confirm in FLAGS:
        return Question("yes_no", CHECK, flag_to_confirm)
    if last_question == ASK_WHICH:
        return Question(WHICH_FLAG, SCREENING)
    if active_loop == TRIAGE_FORM and requested_slot:
        if requested_slot == SCREENING:
            variant = ask_variant or ""
            if variant.startswith(WALK_PREFIX) and variant[len(WALK_PREFIX):] in FLAGS:
                return Question("yes_no", SCREENING, variant[len(WALK_PREFIX):])
            if variant == WHICH_FLAG:
                return Question(WHICH_FLAG, SCREENING)
            return Question(SCREEN, SCREENING)
        if requested_slot == "pain_side":
            return Question("side", "pain_side")
        return Question("yes_no", requested_slot)
    if last_question == OFFER_BOOKING:
        return Question("yes_no", BOOKING_OFFER)
    return None
