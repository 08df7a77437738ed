"""The outcome rules of CONTRACT.md over every combination of answers."""
import itertools

import pytest

from bot.triage.outcome import (
    GENERAL,
    GP_ASSESSMENT,
    PSOAS_LIKELY,
    URGENT,
    answers_summary,
    decide_outcome,
    is_one_sided,
    outcome_from_slots,
    outcome_reason,
)

TRI = (True, False, None)
FLAG_SETS = (None, [], ["night_pain"], ["bladder_bowel", "trauma"])


def expected(flags, numb, one_sided, relief):
    if flags:
        return URGENT
    if numb is True:
        return GP_ASSESSMENT
    if one_sided is True and relief is True:
        return PSOAS_LIKELY
    return GENERAL


@pytest.mark.parametrize("flags,numb,one_sided,relief", list(itertools.product(FLAG_SETS, TRI, TRI, TRI)))
def test_outcome_follows_the_contract_rules_for_every_combination(flags, numb, one_sided, relief):
    assert decide_outcome(flags, numb, one_sided, relief) == expected(flags, numb, one_sided, relief)


def test_any_red_flag_is_urgent_whatever_else_was_said():
    assert decide_outcome(["fever_unwell"], False, True, True) == URGENT


def test_unknown_relief_is_not_psoas_likely():
    assert decide_outcome([], False, True, None) == GENERAL


def test_unknown_numbness_is_not_gp_assessment():
    assert decide_outcome([], None, False, False) == GENERAL


@pytest.mark.parametrize("side,one", [("left", True), ("right", True), ("both", False), ("central", False), (None, None)])
def test_one_sided_follows_the_side(side, one):
    assert is_one_sided(side) is one


def test_outcome_from_slots_derives_one_sidedness_from_the_side_when_missing():
    slots = {"pain_side": "left", "forward_bend_relief": True, "leg_numbness_below_knee": False, "red_flags": []}
    assert outcome_from_slots(slots) == PSOAS_LIKELY


def test_summary_names_each_answer_and_says_unknown_ones_as_unknown():
    text = answers_summary({"pain_side": "right", "forward_bend_relief": None, "leg_numbness_below_knee": True})
    assert "right side" in text
    assert "not sure if bending forward helps" in text
    assert "numbness or tingling below the knee" in text


@pytest.mark.parametrize("outcome", [URGENT, GP_ASSESSMENT, PSOAS_LIKELY, GENERAL])
def test_every_outcome_has_a_reason(outcome):
    assert len(outcome_reason(outcome)) > 20
