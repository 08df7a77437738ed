"""The rule reader on an emoji between two thoughts, words in scare quotes, clinicians'
shorthand, an animal that crushed or kicked the patient, a neighbour's illness and a worry
phrased as "if I couldn't..." (learnt from blind round 11's first contact; every sentence
here is new)."""
from __future__ import annotations

from bot.nlu.clinical import analyse_mentions, red_flags_in
from tests.conftest import assert_flag, assert_none


def test_an_emoji_ends_the_denial_before_it():
    assert_flag("fever_unwell", ["nope none below the knee 🙂 but honestly i feel awful, hot and shivery all night",
                                 "no tingling👍been sweating buckets with a fever tho"])
    assert_none(["no fever 🙏 and no bladder problems", "never had a temperature 👍🏼"])


def test_words_in_scare_quotes_are_read_as_words():
    assert_flag("saddle_numbness", ["I have no feeling 'down there' since Sunday",
                                    "it's gone numb in my \u2018nether regions\u2019"])
    assert_flag("bladder_bowel", ["I've had a couple of \"accidents\", I've been wetting myself"])


def test_a_quoted_sign_is_found_where_the_patient_wrote_it():
    text = "my 'bum' feels numb"
    mention = next(m for m in analyse_mentions(text).mentions if m.group == "saddle_numbness")
    assert text[mention.start_char:mention.end_char] == "bum' feels numb"


def test_a_clinicians_ca_before_the_organ_is_a_cancer_history():
    assert_flag("cancer_history", ["PMH Ca prostate 2016, now LBP on walking", "hx: ca breast, mastectomy"])


def test_an_animal_that_crushed_or_kicked_the_patient_is_trauma():
    assert_flag("trauma", ["a bullock squashed me against the pen rails on Tuesday",
                           "I was kicked by a horse at the yard this morning"])


def test_a_neighbours_illness_is_not_the_patients():
    assert_none(["the couple next door both had cancer, I've only got a bad back",
                 "the man upstairs has been incontinent since his op"])
    assert_flag("cancer_history", ["I'm an old lady who had breast cancer, now my back aches"])


def test_a_question_about_what_if_i_could_not_pass_urine_is_not_a_report():
    assert_none(["would you send me to A&E if I couldn't wee at all?",
                 "should I go to hospital if I couldn't empty my bladder?"])


# learnt from blind round 12's first contact (every sentence here is new)
def test_a_clinician_asking_about_themselves_reports_the_sign():
    assert_flag("saddle_numbness", ["physio here, asking for myself: perianal numbness since lunch"])
    assert_none(["I'm asking about saddle numbness, what does it mean?"])


def test_nothing_touches_it_does_not_negate_the_nights_after_it():
    assert_flag("night_pain", ["tried everything, nothing touches it, dreadful every single night"])


def test_pinned_by_a_machine_is_trauma():
    assert_flag("trauma", ["I was crushed between a pallet and the racking on Monday"])


def test_a_falling_weight_or_a_falling_out_is_not_a_fall():
    assert_none(["had a big falling-out with my sister, back's been tense since"])
    assert red_flags_in("my weight is falling week on week and I eat normally") == ["weight_loss"]


def test_falling_out_of_bed_is_still_a_fall():
    assert_flag("trauma", ["fell out of the loft hatch on Sunday, landed on the landing floor"])


# learnt from blind round 13's first contact (every sentence here is new)
def test_euphemisms_for_losing_control_count_as_bladder_or_bowel():
    assert_flag("bladder_bowel", ["zero control down below now, both ends, since Friday",
                                  "had another little accident in bed, it never used to happen"])
    assert red_flags_in("had a car accident in the night on the A1, my back has been sore since") == ["trauma"]


def test_where_a_bike_seat_would_touch_is_the_saddle_area():
    assert_flag("saddle_numbness", ["it's gone numb where the saddle touches when I cycle"])


def test_a_throw_that_slammed_the_patient_onto_the_floor_is_trauma():
    assert_flag("trauma", ["got body-slammed onto the floor at wrestling on Sunday"])


