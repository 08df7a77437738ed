"""The rule reader on questions, denials, someone in the patient's care and diet words
(learnt from blind round 2's first contact; every sentence here is new)."""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_a_question_answered_at_once_by_a_denial_is_not_a_report():
    assert_none([
        "would numbness round my bum mean I need a scan? I haven't got that, just checking",
        "should i go to a&e if my legs give way? they haven't",
        "is a temperature with back pain a worry? I don't have one though.",
        "what if my bladder stopped working? only asking",
    ])


def test_a_report_followed_by_is_that_serious_still_counts():
    assert_flag("bladder_bowel", ["I keep wetting myself, is that serious?"])
    assert_flag("weight_loss", ["I've been losing weight without trying, is that a bad sign?"])
    assert_flag("leg_weakness", ["my legs keep giving way, is that dangerous? it's been all week"])


def test_a_denial_that_is_not_about_the_symptom_does_not_cancel_it():
    assert_flag("bladder_bowel", ["I keep leaking wee, is that serious? I haven't told anyone"])
    assert_flag("leg_weakness", ["do I need a&e? my legs keep giving way"])


def test_a_hypothetical_worse_pain_is_not_night_pain_now():
    assert_none(["if my back started waking me every night would you want to see me sooner?",
                 "at what point do I ring 999, say if I couldn't feel my bum?"])


def test_no_change_in_the_bowels_is_a_denial():
    assert_none(["no change in my bowels or bladder, just the ache", "No numbness, no change in my waterworks."])


def test_someone_in_the_patients_care_is_someone_else():
    assert_none(["my client is incontinent so I'm lifting her all day",
                 "the toddler I childmind fell off the slide and I wrenched my back catching him"])


def test_weight_lost_without_a_change_of_diet_is_a_flag():
    assert_flag("weight_loss", ["I've lost about half a stone without any change to my diet",
                                "lost 6 kilos, I don't do diets"])
    assert_none(["I lost a stone on a diet this spring and feel great"])


def test_a_clarification_after_a_report_is_not_a_question():
    assert_flag("saddle_numbness", ["numb when I wipe, if that's what you mean",
                                    "can't feel my bum properly, if you know what I mean"])


def test_a_general_when_or_what_question_is_not_a_report():
    assert_none(["when would a fever with back pain be serious?", "what happens if your legs give way?"])


def test_clinical_words_for_weakness_in_both_legs_count():
    assert_flag("leg_weakness", ["Progressive bilateral lower limb weakness, onset last week."])
