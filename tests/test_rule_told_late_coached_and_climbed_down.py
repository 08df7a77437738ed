"""What blind round 19 taught the rule reader: a sign told late is still told, the people a
patient coaches are not the patient, and climbing down or nearly falling is no fall.

Each test pairs sentences that must not escalate with nearly the same words that must.
"""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_a_sign_the_patient_did_not_mention_before_is_told_now():
    assert_flag("cancer_history", [
        "one thing I didn't mention: I had prostate cancer four years ago",
        "forgot to say, I had bowel cancer in 2019",
        "I never told you I had breast cancer",
    ])
    assert_none(["I didn't have cancer", "no cancer ever"])


def test_beating_cancer_is_a_cancer_history_but_a_charity_run_for_beating_it_is_not():
    assert_flag("cancer_history", [
        "ran the London marathon after beating breast cancer, now my back's hurting on my runs",
        "I ran a race for life after fighting breast cancer myself",
    ])
    assert_none(["the charity run was for beating cancer", "I'm reading a book about surviving cancer for my book club"])


def test_the_people_a_patient_coaches_or_trains_are_not_the_patient():
    assert_none([
        "the lad I coach got a nasty kick in the back at training, I'm asking about my own stiff back",
        "a client at my gym said he'd gone numb down below, I sent him to A&E. my own back is tight though",
        "our five-year-old wet the bed last night and my back hurts from changing the sheets",
    ])
    assert_flag("trauma", ["I coach rugby and got a kick in the back"])


def test_climbing_down_or_catching_yourself_is_no_fall():
    assert_none([
        "roofer, had to come down off the roof today cos my back's killing me",
        "lost my footing on a wet step but grabbed the rail, didn't fall",
    ])
    assert_flag("trauma", [
        "I came off the ladder and landed on my back",
        "lost my footing on the stairs and landed on my bum",
        "lost my footing and fell down the stairs",
    ])


def test_numb_on_the_toilet_seat_is_the_saddle_not_the_bladder():
    from bot.nlu.clinical import red_flags_in

    assert red_flags_in("since then the area between my legs has gone completely numb i cant feel "
                        "anything when i sit on the toilet") == ["saddle_numbness"]
    assert_flag("bladder_bowel", ["I cant feel when I need the toilet"])
