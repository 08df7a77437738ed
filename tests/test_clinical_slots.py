"""Triage slot facts read from free text (bot.nlu.clinical.analyse): pain side, relief on
bending forward, numbness below the knee. `None` means "no finding": the message does not
speak of the fact (bare yes/no answers are left to the Rasa intents)."""
from __future__ import annotations

import pytest

from bot.nlu.clinical import analyse


def values(text, entity):
    return {f.value for f in analyse(text) if f.entity == entity}


def check(text, entity, expected):
    got = values(text, entity)
    assert got == (set() if expected is None else {expected}), got
    for value in got:
        if entity != "pain_side":
            assert type(value) is bool


SIDE = [
    ("left side only", "left"),
    ("Left.", "left"),
    ("it's on the right", "right"),
    ("right", "right"),
    ("mainly my right hip and lower back", "right"),
    ("lft side", "left"),  # typo
    ("pain on my lft", "left"),
    ("the rite side", "right"),
    ("both sides", "both"),
    ("across the whole back", "central"),  # right across, no side worse (issue 9)
    ("all across my lower back", "central"),
    ("left and right", "both"),
    ("in the middle", "central"),
    ("right in the middle", "central"),  # not "right"
    ("along my spine", "central"),
    ("centre of my lower back", "central"),
    ("dead centre", "central"),
    ("not the left, the right", "right"),  # correction
    ("sorry i meant the right side", "right"),
    ("it's not on the left", None),  # negated: which side is still open
    ("i left work early because of the pain", None),  # the verb
    ("left it too long probably", None),
    ("right, so it started on monday", None),  # discourse "right"
    ("right now it hurts a lot", None),
    ("i woke in the middle of the night with it", None),
    ("my left foot has gone numb", None),  # a foot's side is not the back's
    ("yes", None),
]


@pytest.mark.parametrize("text,expected", SIDE, ids=[t for t, _ in SIDE])
def test_pain_side(text, expected):
    check(text, "pain_side", expected)


RELIEF = [
    ("yes, stooping a little takes the edge off", True),
    ("leaning on a trolley helps", True),
    ("bending forward eases it", True),
    ("lifting my thigh helps", True),
    ("it's easier when i lean forward", True),
    ("if i bend forward slightly it feels better", True),
    ("hunching over helps a bit", True),
    ("bringing my knee up to my chest eases it", True),
    ("yes leaning on the kitchen counter helps a lot", True),
    ("benidng foward helps", True),  # typos
    ("no difference", False),
    ("makes no difference", False),
    ("bending forward makes it worse", False),
    ("doesn't help", False),
    ("bending forward doesn't really help", False),
    ("leaning forward makes no difference", False),
    ("it's worse when i bend over", False),
    ("no, bending forward hurts more", False),
    ("stooping doesnt help at all", False),
    ("no wait, thinking about it, leaning forward actually makes it worse", False),  # a correction's "no"
    ("nah hang on, bending forward does help", True),
    ("Leaning on the shopping trolley doesn't make much difference, to be honest.", False),
    ("not sure if bending forward helps", None),  # unsure: ask again
    ("lying on my side makes no difference", None),  # not about bending forward
    ("i hurt it bending over to pick up a box", None),
    ("yes", None),
]


@pytest.mark.parametrize("text,expected", RELIEF, ids=[t for t, _ in RELIEF])
def test_forward_bend_relief(text, expected):
    check(text, "forward_bend_relief", expected)


NUMBNESS = [
    ("pins and needles in my calf and foot", True),
    ("tingling in my toes", True),
    ("numb shin", True),
    ("tingleing in my foot", True),  # typo
    ("my foot feels numb", True),
    ("numbness down to my toes", True),
    ("i can't feel my toes properly", True),
    ("pins n needles in my feet at night", True),
    ("numb thigh and tingling in my toes", True),  # below the knee wins
    ("no numbness", False),
    ("no pins and needles", False),
    ("no tingling below the knee", False),
    ("i dont have any pins and needles", False),
    ("no numbness in my legs or feet", False),
    ("nothing below the knee", False),
    ("numb thigh", False),  # above the knee
    ("tingling in my thigh only", False),
    ("some numbness in my leg", None),  # where? ask
    ("numbness in my inner thighs", None),  # saddle area: a red flag, not this slot
    ("no", None),
]


@pytest.mark.parametrize("text,expected", NUMBNESS, ids=[t for t, _ in NUMBNESS])
def test_leg_numbness_below_knee(text, expected):
    check(text, "leg_numbness_below_knee", expected)


def test_slot_facts_and_red_flags_come_from_one_message():
    findings = analyse("left side only, bending forward helps, no tingling below the knee")
    assert {(f.entity, f.value) for f in findings} == {
        ("pain_side", "left"),
        ("forward_bend_relief", True),
        ("leg_numbness_below_knee", False),
    }


@pytest.mark.parametrize("text", ["left hand side", "the left hand side", "on my left hand side"])
def test_left_hand_side_is_the_left_side(text):
    assert [(f.entity, f.value) for f in analyse(text)] == [("pain_side", "left")]


def test_a_numb_left_hand_is_not_the_side_of_the_back_pain():
    assert [f for f in analyse("my left hand is numb") if f.entity == "pain_side"] == []
