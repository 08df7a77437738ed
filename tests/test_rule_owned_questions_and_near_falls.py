"""What blind round 20 taught the rule reader: a general question followed by "mine have" is
the patient's own sign, a question followed by "I haven't had it" is not; a trip that ended
on the patient's feet is no fall; the people a patient cares for are not the patient.

Each test pairs sentences that must not escalate with nearly the same words that must.
"""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_a_general_question_then_mine_have_reports_the_sign():
    assert_flag("saddle_numbness", [
        "is it normal that your genitals go numb when you have a bad back? cause mine have"])
    assert_flag("leg_weakness", [
        "is it normal for your leg to give way with sciatica? mine's done it twice today"])
    assert_none(["Can a fall cause this? mine started after gardening",
                 "is it normal for your leg to give way with sciatica? mine's fine"])


def test_a_question_then_i_have_not_had_it_reports_nothing():
    assert_none([
        "Could a throbbing in my stomach be related to back pain? I read about it on the NHS website, I haven't had it.",
        "Why does the NHS say to go to A&E with back pain and bladder problems? I'm fine on that front, just curious",
        "If numbness spreads to the groin do I call 999 or 111? I've no numbness at all, I'm just a planner",
    ])
    assert_flag("bladder_bowel", ["Is it serious that I keep wetting myself? I haven't had it checked"])


def test_without_fail_means_every_night():
    assert_flag("night_pain", [
        "Dear sir, each night without fail I am woken by a severe pain in my lower back which no "
        "change of position relieves. I am 74."])


def test_a_trip_that_ended_on_the_patients_feet_is_no_fall():
    assert_none([
        "I tripped on the edge of the rug yesterday, caught myself on the sofa, didn't hit anything, "
        "but I think I jarred my back",
        "missed a step on the stairs and jolted, didn't fall or hit anything, but my back's been sore since",
        "I slipped a little on wet grass playing with the kids, stayed on my feet, back twinged",
    ])
    assert_flag("trauma", ["I slipped on ice and fell hard, but my son didn't fall",
                           "I fell off the ladder and landed on my back"])


def test_the_people_a_patient_cares_for_or_plays_with_are_not_the_patient():
    assert_none([
        "I'm a carer for an elderly lady who's incontinent, so I do a lot of changing and lifting, "
        "and my lower back is really sore from it",
        "My teammate went down hard in the match and landed on his back, he's fine now. I didn't go "
        "down but my back's been tight since the game.",
        "My best friend just finished chemo for breast cancer and I've been helping her move flat.",
        "At the yard last week a horse threw one of the other riders, thankfully not me! I'm just sore "
        "in the back from mucking out.",
    ])


def test_idioms_of_falling_and_sweating_are_not_signs():
    assert_none([
        "Big fan of your psoas article, I fell down a rabbit hole reading about hip flexors last night.",
        "The market took a tumble and so did my mood, but physically it's only my lower back that's stiff",
        "The heat wave has me sweating buckets on the building site and my back is aching from the lifting",
    ])


def test_a_pain_that_wakes_now_and_then_and_eases_is_not_night_pain():
    assert_none(["Back pain wakes me occasionally but it eases once I change position"])
    assert_flag("night_pain", ["the pain wakes me every night and nothing eases it",
                               "it wakes me sometimes and I cannot get comfortable in any position"])


def test_sleeping_on_the_floor_because_of_the_mattress_is_not_night_pain():
    assert_none(["been taking ibuprofen, sleeping on the floor because the mattress is rubbish, my back hurts"])
    assert_flag("night_pain", ["sleeping on the floor because of the pain, nothing helps",
                               "I sleep in a chair because I cannot lie flat with the pain"])


def test_what_round_21_taught():
    assert_flag("night_pain", [
        "Every night without fail I'm woken by a terrible pain in my lower back and no position I move "
        "into makes it any better.",
        "the pain wakes me at night and nothing I move into makes it better"])
    assert_none(["it wakes me at night but when I turn over it settles",
                 "missed the bottom step but stayed on my feet, back's been a bit sore",
                 "nothing like that, though my mum did have breast cancer",
                 "my legs arent weak or giving way, its just the back"])
    assert_flag("trauma", ["Boxing sparring, took a hard knee to the lower back on Tuesday.",
                           "I slipped on the ice and fell on my back"])
    assert_flag("cancer_history", ["I did have breast cancer"])


def test_a_denial_after_a_question_must_end_there_to_deny():
    assert_flag("bladder_bowel", [
        "I keep wetting myself, is that serious? I haven't had any warning, it just happens",
        "My bladder keeps leaking, is that bad? I have no control at all",
    ])


def test_a_real_fall_stays_a_fall_whatever_did_not_happen_after_it():
    assert_flag("trauma", [
        "fell off my bike and didn't land well, hurt my back",
        "I fell down the stairs and didn't fall asleep all night",
        "I fell off the ladder and didn't fall far but landed on my back",
        "fell off my bike, caught myself on the kerb and hurt my back",
        "I fell and didn't go to hospital",
        "I fell over at work, didn't hit my head but my back hurts",
    ])


def test_what_others_did_to_the_patient_or_saw_in_them_is_the_patients():
    assert_flag("trauma", ["my teammate fell on top of me and I hurt my back",
                           "my mate fell on top of me and I hurt my back"])
    assert_flag("weight_loss", ["a client at my gym said I looked thin, I have lost 2 stone without trying"])
    assert_none(["my teammate fell and hurt his back", "my dad fell last week, I'm fine",
                 "a client at my gym said he'd gone numb down below, I sent him to A&E",
                 "I've lost 2 stone going to the gym"])
