"""What the bot does when a message reports, hints at or rules out a red flag.

This is the one home of "a red flag escalates at once, whatever was happening" (CONTRACT.md,
DESIGN.md). The Rasa server runs it as a dialogue policy (bot/dialogue/safety_policy.py),
so the urgent advice, the red_flags slot and the outcome never wait for the action server:
the custom action that follows (`action_escalate`) only writes the record.

Plain Python: `next_step` takes a snapshot of the conversation and returns the next action
with the slot values to set first, or None when the rest of the dialogue should decide.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Sequence

from bot.triage.answers import TRIAGE_QUESTIONS, flags_found
from bot.triage.questions import CHECK, Question
from bot.triage.red_flags import FLAGS

LISTEN = "action_listen"
FORM = "triage_form"
URGENT = "utter_urgent"
RECORD = "action_escalate"
GREET = "utter_greet"
ASK_CHECK = "utter_ask_red_flag_check"
ASK_WHICH = "utter_ask_which_red_flag"
RULED_OUT = "utter_red_flag_ruled_out"
CHECK_UNSURE = "utter_red_flag_check_unsure"

REPORT = "report_red_flag"
HINT = "hint_red_flag"
RULE_OUT = "rule_out_red_flag"
UNSURE_OF = "not_sure_of_red_flag"
MAX_SAME_ASK = 2  # the check or the "which one" list, said twice lately, is not said a third time
RECENT_WINDOW = 8  # "lately": among the bot's last 8 responses (a fallback between does not reset it)


@dataclass(frozen=True)
class Snapshot:
    latest_action: str                 # the last action run ("action_listen" right after a message)
    intent: Optional[str] = None       # the latest message's intent
    reported: Sequence[str] = ()       # red_flag entities of the latest message
    possible: Optional[str] = None     # possible_red_flag entity of the latest message
    known_flags: Sequence[str] = ()    # the red_flags slot
    question: Optional[Question] = None  # the question the latest message answered
    loop_active: bool = False
    outcome: Optional[str] = None      # the triage_outcome slot
    greeted: bool = False              # the greeting was said in this conversation
    recent_asks: Mapping[str, int] = field(default_factory=dict)  # responses among the last RECENT_WINDOW
    facts: Mapping[str, Any] = field(default_factory=dict)  # triage answers the reader found in the message


@dataclass(frozen=True)
class Step:
    action: Optional[str]              # None: set the slots, let the rest of the dialogue act
    slots: Dict[str, Any] = field(default_factory=dict)
    stop_form: bool = False


def next_step(s: Snapshot) -> Optional[Step]:
    """The safety layer's next step, or None (see the module docstring)."""
    if s.latest_action == LISTEN:
        return _after_message(s)
    if s.latest_action == URGENT:
        return Step(RECORD)
    if s.latest_action in (RECORD, ASK_CHECK, ASK_WHICH):
        return Step(LISTEN)
    if s.latest_action == GREET and s.intent == HINT:
        return Step(ASK_CHECK if s.possible in FLAGS else ASK_WHICH)
    if s.latest_action in (RULED_OUT, CHECK_UNSURE):
        if s.loop_active:
            return None  # the form asks its question again
        return Step(FORM if s.outcome is None else LISTEN)
    return None


def _after_message(s: Snapshot) -> Optional[Step]:
    reported = [f for f in s.reported if f in FLAGS]
    if s.intent == REPORT and reported:
        known = [f for f in s.known_flags if f in FLAGS]
        return Step(URGENT, {**_answer_kept(s), **flags_found(known + reported), "flag_to_confirm": None},
                    stop_form=s.loop_active)
    if s.intent in (HINT, REPORT):  # a report that names no known flag is asked about
        slots = {"flag_to_confirm": s.possible if s.possible in FLAGS else None}
        if not s.greeted:
            return Step(GREET, slots)
        ask = ASK_CHECK if s.possible in FLAGS else ASK_WHICH
        if s.recent_asks.get(ask, 0) >= MAX_SAME_ASK:
            return Step(None, {"flag_to_confirm": None})  # not a third time: the form or rules go on
        return Step(ask, slots)
    if s.intent == RULE_OUT:
        return Step(RULED_OUT, {"flag_to_confirm": None})
    if s.intent == UNSURE_OF:
        return Step(CHECK_UNSURE, {"flag_to_confirm": None})
    if s.question is not None and s.question.slot == CHECK:
        return Step(None, {"flag_to_confirm": None})  # not an answer to the check: it lapses
    return None


def _answer_kept(s: Snapshot) -> Dict[str, Any]:
    """The answer to the question on screen, given beside the flag ("the left, and my left leg
    keeps buckling"): kept for the record. Only that question's: a side in a red-flag message
    may be a leg's, not the back's."""
    slot = s.question.slot if s.question is not None else None
    return {slot: s.facts[slot]} if slot in TRIAGE_QUESTIONS and s.facts.get(slot) is not None else {}