def test_a_nurses_patient_on_the_ward_is_someone_else():
    assert_none(["a lady in the bay has urinary retention, I'm a nurse and my back is sore from lifting"])


def test_a_clinicians_paraesthesia_in_the_shin_is_numbness_below_the_knee():
    found = [(f.entity, f.value) for f in analyse_mentions("paraesthesia over the shin since Monday").findings]
    assert found == [("leg_numbness_below_knee", True)]


# learnt from blind round 14's first contact (every sentence here is new)
def test_chattering_teeth_are_a_fever_sign():
    assert_flag("fever_unwell", ["my teeth won't stop chattering and I'm in bed with it"])


def test_not_having_been_on_any_diet_leaves_the_weight_loss_unintended():
    assert_flag("weight_loss", ["lost about a stone, haven't been on any kind of diet"])


def test_a_toddler_a_workmate_or_someone_driven_to_chemo_is_someone_else():
    assert_none(["my 3 year old has a temperature, my back is killing from lifting him",
                 "the guy I work with fell through a roof, I'm covering his jobs",
                 "I've been taking him to radiotherapy every day, my back's stiff from the waiting room chairs"])


def test_running_hot_and_cold_on_a_decision_is_not_a_fever():
    assert_none(["I keep blowing hot and cold about booking in"])


# learnt from blind round 15's first contact (every sentence here is new)
def test_a_long_wait_on_the_toilet_does_not_make_the_bladder_problem_long_past():
    assert_flag("bladder_bowel", ["since last night i can't pee, i sat on the toilet for ages and got nothing"])


def test_an_accident_told_after_a_bowel_or_bladder_problem_is_not_an_injury():
    found = red_flags_in("I don't know when I need a wee any more and I had an accident at the shops")
    assert found == ["bladder_bowel"]


def test_an_accident_on_the_way_from_the_toilet_is_still_an_injury():
    assert_flag("trauma", ["went to the toilet and had an accident on the stairs, back's been agony since",
                           "I was coming back from the loo at work and had an accident, slipped on the wet floor"])


def test_a_client_in_a_carers_care_is_someone_else():
    assert_none(["Resident in our care: 82M, new urinary incontinence, can you see him?",
                 "I spend my day hoisting residents who are incontinent and my lower back is shot"])


def test_falling_prices_and_a_joke_about_weight_are_not_flags():
    assert_none(["a drop in prices would be nice, what does a first visit cost?",
                 "lost weight? nope, quite the opposite since the lockdowns, and my back knows it"])


def test_having_been_worried_it_was_cancer_is_not_a_cancer_history():
    assert_none(["my GP was worried it could be cancer but the scan was fine"])


# learnt from blind round 16's first contact (every sentence here is new)
def test_weight_lost_while_trying_to_gain_or_beside_a_fever_is_weight_loss():
    assert_flag("weight_loss", ["my personal trainer says I've dropped weight though I'm eating for muscle",
                                "dropping weight without meaning to, and running a temperature most nights"])


def test_running_for_exercise_still_explains_weight_loss():
    assert_none(["I've lost a stone since I took up running"])


def test_a_mild_night_ache_that_a_turn_eases_is_not_night_pain():
    assert_none(["there's a slight ache in the night but turning over settles it"])
    assert_flag("night_pain", ["a dull ache at night that wakes me, and turning over does nothing"])


def test_a_childs_fever_brought_home_and_a_figure_of_speech_are_not_flags():
    assert_none(["the kids brought a bug home from school, I'm fine, my back's just sore from lifting them",
                 "I feel like I've been run over by a truck, but it's just stiffness after digging"])
    assert_flag("fever_unwell", ["my husband brought me in because I've got a fever and shakes"])
    assert_flag("trauma", ["I was knocked over by a van on Tuesday"])


def test_a_patient_seen_today_and_a_fear_for_the_future_are_not_the_patients_flags():
    assert_none(["I'm a nurse, a patient this morning had new bladder incontinence; my own back is just stiff",
                 "I worry my legs might buckle some day, but they never have"])
    assert_flag("leg_weakness", ["my legs buckled one day last week on the stairs"])
