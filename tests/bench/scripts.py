"""What the simulated patients say: whole triages, each with the outcome the contract gives.

Only the contract is relied on (REST replies, the `triage_outcome` slot), so the scripts
survive a rewrite of the dialogue; a script whose outcome no longer matches shows up as
errors in the figures, not as a crash.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class Script:
    kind: str
    messages: Tuple[str, ...]
    outcome: Optional[str]  # the triage_outcome slot after the last message


TRIAGES = (
    Script("psoas", ("hi", "none of those", "left side only", "yes, bending forward helps", "no",
                     "how do I book?"), "psoas_likely"),
    Script("up-front", ("pain on the right side when i walk, it eases when i bend forward, no tingling "
                        "below the knee", "none of those"), "psoas_likely"),
    Script("urgent-opening", ("since my back went i keep dribbling wee and can't feel the paper when i wipe",),
           "urgent"),
    Script("urgent-mid-form", ("hi", "none", "left", "oh and i've had a fever since yesterday"), "urgent"),
    Script("general", ("hi", "none of those", "both sides", "no", "no"), "general"),
    Script("faq-on-the-way", ("hi", "none of those", "what is the psoas?", "left", "yes", "no"), "psoas_likely"),
    Script("correction", ("hi", "none of those", "left", "yes", "no", "actually it's both sides"), "general"),
)

# The long conversation: a triage, then this cycle again and again (questions, corrections
# that decide the outcome again and update the record, thanks).
OPENING = ("hi", "none of those", "left side only", "yes, bending forward helps", "no")
CYCLE = ("how do I book?", "are you open on sunday?", "what is the psoas?", "actually it's both sides",
         "thanks", "do i need a scan?", "actually it's the left side", "what are your opening hours?")


def long_conversation(length: int) -> Script:
    messages = list(OPENING)
    while len(messages) < length:
        messages.append(CYCLE[(len(messages) - len(OPENING)) % len(CYCLE)])
    last_side = [m for m in messages if m.startswith("actually")]
    outcome = "general" if last_side and "both" in last_side[-1] else "psoas_likely"
    return Script("long", tuple(messages), outcome)


# Kinds of turn, for counting the action server calls each one makes.
CENSUS = (
    (Script("census-psoas", OPENING + ("how do I book?", "actually it's both sides"),
                                  "general"),
     ("greeting", "screening answer", "triage answer", "triage answer", "last answer -> outcome",
      "booking question after the outcome", "correction after the outcome")),
    (Script("census-urgent", TRIAGES[2].messages, "urgent"),
     ("red flag in the opening",)),
    (Script("census-faq", ("hi", "none of those", "what is the psoas?"), None),
     ("greeting", "screening answer", "FAQ during the form")),
    (Script("census-mid", TRIAGES[3].messages, "urgent"),
     ("greeting", "screening answer", "triage answer", "red flag mid-form")),
)

# The stock bot (`rasa init` with one custom action on the greeting).
STOCK = Script("stock", ("hello", "I am very sad", "yes", "bye"), None)
