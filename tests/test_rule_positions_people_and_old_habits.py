"""What blind round 17 taught the rule reader: a position in bed is not a date, the people
around the patient are not the patient, and a habit of years is not a new sign.

Each test pairs sentences that must not escalate with nearly the same words that must.
"""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_lying_on_my_back_in_bed_is_now_not_back_in_the_past():
    assert_flag("abdominal_throbbing", [
        "lying on my back in bed I feel a throbbing in my tummy in time with my pulse",
        "I've also noticed, when I lie on my back in bed, a throbbing sensation in my tummy "
        "that seems to keep time with my pulse. My wife says I'm worrying over nothing.",
    ])
    assert_none([
        "back in 2005 I fell off a ladder",
        "back in the day I broke my leg falling off a wall, fine now",
    ])


def test_waterworks_that_have_not_behaved_are_a_bladder_change():
    assert_flag("bladder_bowel", [
        "having some trouble downstairs... the waterworks haven't behaved since my back "
        "started, a few little accidents",
        "my bowels haven't been right since the back pain started",
    ])


def test_me_and_my_partner_is_the_patient_too():
    assert_flag("saddle_numbness", [
        "when me and my partner are intimate I can't feel anything down there anymore, it "
        "started with my back pain",
    ])
    assert_none(["my partner has a fever", "bf has a fever lol i'm the one w/ back pain tho 🙃"])


def test_people_at_work_and_next_door_are_not_the_patient():
    assert_none([
        "a colleague at work fell off a ladder last week and it made me think about my own "
        "back, which aches when I walk",
        "my neighbour slipped on the ice and broke his hip; I'm fine but my back hurts on walks",
        "one of the residents at the care home I work at has legs that keep buckling, lifting "
        "her has done my back in",
    ])
    assert_flag("leg_weakness", [
        "a colleague at work said my leg looks weak, it keeps giving way",
        "one of the things I noticed is my legs keep giving way",
    ])
    assert_flag("trauma", [
        "I'm a carer and I went down with my client during a transfer yesterday, landed on my back",
    ])


def test_an_illness_at_university_long_over_is_not_a_flag_now():
    assert_none(["lost a lot of weight when I had glandular fever at uni, been back to normal for years"])
    assert_flag("fever_unwell", ["I had glandular fever last week and lost a lot of weight"])
    assert_flag("weight_loss", ["I had glandular fever last week and lost a lot of weight"])


def test_business_and_work_idioms_are_not_falls_or_fevers():
    assert_none([
        "the bottom fell out of my business this year and I've been stressed, back tight on walks",
        "it's been a feverish few weeks at work with the product launch and my back aches "
        "walking to the station",
    ])
    assert_flag("trauma", ["fell out of a tree last week and landed on my back"])
    assert_flag("fever_unwell", ["I've been feverish for a few days and my back is agony"])


def test_weight_lost_as_planned_is_not_a_flag():
    assert_none(["lost a couple of pounds since starting my walking programme, which was the plan"])
    assert_flag("weight_loss", [
        "lost a lot of weight, which wasn't the plan at all",
        "my client said I look thin, I've lost 2 stone without trying",
    ])


def test_night_pain_that_one_position_eases_is_not_the_red_flag():
    assert_none(["it stops me sleeping on my back, but on my side it's fine"])
    assert_flag("night_pain", [
        "it wakes me every night and nothing helps, on my side it's no better",
        "back pain keeps me up all night every night, tried a pillow between my knees, lying "
        "flat, on my side, nothing eases it",
    ])


def test_a_small_leak_of_many_years_is_not_a_new_bladder_change():
    assert_none(["I get a tiny leak when I sneeze, have done for years since the kids, nothing new"])
    assert_flag("bladder_bowel", [
        "I've started leaking when I sneeze, it's new",
        "I've had a small leak when I cough for years but now it's worse",
        "I've had a small bladder leak for years but now it's much worse",
    ])
    assert_none(["leaky bladder since having the kids, no worse than ever"])


def test_a_weak_leg_of_many_years_that_is_getting_worse_is_a_flag():
    assert_flag("leg_weakness", ["my leg has been weak for years but now it's getting worse"])
    assert_none([
        "my leg was weak for a bit years back, it's been strong since",
        "had a slipped disc 15 years ago with a weak leg, it recovered completely, now my back is twinging again",
        "I had some numbness round my bottom after an operation years ago but it came back fully",
    ])


