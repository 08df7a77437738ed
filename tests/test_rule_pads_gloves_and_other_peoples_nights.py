"""Lessons of blind round 26 (tests/eval/blind/round-26.md), each with its near miss: pads
borrowed from a relative are the patient's own; "the first time since I was a kid" is now;
numbness told by wiping or by a partner's touch is saddle numbness; a ring slipping off, a
season, sales figures, a child kept up all night and a boss's tumble are nobody's red flag.
"""
from __future__ import annotations

from bot.nlu.clinical import red_flags_in
from tests.conftest import assert_flag, assert_none


def test_borrowed_pads_and_a_first_time_since_childhood_are_the_patients_own_signs():
    assert_flag("bladder_bowel", [
        "I've had to start wearing my mum's incontinence pads this week, I'm 34, and my back is in bits",
        "Dr google says cauda equina, I have back pain and yesterday I wet the bed for the first time since I was a kid",
    ])
    assert_none([
        "my mum's incontinence has got worse and I lift her in and out of bed, my back hurts",
        "I wet the bed a lot as a kid, never since, my back hurts when I walk",
    ])


def test_numbness_told_by_wiping_or_a_partners_touch_is_saddle_numbness():
    assert_flag("saddle_numbness", [
        "when I wipe it's like wiping through a glove",
        "my girlfriend noticed I didn't react when she touched my inner thigh, it's numb on both sides right up to my bits",
    ])
    assert_none(["I wear gloves to wipe down the benches at work and my back aches"])


def test_a_cancer_history_told_inside_a_worry_still_counts():
    assert_flag("cancer_history", ["is back pain something to worry about if I've had breast cancer before?"])
    assert_none(["is back pain something to worry about if I get cancer one day?"])


def test_look_alikes_and_other_peoples_troubles_are_not_red_flags():
    assert_none([
        "my son has a fever so I've been up all night with him, and my back is sore from the sofa",
        "my wife wakes every night with pain in her hip, my back's fine at night, just stiff in the day",
        "My boss took a tumble on the ice, and now I'm covering his shifts and my back's done in from the extra lifting",
        "our receptionist went home with a fever today so I've been doing the lifting at work, back's a bit sore",
        "our sales figures fell off a cliff this quarter and I've been hunched over spreadsheets, back is stiff",
        "in the fall I started a new job with lots of driving and my back has been stiff since",
    ])
    assert_flag("weight_loss", ["my wedding ring keeps slipping off and the scales are down 8 kilos, I haven't been trying"])
    assert red_flags_in("my wedding ring keeps slipping off and the scales are down 8 kilos") == ["weight_loss"]
    assert_flag("trauma", [
        "in the fall I hurt my back badly",
        "I slipped on the ice last week and my back hurts",
        "my boss pushed me and I fell down the stairs",
    ])
    assert_flag("night_pain", ["I'm up all night with the pain in my back, nothing eases it"])
