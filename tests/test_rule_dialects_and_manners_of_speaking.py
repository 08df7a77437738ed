"""Blind round 29's lessons for the rule reader: Scots and Irish words for family and for
childhood, "not me", a place named after a relative, and a crash that is a manner of speaking.

Each test pairs sentences that must not escalate with near misses that must.
"""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_a_relative_in_scots_or_irish_words_is_someone_else():
    assert_none([
        "ma wean's got a temperature, n ma back's gubbed fae carryin her aboot",
        "me missus came off the motorbike, she's ok, I've just got a sore back from the hospital chairs",
        "my buddy got rear-ended and wrecked his back, mine just aches from the gym",
        "the bairn has a fever and I've been up all night with her, back's killing me",
    ])
    assert_flag("fever_unwell", [
        "I've had a fever since Tuesday and my back aches when I walk",
        "ma temperature's been up at 38.6 since yesterday",
    ])


def test_a_fall_when_a_wis_a_laddie_is_long_past():
    assert_none(["hurt ma back fallin aff a wa when a wis a laddie, nae bother since"])
    assert_flag("trauma", ["fell aff a wa on Saturday and landed on ma back"])


def test_a_party_at_a_relatives_is_not_their_fall():
    assert_flag("trauma", [
        "came off a bouncy castle badly at my niece's party and hit the concrete with my back",
        "slipped on the decking at my sister's wedding and landed hard on my back",
    ])
    assert_none(["my niece's had a fall but she's fine, my back is just stiff"])


def test_work_being_a_car_crash_is_a_manner_of_speaking():
    assert_none([
        "work's a car crash at the moment and my back aches when I walk",
        "my life is a total car crash this month, and my back is sore",
    ])
    assert_flag("trauma", [
        "I was in a car crash last week and my back has hurt since",
        "it was a car crash on the M6 on Friday, my lower back's been agony",
    ])


def test_not_me_after_a_sign_makes_it_someone_elses():
    # after a comma it does not reach back ("..., not me" starts a new clause for Negex)
    assert_none(["there's a fever going round not me though, my back just aches when I walk"])
    assert_flag("fever_unwell", ["there's a fever going round and I've got it too, not just me"])


def test_blind_round_29b_false_flags_with_their_near_misses():
    assert_none([
        "Saddle area feels completely normal. Pain is across my lower back when walking.",
        "my calf feels numb but my bum and privates are fine, no problems there",
        "I can't hold it in anymore, I need to tell someone how fed up I am with this back pain",
        "I feel like I've been hit by a bus, figuratively, this week has been so stressful, back aches walking",
        "lost weight training for a marathon, but now lower back pain when I walk",
        "fasted for Ramadan and lost a little weight, normal for me, back hurts walking though",
        "Runner, I dropped 2kg training for the marathon, intended, back sore",
    ])
    assert_flag("saddle_numbness", ["numb in the saddle area, legs feel normal", "my saddle area is numb"])
    assert_flag("bladder_bowel", ["I can't hold it in, I've wet myself twice"])
    assert_flag("fever_unwell", ["I feel like I've been hit by a bus and I've got a temperature"])
    assert_flag("weight_loss", ["lost a stone without trying, and I'm not training for anything"])