# ------------------------------------------------------------- from blind round 18
def test_patients_of_a_clinician_and_people_on_telly_are_not_the_patient():
    assert_none([
        "A patient of mine reports saddle numbness; I'm a practice nurse asking what your referral route is.",
        "watched a footballer on telly whose legs just gave way, made me think about my own back ache",
        "I'm a physio student - my placement patient has severe night pain no position eases",
        "My father he cannot control the toilet, he is old. I have back pain from carry him.",
        "a nurse at work had a bad fall and broke her hip, made me think I should get my own back looked at",
        "my daughter still wets the bed at 6, is that normal? separately my lower back hurts walking",
    ])
    assert_flag("saddle_numbness", ["I'm a patient with saddle numbness and my back hurts"])
    assert_flag("bladder_bowel", ["I still wet the bed since my back went"])
    assert_flag("weight_loss", [
        "my wife still says I've lost weight without trying",
        "my wife she noticed I've lost weight without trying",
        "a colleague at work was worried I've lost weight without trying",
        "one of the lads at work noticed I've lost a stone without trying",
    ])


def test_checking_oneself_for_a_sign_is_a_worry_not_the_sign():
    assert_none(["should I be checking myself for saddle numbness every day?"])
    assert_flag("saddle_numbness", ["I've been checking and I can't feel anything when I wipe"])


def test_a_sign_that_tests_ruled_out_is_not_a_flag_but_a_past_cancer_still_is():
    assert_none([
        "they scanned my tummy for an aneurysm, all clear, back still sore on walks",
        "they thought it might be a kidney infection, all tests negative, back still aches",
    ])
    assert_flag("cancer_history", ["had breast cancer, all clear now"])
    assert_flag("saddle_numbness", [  # "nothing there" is no test result
        "Yes. When I wipe after toilet I don't feel nothing there.",
        "I can't feel anything down there, nothing there at all",
    ])
    assert_flag("bladder_bowel", ["I keep leaking, the urine was clear when I checked"])
    assert_flag("leg_weakness", ["I fell off a ladder, the scan was clear but my legs keep giving way"])


def test_a_mild_night_ache_that_settles_and_a_numb_seat_that_recovers_are_not_flags():
    assert_none([
        "mild ache that woke me once last week but settled as soon as I turned over",
        "My sleep's a bit broken with the back, maybe I wake once, but I get back off fine",
        "bum goes a bit numb on long drives but comes back as soon as I get out and walk around",
    ])
    assert_flag("night_pain", ["the pain wakes me every night and nothing settles it, not even turning over"])
    assert_flag("saddle_numbness", [
        "my bum went numb three days ago and it hasn't come back",
        "numb down below since tuesday, comes and goes",
    ])


def test_a_fall_in_the_market_and_broken_sleep_are_not_trauma():
    assert_none(["there was a bad fall in the stock market and my pension took a hit lol, also my back hurts walking"])
    assert_flag("trauma", ["I broke my back falling off a ladder", "broken my back? I fell off the roof yesterday"])


def test_a_leak_since_the_patients_twenties_and_weight_walked_off_on_purpose_are_not_flags():
    assert_none([
        "I leak a drop when I sneeze, have done since my 20s, nothing new",
        "lost a bit of weight because I've been walking more for my back, which I wanted",
    ])
    assert_flag("weight_loss", ["lost a stone in 2 months without trying, I've been walking the same as always"])


def test_a_new_clause_after_a_comma_is_not_denied_by_the_one_before():
    assert_flag("abdominal_throbbing", [
        "not a running injury i think, there's a throbbing in my abdomen that goes in time with my heart",
    ])


def test_a_new_clause_after_a_comma_or_a_recent_time_is_read_afresh():
    # each was caught only by the semantic reader until it was retrained with rounds 17 and 18
    assert_flag("night_pain", [
        "dad of a newborn so im up anyway but even when the baby sleeps i cant, back pain at night "
        "is savage and nothing eases it",
    ])
    assert_flag("saddle_numbness", [
        "I sat on my phone for ten minutes without noticing, couldn't feel it under my bum at all",
    ])
    assert_flag("weight_loss", [
        "I was treated for bowel cancer in 2018 and over the last two months I've lost 6kg without trying",
    ])
    assert_flag("abdominal_throbbing", [
        "my kids put their hands on my tummy and said they could feel it beating",
    ])
    assert_none(["no numbness, back pain only", "she put her hands on her tummy and felt it beating"])
