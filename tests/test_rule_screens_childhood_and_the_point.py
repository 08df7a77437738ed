"""Lessons of blind rounds 22 and 23 (tests/eval/blind/round-22.md, round-23.md), each paired with the near miss
that must still escalate: someone on screen or a child's illness is not the patient's, a
parent telling their own history is; childhood and "two winters ago" are long past (but
never for cancer); "is it normal to..." still reports the sign it names.
"""
from __future__ import annotations

from bot.nlu.clinical import red_flags_in
from tests.conftest import assert_flag, assert_none


def test_people_on_screen_and_in_the_news_are_not_the_patient():
    assert_none([
        "Saw on the news a footballer had a spinal injury after a fall, made me think about my back",
        "in the film the hero's leg gave way on the cliff edge, reminded me I need to book for my back",
        "on telly last night a woman had a pulsing tummy, anyway my back hurts walking",
    ])
    assert_flag("leg_weakness", ["I was watching something on the telly and my legs gave way when I got up"])
    assert_flag("trauma", ["I saw a thing on the news and then I slipped on the ice and landed on my back"])


def test_a_child_twin_or_partner_is_someone_else():
    assert_none([
        "my twin had cancer as a kid, I didn't",
        "my little boy had a high temp last week, he's fine now, my back is sore from the sofa",
        "my boyfriend wet the bed after too many pints lol, anyway my back",
        "A client at my gym had a fall and I'm worried about her, but I came here for my own sore back",
    ])


def test_a_parent_telling_their_own_history_is_the_patient():
    assert_flag("cancer_history", [
        "I'm a mum who had breast cancer 5 years ago",
        "im a dad with bowel cancer",
        "as a twin I had leukaemia as a child",
    ])
    assert_flag("weight_loss", ["I'm a mum who has lost two stone without trying"])


def test_childhood_and_winters_ago_are_long_past_but_never_for_cancer():
    assert_none([
        "had a bad bout of flu two winters ago but I've been well since",
        "I slipped on ice three winters ago, no problems afterwards",
        "fell down the stairs as a toddler apparently lol",
    ])
    assert_flag("trauma", ["I slipped on ice three days ago and landed on my back"])
    assert_flag("cancer_history", ["had Hodgkin's as a teenager", "had leukaemia as a toddler"])


def test_is_it_normal_questions_still_report_the_sign():
    # "is it normal to get a fever with a slipped disc?" (round 22) stays a false flag: read as
    # a general question, "is it normal to..." lost seven signs the next sentence owned
    # ("...wet yourself with back pain? its happened twice", "mine was 38.2 this morning")
    assert_flag("saddle_numbness", ["is it normal to feel numb down there when I wipe?"])
    assert_flag("bladder_bowel", ["is it normal to wet yourself with back pain? its happened twice"])
    assert_flag("fever_unwell", ["is it normal to have a temperature with back pain? mine was 38.2 this morning"])


def test_a_question_answered_in_brackets():
    assert_none(["do you need to know about cancer history? (i don't have any)"])
    assert_flag("cancer_history", ["do you need to know about cancer history? (I had bowel cancer in 2019)"])


def test_weight_loss_that_was_the_point_is_intended():
    assert_none(["I've been running more and lost a bit of weight, which was the point"])
    assert_flag("weight_loss", [
        "lost 2 stone which is odd as I haven't been dieting",
        "been on a diet, lost a stone which was great, but now another 2 stone has gone without trying",
    ])


def test_a_heatwave_is_not_a_fever():
    assert_none(["feeling hot hot hot in this heatwave 🥵 back sore from gardening"])
    assert_flag("fever_unwell", ["feeling hot and shivery all day with this back pain"])


def test_a_jolt_on_a_missed_step_without_a_fall_is_no_trauma():
    assert_none(["missed a step and jolted my back a bit but didn't fall or hit anything"])
    assert_flag("trauma", [
        "missed a step and fell down the last few, but didn't fall far",
        "I slipped on the stairs and landed hard on my back but didn't fall all the way down",
    ])


def test_leaking_bottoms_lost_hold_and_jelly_legs_are_signs():
    assert_flag("bladder_bowel", [
        "my bum leaks a bit since the back went, not diarrhoea, it just leaks out",
        "Pardon the indelicacy, but I can no longer hold my water",
        "I can no longer control my bladder",
    ])
    assert_flag("leg_weakness", [
        "walking feels like my legs are made of wet noodles, no strength",
        "my legs are made of jelly since the weekend",
    ])


