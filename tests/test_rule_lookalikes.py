"""The rule reader's precision on words that look like a red flag but are not one.

Each test pairs everyday sentences that must not escalate with near misses that must: a
rule false positive sends a healthy patient to 111, a lost flag misses an emergency.
"""
from __future__ import annotations

import pytest

from bot.nlu.clinical import red_flags_in
from tests.conftest import assert_flag, assert_none


# --------------------------------------------------------------- 1. look-alike words
def test_a_temp_job_is_not_a_fever():
    assert_none([
        "signed up with a temp agency last week, the warehouse shifts are murder on my back",
        "I've been temping at a distribution centre and my lower back aches by home time",
        "working as a temp in a factory, lots of bending",
        "got a temp contract packing boxes, back's been sore since",
        "I'm a temp at a supermarket depot and lift all day",
    ])
    assert_flag("fever_unwell", [
        "I had a temp of 39 last night and my back is agony",
        "running a high temp since Tuesday with this back pain",
        "i've got a temp and feel rough, back hurts",
    ])


def test_fever_as_an_everyday_word_is_not_a_fever():
    assert_none([
        "proper cabin fever being stuck in with my back",
        "fever pitch at the match on Saturday and I jumped up, back went",
        "my hay fever's bad and all the sneezing hurts my back",
        "a couple of fever-tree and gins at the wedding, danced all night, back's sore",
    ])
    assert_flag("fever_unwell", ["I've had a fever since the weekend and my back is killing me"])


def test_weights_at_the_gym_are_not_weight_loss():
    assert_none([
        "I've had to drop the weight on my squats since my back started",
        "dropped my weights right down at the gym because of my back",
        "reduced the weight on my bench press, back still twinges",
    ])
    assert_flag("weight_loss", [
        "I've dropped a stone without trying and my back hurts",
        "lost 6kg in a month and I haven't changed anything",
    ])


def test_cutting_weight_for_a_fight_is_intended():
    assert_none([
        "making weight for my bout next week, lost 3kg, back's stiff from sparring",
        "I'm cutting for a comp so I'm down 4kg and my back is tight",
        "lost 3kg for my weigh-in on Friday, back's stiff",
    ])
    assert_flag("weight_loss", [
        "no fight coming up but I've lost 6kg without trying",
        "I'm a boxer but I'm not cutting and I've still lost 5 kilos",
    ])


def test_a_thing_or_someone_else_that_fell_is_not_the_patients_fall():
    assert_none([
        "my phone fell off the table and I bent down fast to get it, back's gone",
        "a tin fell out of the cupboard and I twisted to catch it",
        "I'm a nurse and helped a patient who had fallen back into bed, hurt my back",
        "a customer fell in the shop and I lifted him up",
        "my glasses fell off and I bent down to get them",
        "interest rates have fallen so we're moving house, lots of lifting",
        "the tumble dryer's broken so I'm carrying wet washing up the stairs",
        "we got stuck behind a crash on the M6 and sat in the car for three hours",
        "I slipped up with my tablets and missed a few days",
    ])
    assert_flag("trauma", [
        "fell down the stairs on Monday and hurt my back",
        "a box fell on me at work yesterday",
        "I had a tumble down the stairs yesterday",
        "I was in a crash on the M6 on Friday",
        "a box fell off the top shelf onto my head yesterday and now my back hurts",
        "my phone fell so I went to grab it and fell down the stairs",
        "the shelf fell down and hit my back on Tuesday",
    ])


# --------------------------------------------------------------- 2. someone else
def test_someone_elses_symptom_is_not_the_patients():
    assert_none([
        "my dad legs keep giving way, he's 85, but I'm here about my own back",
        "my wife can feel a pulse in her belly, she's seeing the doctor about it",
        "my brother said his legs went weak after his op, mine is just a sore back",
        "her bum has gone numb, my mum I mean, she's waiting for a scan",
        "my workmate's legs gave way on site, I helped him up and hurt my back",
    ])
    assert_flag("leg_weakness", [
        "I was carrying her up the stairs and my legs buckled",
        "legs keep going weak, dad legs were the same before his op",
        "my legs are giving way, my mum's were too",
        "my legs have gone weak and my mum is worried",
    ])
    assert_flag("abdominal_throbbing", ["my husband noticed a throbbing in my tummy"])


