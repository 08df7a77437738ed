"""Lessons of blind round 28 (tests/eval/blind/round-28.md), each with its near miss: a sign
told after "what I wanted to ask about:" is reported, not asked about; a temperature told as
a reading, a slow stream, a barbell dropped on the back and weight lost "without any effort"
are red flags; legs that "haven't given way" and hot bath water are not; lying on one side is
a position, not the side of the pain; "it's right in the middle" corrects a side to central;
"oh no, I got that wrong" is a cry, not a denial of what follows; the shivers from a horror
film, "gym fever", "what's that pulsing thing about?" and a fall "long time ago" that the
patient "was fine after" are not flags.
"""
from __future__ import annotations

from bot.nlu.clinical import analyse
from tests.conftest import assert_flag, assert_none


def values(text, entity):
    return [f.value for f in analyse(text) if f.entity == entity]


def test_a_sign_told_after_what_i_wanted_to_ask_about_is_reported():
    assert_flag("night_pain", [
        "Sorry for rambling. What I wanted to ask about: the pain is severe every night and no position eases it",
    ])
    assert_none(["I wanted to ask about saddle numbness, what does it mean?"])


def test_readings_streams_dropped_weights_and_effortless_weight_loss_are_flags():
    assert_flag("fever_unwell", ["temp 39.1 since last night and my back is killing me",
                                 "back agony and a temperature of 38.4"])
    assert_flag("bladder_bowel", ["since the injury my wee is really slow and stop-start"])
    assert_flag("trauma", ["my mate dropped a kettlebell on my lower back at the gym"])
    assert_flag("weight_loss", ["without any effort I've lost 6 kilos since summer"])
    assert_none([
        "my temp was 36.9 this morning, just the back pain",
        "my son's temp is 38.5 and I've done my back carrying him",
        "my wee is not slow at all, no problems there",
        "without any effort on the stairs I can walk fine, the back is just stiff",
    ])


def test_legs_that_have_not_given_way_and_hot_bath_water_are_not_flags():
    assert_none([
        "my legs haven't given way at all, it's just a sore back",
        "I could barely feel how hot the water was in the shower, my hands were so cold",
    ])
    assert_flag("leg_weakness", ["my legs have given way twice this week"])
    assert_flag("fever_unwell", ["I feel hot and shivery all the time"])


def test_lying_on_one_side_is_a_position_not_the_side_of_the_pain():
    assert values("it aches a bit at night if I lie on my right, then I turn over", "pain_side") == []
    assert values("it hurts if I sleep on my left side", "pain_side") == []
    assert values("it's on my right side, mostly when I walk", "pain_side") == ["right"]


def test_right_in_the_middle_corrects_the_side_to_central():
    assert values("my mistake, it's not the right, it's dead in the centre", "pain_side") == ["central"]
    assert values("not the left, it's the right", "pain_side") == ["right"]


def test_oh_no_is_a_cry_not_a_denial_of_what_follows():
    assert values("oh no, I answered that wrong, bending forward does help", "forward_bend_relief") == [True]
    assert values("oh no, bending forward doesn't help at all", "forward_bend_relief") == [False]


def test_frights_crazes_questions_about_a_page_and_old_falls_one_was_fine_after_are_not_flags():
    assert_none([
        "that documentary gave me the shivers, anyway my back is stiff from the sofa",
        "the whole office has marathon fever this month and my back hates the training",
        "what's this throbbing tummy thing about? saw it in your list",
        "long time ago, maybe 20 years, I fell off my bike, I was fine after. Now just back pain.",
    ])
    assert_flag("fever_unwell", ["I've had the shivers and a temperature since Tuesday"])
    assert_flag("abdominal_throbbing", ["I have a pulsing feeling in my tummy, is that the thing on your page?"])
    assert_flag("trauma", ["I fell down the stairs yesterday and was fine after but now my back is killing me"])
