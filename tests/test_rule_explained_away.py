"""The rule reader on a sign explained away later in the same sentence, on clinical words for
saddle numbness, and on claims about a sign in general (learnt from blind round 5's first
contact; every sentence here is new)."""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_an_old_fall_dated_after_a_but_is_not_trauma_now():
    assert_none(["nope, I came off a horse once but that was twenty years ago",
                 "I did have a fall but it was back in 2009"])


def test_a_recent_fall_stays_trauma_whatever_is_dated_later():
    assert_flag("trauma", ["I fell down the stairs on Saturday, it was years ago I last fell",
                           "came off my bike this morning, but it was the first fall I have had in years"])


def test_a_dated_sign_that_has_come_back_still_counts():
    assert_flag("trauma", ["I had a fall but that was 10 years ago and now it's back hurting again"])


def test_weight_lost_because_of_a_diet_is_not_a_red_flag():
    assert_none(["no, a bit of weight has gone but that's because I've been on a diet",
                 "I've lost half a stone but thats cos I started going to the gym"])


def test_weight_lost_because_not_dieting_still_counts():
    assert_flag("weight_loss", ["lost a stone but because I'm not dieting at all it worries me"])
    assert_flag("weight_loss", ["lost weight since the pain began, cos i can't face eating"])


def test_a_night_ache_gone_after_a_shift_of_position_is_not_night_pain():
    assert_none(["it wakes me the odd time but I roll onto my side and it's fine"])


def test_night_pain_that_never_settles_after_turning_still_counts():
    assert_flag("night_pain", ["the pain wakes me every night but i turn over and it never settles"])


def test_clinical_words_for_saddle_numbness_count():
    assert_flag("saddle_numbness", ["perineal hypoaesthesia since yesterday with low back pain",
                                    "Perianal anaesthesia noticed today"])


def test_a_claim_about_a_sign_in_general_is_not_a_report():
    assert_none(["my sister reckons night pain is a warning sign, mine is only in the day though"])


def test_a_sign_reported_then_called_a_bad_sign_still_counts():
    assert_flag("weight_loss", ["I've dropped 2 stone without trying, which is a bad sign I know"])
    assert_flag("weight_loss", ["my wife says weight loss is a red flag and I have lost a stone"])
