"""Walking the triage by the options the bot offers, whatever their wording: each question
(the tracker's requested_slot) is answered by the option whose title, or else whose
answer, fits the plan. The psoas_likely path: no red flags, left side, eased by bending
forward, no numbness below the knee."""
from __future__ import annotations

import re
from typing import Callable, List, Sequence

from tests.e2e.channel_clients import Choice

BOOKING = ("07935 869938", "JJTHERPAY365@gmail.com", "https://wa.me/447935869938")
URGENT_OPENING = "since my back went i keep dribbling wee and can't feel the paper when i wipe"

PSOAS_PLAN = {  # requested_slot: (title pattern, else a part of the answer)
    "red_flags": (r"^(none|no\b)", "deny"),
    "pain_side": (r"^left", '"left"'),
    "forward_bend_relief": (r"^yes", "/affirm"),
    "leg_numbness_below_knee": (r"^no\b", "/deny"),
}


def pick(choices: Sequence[Choice], slot: str) -> Choice:
    title_pattern, answer_part = PSOAS_PLAN[slot]
    for choice in choices:
        if re.search(title_pattern, choice.title.strip(), re.IGNORECASE):
            return choice
    for choice in choices:
        if answer_part in choice.answer:
            return choice
    raise AssertionError(f"no option for {slot} among {[c.title for c in choices]}")


def walk_triage(slots: Callable[[], dict], sent: list, options: Callable[[list], List[Choice]],
                choose: Callable[[Choice], list]) -> tuple[list, List[Choice]]:
    """Answer each question by an option until the outcome; (everything sent, choices made)."""
    everything, chosen = list(sent), []
    for _ in range(10):
        state = slots()
        if state["triage_outcome"]:
            return everything, chosen
        slot = state["requested_slot"]
        assert slot in PSOAS_PLAN, f"the bot asks for {slot!r}, not a triage question"
        choices = options(sent)
        assert choices, f"the question for {slot} came without options"
        chosen.append(pick(choices, slot))
        sent = choose(chosen[-1])
        everything += sent
    raise AssertionError("no outcome after ten answers")
