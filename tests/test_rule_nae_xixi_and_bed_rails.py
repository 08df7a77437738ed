"""Blind rounds 32-35 and a third writer's lessons for the rule reader: the Scots "nae" as a
denial and "nae control" as a report, a wee that will not come in Portuguese-English, hot then
cold in the patient's words, bowels that let go, a patient knocked into a bed rail, a fall
"as a lad", the night ache that eases in a comfy position, and weight lost by cutting carbs.

Each test pairs sentences that must not escalate with near misses that must.
"""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_nae_before_a_sign_denies_it():
    assert_none([
        "nae fever, nae bother wi the watterworks, jist a sair back when ah walk",
        "nae numbness anywhere, jist stiff in the mornin",
    ])
    assert_flag("fever_unwell", ["ah've had a fever since Sunday and ma back's sair"])


def test_nae_control_or_nae_feeling_reports_the_sign():
    assert_flag("bladder_bowel", [
        "ah've nae control o ma bladder noo",
        "i've nae control of my bladder now",
    ])
    assert_flag("saddle_numbness", [
        "there's nae feeling doon there when ah wipe",
        "ah cannae feel ma bum when ah wipe",
    ])


def test_a_wee_that_will_not_come_in_portuguese_english_is_retention():
    assert_flag("bladder_bowel", [
        "Hello, I have back pain since Monday and now I can not make xixi, I try and try and"
        " nothing come, only drops",
    ])
    assert_none(["I can make xixi normal, only the back hurts when I walk"])


def test_roasting_then_freezing_is_a_fever():
    assert_flag("fever_unwell", [
        "back's murder and ah'm roastin then freezin, feel proper no weel in masel",
        "I'm boiling one minute and freezing the next",
    ])
    assert_none(["I tried hot and cold packs on my back", "the office is roasting and my back aches"])


def test_bowels_that_let_go_are_incontinence():
    assert_flag("bladder_bowel", [
        "probably nothing but since the back thing started my bowels just let go when i cough",
        "my bladder just let go on the bus",
    ])
    assert_none(["my bowels are fine, no change there"])


def test_knocked_into_a_bed_rail_is_an_injury():
    assert_flag("trauma", [
        "A patient lashed out on my shift last week and knocked me into a bed rail, hit my lower"
        " back hard, now it aches all the time",
        "the wave knocked me into the rocks and my back has hurt since",
    ])
    assert_none(["my back aches after a long shift lifting patients"])


def test_a_fall_as_a_lad_is_long_past():
    assert_none([
        "fell off a hay trailer as a lad and broke my leg, the back's just worn out from forty"
        " year of farming",
    ])
    assert_flag("trauma", ["fell off a hay trailer on Saturday and landed on my back"])


def test_night_pain_that_eases_in_a_comfy_position_is_the_mild_ache():
    assert_none(["pain at night that eases once I find a comfy position"])
    assert_flag("night_pain", [
        "severe pain every night, I can never find a comfy position",
        "pain every night, wakes me, even when I find a comfy position it doesn't stop",
    ])


def test_weight_lost_by_cutting_carbs_is_intended():
    assert_none([
        "I've cut carbs and lost a few pounds, back pain when standing though",
        "went keto and lost 4kg",
    ])
    assert_flag("weight_loss", ["I've lost a stone without trying, I haven't cut carbs or anything"])


def test_nothing_would_come_out_is_retention():
    assert_flag("bladder_bowel", [
        "sat on the loo for ages this morning absolutely bursting but nothing would come out,"
        " lower back agony",
        "sat on the toilet for ages, nothing would come out",
    ])
    assert_none(["I've had a leaky bladder for ages since the kids, nothing new there"])


def test_jamaican_creole_for_a_bladder_and_a_leg_sign():
    assert_flag("bladder_bowel", ["Mi cyaan hold mi wata from Tuesday an mi back a kill mi"])
    assert_flag("leg_weakness", [
        "Mi foot dem a give out pon mi, two times now, an mi back a hurt",
        "my feet keep giving out on me",
    ])
    assert_none(["my feet are fine, no giving way"])


def test_a_relative_who_only_types_does_not_make_the_sign_theirs():
    assert_flag("cancer_history", [
        "(my son is typing) I had a cancer in my chest many years ago, they took it out, and now my"
        " back troubles me",
    ])
    assert_none(["my mum had breast cancer", "my son is typing, he had cancer last year"])