# ------------------------------------------------------------ blind round 23
def test_an_accident_told_beside_the_toilet_is_the_bowel_not_trauma():
    assert red_flags_in("Can't feel when I need a number two anymore and I've had an accident.") == ["bladder_bowel"]
    assert red_flags_in("I've had an accident with my bladder twice this week") == ["bladder_bowel"]
    assert red_flags_in("I had an accident on my bike and now I can't control my bladder") == [
        "bladder_bowel", "trauma"]
    assert red_flags_in("I had a car accident on Monday and since then I've wet myself twice") == [
        "bladder_bowel", "trauma"]


def test_plans_fall_through_and_teammates_fall_in_the_match():
    assert_none([
        "my weekend plans fell through so I've got time for an appointment",
        "a lad on my team fell badly in the match and got stretchered off, i'm fine, just a stiff back",
        "Back in my army days I fell out of a truck. No problems in the 20 years since.",
    ])
    assert_flag("trauma", [
        "fell through the ice on the pond on sunday and landed on my back",
        "back in my army days I fell out of a truck and last week I fell off a ladder",
        "I fell in the match on saturday and a lad on my team landed on me",
        "Amateur boxer. Took a hard body shot to the kidney area in sparring yesterday",
    ])


def test_run_down_by_the_holidays_and_blowing_hot_and_cold_are_no_fever():
    assert_none([
        "I'm just run down with the school holidays, back aches",
        "I've been blowing hot and cold about booking, but here I am",
        "had a bad flu at christmas, fully over it, back pain since last week",
        "is it normal to worry about incontinence with a bad back? nothing's happened",
    ])
    assert_flag("fever_unwell", [
        "I'm run down and feverish with shivers all day",
        "had flu last week and I'm not fully over it yet, still shivery",
    ])
    assert_flag("bladder_bowel", ["is it normal to lose control of my bladder? it happened twice today"])


def test_a_fear_that_legs_will_give_way_one_day_is_no_report():
    assert_none(["I'm scared my legs will give way on the stairs one day"])
    assert_flag("leg_weakness", [
        "my legs gave way on the stairs yesterday and I worry they will go again one day",
        "my legs will give way on the stairs some days, it happened twice this week",
    ])


# ------------------------------------------------------------ blind round 24
def test_run_into_knocked_flat_and_mine_too_are_the_patients_signs():
    assert_flag("trauma", [
        "my grandson ran into me on his scooter on Monday and knocked me flat on my back",
        "a car ran into me at the junction yesterday and my back is agony",
        "the dog knocked me flat on the patio on sunday",
    ])
    assert_flag("leg_weakness", [
        "my nan's legs used to give way and now mine are doing it too",
        "my legs keep giving way, my dad's did too",
    ])
    assert_flag("bladder_bowel", ["i dont no when i need to pee anymore it just comes out, back pain 2 weeks"])
    assert_flag("weight_loss", ["weighed myself at the gym, down a stone without trying, back's been bad"])


def test_book_clubs_offices_teams_films_and_podcasts_are_someone_else():
    assert_none([
        "a friend at book club has pain every night that no position helps; mine is only when I walk",
        "half the office has a fever bug, I'm fine so far but my back hurts walking",
        "one of the girls in my netball team had a fever and missed the game",
        "watched a film where the guy's legs gave way and he couldn't walk, freaked me out",
        "listened to a podcast about a woman who lost weight without trying, I haven't",
    ])
    assert_flag("fever_unwell", ["half the office has a fever bug and now I've got a temperature of 39"])
    assert_flag("leg_weakness", ["watched a film last night and when I got up my legs gave way"])
    assert_flag("saddle_numbness", [
        "I was reading an article about cauda equina and my bum has gone numb since yesterday"])


def test_a_question_denied_or_owned_in_the_next_sentence():
    assert_none([
        "Is bladder leakage something to watch out for with back pain? Not happening to me.",
        "will i get pins and needles in my bum? read about it online",
    ])
    assert_flag("leg_weakness", [
        "do I need A&E if my legs give way? they did this morning",
        "will i get better? my legs keep giving way",
    ])
    assert_flag("bladder_bowel", [
        "should I worry if my bladder leaks? it does sometimes",
        "Is bladder leakage something to watch out for? I've had it twice this week",
    ])


def test_fell_running_market_tumbles_tiredness_and_a_pillow_that_fixes_it():
    assert_none([
        "I do fell running in the Lakes and my lower back hurts on the climbs",
        "took a real tumble on the stock market this week, ha, back sore walking",
        "I feel a bit run down from work but no fever or anything",
        "dull ache at night, a pillow between my knees fixes it",
    ])
    assert_flag("trauma", [
        "I fell running down the stairs yesterday and hit my back",
        "I went fell running and fell on my back yesterday",
        "took a tumble on the stairs on monday and my back is bad",
    ])
    assert_flag("fever_unwell", ["I feel run down and feverish, shivering all day"])
    assert_flag("night_pain", ["pain every night, no position helps, a pillow doesn't fix it"])