# --------------------------------------------------------------- 3. worries and questions
def test_a_worry_asked_as_a_question_is_not_a_report():
    assert_none([
        "my friend said if you can't feel your bum you should go to A&E, is that right? I'm fine",
        "is it serious if your legs go weak? asking for my nan",
        "is it dangerous if your belly throbs? I haven't got that",
        "how bad does the night pain have to be before I see someone? mine is ok",
    ])
    assert_flag("saddle_numbness", ["I can't feel my bum when I wipe, what should I do?"])
    assert_flag("bladder_bowel", ["how long will I keep wetting myself like this?",
                                  "ive been leaking wee, does it have to be a lot before its serious?"])
    assert_flag("saddle_numbness", ["I can't feel my bum, how bad does it have to be before I go to A&E?"])
    assert_flag("leg_weakness", ["is it dangerous if my legs keep giving way? they've done it twice today",
                                 "my legs keep giving way, how long before I should worry"])
    assert_flag("night_pain", ["the pain is agony every night, nothing helps, how bad does it have to get?"])


# --------------------------------------------------------------- 4. long past, resolved
def test_a_fever_last_month_that_is_over_is_not_a_flag_but_one_still_there_is():
    assert_none([
        "had a virus with a temperature last month but I'm totally better now",
        "I had a chest infection with a fever in March 2019 but made a full recovery",
        "my leg was weak after my knee op years ago but it's been fine ever since",
        "a long time ago I had bowel problems after surgery, the doctors sorted it",
        "my legs gave way once years ago but it's never happened since",
        "lost a lot of weight when I was ill in 2018 but I've put it all back on",
        "I had a fever over Easter but I'm well now",
        "was really poorly with a temperature in the summer, fully recovered",
    ])
    assert_flag("fever_unwell", [
        "had a temperature last week and I'm still unwell",
        "had a fever yesterday but fine now",
        "had flu last month and I'm not fully better",
        "had a fever last month which cleared up, but it came back yesterday",
        "had a temperature in the summer, fine now, but I've been feverish again since Sunday",
    ])
    # an injury or a cauda equina sign a month ago is still recent; only years make it past
    assert_flag("trauma", ["I fell off my horse last month and the bruises have healed but my back is still bad"])
    assert_flag("leg_weakness", ["my legs went weak last month but they're fine now"])
    assert_flag("bladder_bowel", ["had bladder problems years ago which physio fixed, but now I'm leaking again"])


def test_a_resolution_does_not_cancel_a_flag_named_after_it():
    assert_flag("leg_weakness", [
        "I had a fever last month, fine now, but now my legs are giving way",
        "had covid a few months ago and got over it, but my legs keep buckling",
        "had a fever last month, all gone now, but my legs went weak yesterday",
    ])


def test_a_past_cancer_counts_even_when_it_is_over():
    assert_flag("cancer_history", ["had breast cancer years ago but I'm completely fine now"])


# --------------------------------------------------------------- 5. one flag, not two
@pytest.mark.parametrize("text, flags", [
    ("round my back passage feels numb since the back went", ["saddle_numbness"]),
    ("I can't feel anything when I wipe after the loo", ["saddle_numbness"]),
    ("had a poo accident in the night, never happened before", ["bladder_bowel"]),
    ("I had a toilet accident at the shops, no warning", ["bladder_bowel"]),
])
def test_a_saddle_or_toilet_symptom_is_not_read_as_a_second_flag(text, flags):
    assert red_flags_in(text) == flags


def test_a_road_accident_is_still_trauma():
    assert_flag("trauma", ["I had a car accident on Friday", "had an accident at work last week",
                           "had a wee accident in the car on Monday, someone went into the back of me"])
