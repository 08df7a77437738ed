"""The red-flag vocabulary (CONTRACT.md): the nine flag names, how each is asked about in
plain words, and how urgent each is."""
from __future__ import annotations

from typing import Dict, FrozenSet, Tuple

FLAGS: Tuple[str, ...] = (
    "bladder_bowel",
    "saddle_numbness",
    "night_pain",
    "fever_unwell",
    "trauma",
    "weight_loss",
    "abdominal_throbbing",
    "leg_weakness",
    "cancer_history",
)

# Plain words for the screening question and the summary (CONTRACT.md, "What counts").
DESCRIPTIONS: Dict[str, str] = {
    "bladder_bowel": "new problems with your bladder or bowels, such as leaking, not being able "
                     "to pee, or not feeling when you need to go",
    "saddle_numbness": "numbness or tingling around your bottom, back passage, genitals or "
                       "inner thighs, or not feeling the toilet paper when you wipe",
    "night_pain": "severe pain every night that no position eases",
    "fever_unwell": "a fever, sweats and shivers, or feeling generally unwell",
    "trauma": "a recent bad fall, accident or blow to your back",
    "weight_loss": "losing weight without trying",
    "abdominal_throbbing": "a throbbing or pulsing feeling in your tummy along with the back pain",
    "leg_weakness": "legs getting weaker or giving way, or a foot that drags or slaps",
    "cancer_history": "any cancer in the past, even if it was treated",
}

# Cauda-equina-type signs and abdominal throbbing: 999 / A&E now. The rest: NHS 111.
EMERGENCY_FLAGS: FrozenSet[str] = frozenset(
    {"bladder_bowel", "saddle_numbness", "leg_weakness", "abdominal_throbbing"}
)
NHS_111_FLAGS: FrozenSet[str] = frozenset(FLAGS) - EMERGENCY_FLAGS


def describe(flag: str) -> str:
    """The plain-words description of a flag name (the name itself if unknown)."""
    return DESCRIPTIONS.get(flag, flag.replace("_", " "))
