"""A warning sign picked from the screening question's list by its topic alone.

At "Lately, have you had any of these? ..." a patient may answer with the item itself:
"bladder", "the numbness one", "weight and legs", "Fever or feeling unwell" (a button's
words typed). That is a yes to those items, not "none": the rule reader finds no sign in a
bare topic word, and the screen's interpreter would otherwise read a statement on a topic of
the list that names no sign ("just a mild ache at night") as "none".

Only a message made of nothing but topics (and words like "the", "one", "yes") is a pick:
"my bladder is fine" or "weight is stable" are statements, left to the interpreter.
"""
from __future__ import annotations

import re
from typing import Dict, FrozenSet

from bot.triage.interpret import normalise

# Each flag's topic, as the list and its buttons word it and as patients shorten it.
TOPICS: Dict[str, str] = {
    "bladder_bowel": r"(?:new )?(?:bladder|bowels?|waterworks|toilet|loo|wee|pee|poo|leaking|incontinence)"
                     r"(?: (?:or|and) (?:bladder|bowels?))?(?: changes?| problems?| issues?| trouble| control)?",
    "saddle_numbness": r"(?:saddle |numb )?(?:numbness|numb|saddle|bottom|bum|genitals|inner thighs|down below|down there)"
                       r"(?: (?:around|in) (?:my|the) (?:bottom|bum|genitals))?(?: genitals)?(?: (?:or|and) inner thighs)?"
                       r"(?: numbness)?",
    "night_pain": r"(?:severe )?(?:night|nights|night pain|pain (?:at|every) night|nighttime|night time)(?: pain)?",
    "fever_unwell": r"(?:fever|temperature|temp|feverish|unwell|feeling unwell|hot and cold)"
                    r"(?: (?:or|and) (?:feeling )?unwell)?",
    "trauma": r"(?:a |the |recent )*(?:fall|falling|fell|blow|injury|accident)(?: or (?:a )?blow)?",
    "weight_loss": r"(?:the )?(?:weight|weight loss|losing weight|lost weight)(?: without trying)?",
    "abdominal_throbbing": r"(?:throbbing|pulsing|belly|tummy|stomach|abdomen)(?: (?:in (?:my|the) )?(?:belly|tummy|stomach))?"
                           r"(?: throbbing| pulsing)?",
    "leg_weakness": r"(?:weak )?(?:legs?|leg weakness|weakness|giving way)(?: (?:weak|weakness|giving way))?"
                    r"(?: or giving way)?",
    "cancer_history": r"(?:past )?cancer(?: in the past| before)?",
}
_TOPIC = {flag: re.compile(rf"(?:the |my |a )?(?:{words})(?: one| ones| thing| bit)?") for flag, words in TOPICS.items()}
# Words around a pick that do not change it: "yes the bladder one please", "maybe the weight".
_AROUND = re.compile(r"^(?:(?:yes|yeah|yep|yh|erm|um|uh|well|maybe|probably|possibly|definitely|sadly|"
                     r"unfortunately|i think|i have|ive had|ive got|i get|just|only|both) )*(?P<core>.*?)"
                     r"(?: (?:yes|please|sadly|unfortunately|i think|too|as well))*$")
_SEPARATOR = re.compile(r" (?:and|plus|also|&) | also ")


def chosen_flags(text: str) -> FrozenSet[str]:
    """The flags a message picks from the screen's list by topic alone (empty if it says more)."""
    core = _AROUND.match(normalise(text))
    parts = _SEPARATOR.split(core.group("core")) if core is not None and core.group("core") else []
    picked = [next((flag for flag, topic in _TOPIC.items() if topic.fullmatch(part)), None) for part in parts]
    return frozenset(p for p in picked if p) if parts and all(picked) else frozenset()
