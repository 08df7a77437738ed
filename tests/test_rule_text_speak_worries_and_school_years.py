"""Lessons of blind round 27 (tests/eval/blind/round-27.md), each with its near miss:
text-speak "cnt ctrl bladder" and "can't walk anymore without my leg giving out" report the
sign; a worry about "one day", a sign the patient is glad not to have, an arm broken "in year
6" and a near-fall saved by the rail are not red flags; a relief corrected in one breath
keeps the later word.
"""
from __future__ import annotations

from bot.nlu.clinical import analyse
from tests.conftest import assert_flag, assert_none


def test_text_speak_and_a_double_negative_report_the_sign():
    assert_flag("bladder_bowel", ["bk pain sinc fri + cnt ctrl bladder, pls help"])
    assert_flag("leg_weakness", [
        "legit can't walk to college anymore without my leg giving out, back's been wrecked for a week",
        "my worry is my legs are getting weaker every day",
        "my leg gave way on the stairs, glad I didn't fall",
    ])
    assert_none(["I can walk without my legs giving way now"])


def test_worries_signs_the_patient_is_glad_not_to_have_and_school_years_are_not_flags():
    assert_none([
        "my worry is that one day my leg will give way on the stairs, it hasn't yet",
        "I read that back pain plus a pulsing tummy is serious, glad I don't have that",
        "broke my arm falling off a trampoline in year 6 lol, irrelevant, back hurts from my gaming chair",
        "lost my footing a bit on the stairs but grabbed the rail and didn't fall, back just tweaked",
    ])
    assert_flag("saddle_numbness", ["is it true that I can't feel my bum because of a disc? it's numb since monday"])
    assert_flag("trauma", ["I fell down the stairs at the school yesterday"])


def relief(text):
    return [f.value for f in analyse(text) if f.entity == "forward_bend_relief"]


def test_a_relief_answer_corrected_in_one_breath_keeps_the_later_word():
    assert relief("hang on, I said bending helps but actually it makes no difference at all") == [False]
    assert relief("bending forward helps but walking makes it worse") == [True]
