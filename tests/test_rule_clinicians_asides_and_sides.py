"""The rule reader on a clinician's notation, a dash between two thoughts, someone or
something else that is ill, worries phrased as "if my ...", look-alike everyday phrases, and a
side said to be fine (learnt from blind round 6's first contact; every sentence here is new)."""
from __future__ import annotations

from bot.nlu.clinical import analyse, analyse_mentions, red_flags_in
from tests.conftest import assert_flag, assert_none


def sides(text):
    return [f.value for f in analyse(text) if f.entity == "pain_side"]


def test_a_clinicians_dermatome_and_myotome_notation_counts():
    assert_flag("saddle_numbness", ["GP here, my own back: altered sensation S2-S4 since lunchtime"])
    assert_flag("leg_weakness", ["I'm an osteopath, I've got weakness in my L4 myotome since Friday",
                                 "ankle dorsiflexion 4/5 on the left, new"])


def test_a_no_before_a_dash_does_not_negate_the_sign_after_it():
    assert_flag("night_pain", ["no, nothing eases it - the nights are awful, severe every night in any position"])
    assert_flag("bladder_bowel", ["not really - but I can't hold my wee any more"])


def test_someone_or_something_else_that_is_ill_is_not_the_patients_fever():
    assert_none(["lifting my sick old cat into her basket set my back off",
                 "back went while nursing my poorly husband"])
    assert_flag("fever_unwell", ["I've been really poorly with a temperature, my husband too"])


def test_a_worry_phrased_as_if_my_is_not_a_report():
    assert_none(["if my bladder ever stopped working would I ring 999?",
                 "wot happens if u cant feel ur legs properly"])


def test_nothing_before_a_sign_negates_it_but_nothing_i_do_does_not():
    assert_none(["nothing pulsing in my tummy at all"])
    assert_flag("bladder_bowel", ["nothing I try stops the leaking from my bladder"])


def test_everyday_phrases_that_look_like_signs_are_not_signs():
    assert_none(["my wallet has lost some weight since Christmas haha",
                 "got home late and fell into bed, woke up with a stiff back"])


def test_a_side_said_to_be_fine_is_not_the_painful_side():
    assert sides("sorry, only the left really, the right is fine") == ["left"]
    assert sides("the right side, left one doesn't hurt") == ["right"]
    assert sides("the right side hurts, is that ok?") == ["right"]


def test_three_dots_end_a_thought_so_a_no_before_them_does_not_hide_a_fever():
    assert_flag("fever_unwell", ["nope... been shivery and feverish since friday though"])


def test_wiping_and_falling_in_other_words_count():
    assert_flag("saddle_numbness", ["can hardly feel the loo roll when I go, back's sore too"])
    assert_flag("trauma", ["tumbled down the stairs at work this morning",
                           "my nan toppled off her chair... no, I mean I toppled out of my chair on to the floor"])


def test_a_cancer_shared_with_relatives_and_the_patient_counts():
    assert_flag("cancer_history", ["my dad had cancer, and so did I, bowel, six years ago"])
    assert_none(["my dad had cancer and so did my uncle"])


def test_a_side_correction_of_the_form_x_not_y_names_x():
    assert sides("it's the left side of my back, not the right") == ["left"]
    assert sides("oops, right, not left") == ["right"]


def test_a_childs_pets_or_neighbours_signs_are_not_the_patients():
    assert_none(["my little one keeps wetting the bed and I'm bending over her all night",
                 "my spaniel's back legs gave way on the walk and I carried him home",
                 "my neighbour came off his bike and I hurt my back helping him up"])


def test_a_doctors_question_that_the_patient_denied_is_not_a_report():
    assert_none(["the nurse asked whether I'd had any bladder trouble, I haven't"])


def test_a_fracture_when_a_child_is_long_past_and_idioms_are_not_signs():
    assert_none(["fractured my wrist when I was eleven, now my back aches on walks",
                 "I go weak at the knees for chocolate, but seriously my back hurts",
                 "can't sleep some nights because the baby's teething, back's sore from carrying her"])


def test_round_eight_wordings_of_true_signs_count():
    assert_flag("bladder_bowel", ["keep weeing myslef since the weekend"])
    assert_flag("saddle_numbness", ["very little sensation when I wipe with the lavatory paper"])
    assert_flag("weight_loss", ["I lose weight, 5 kilo, I eat same as before",
                                "no temperature, but I've dropped 6 kilos without any diet"])
    assert_flag("cancer_history", ["had a cancerous mole cut out of my arm in 2018"])


def test_round_eight_look_alikes_are_not_signs():
    assert_none(["lost a stone on the weight-loss injections as intended",
                 "I almost wet myself laughing at the film",
                 "thought I had a temperature but the thermometer said normal"])
    assert red_flags_in("my weight has fallen away without trying") == ["weight_loss"]


def test_a_denial_before_a_comma_does_not_reach_a_new_clause_about_every_night():
    assert_flag("night_pain", ["leaning forward doesn't help, nothing does, every night it's agony however I lie"])
    assert_none(["no numbness, every day the ache is much the same"])


def test_round_nine_wordings_of_true_signs_count():
    assert_flag("weight_loss", ["not dieting at all but down 7lb this month"])
    assert_flag("cancer_history", ["leukaemia as a kid, back pain now", "3 yrs since treatment for breast ca"])


def test_round_nine_look_alikes_are_not_signs():
    assert_none(["up all night with the baby and now my back is sore",
                 "could my back pain be a kidney stone or an aneurysm? no throbbing though",
                 "trying to shift the baby weight, down 4kg, back's sore",
                 "bit of cup fever in our house, and my back is killing me",
                 "broke into a cold sweat at the dentist's bill, back aches",
                 "legs like jelly after leg day, the back is the issue"])


def test_the_star_sign_is_never_a_cancer_history_and_a_survivor_still_is():
    assert_none(["I'm a Cancer, so of course I worry 😅 back's sore", "i'm a cancer lol, back hurts walking"])
    assert_flag("cancer_history", ["I'm a cancer survivor, back hurts", "i had cancer. I'm a Cancer too lol"])


def test_a_star_sign_vetoes_the_semantic_reader_for_its_clause():
    analysis = analyse_mentions("I'm a Cancer, born in July")
    assert analysis.ruled_out("cancer_history", (0, len("I'm a Cancer")))


def test_round_ten_wordings_of_true_signs_count():
    assert_flag("saddle_numbness", ["it's gone numb where you'd sit on a saddle", "I don't feel nothing between the legs"])
    assert_flag("weight_loss", ["my weight go down, 5 kilo", "UWL 6kg in two months", "clothes hanging off me and I haven't been dieting"])
    assert_flag("cancer_history", ["Hx metastatic breast carcinoma", "my oncologist wants to see me about my back"])
    assert_flag("trauma", ["direct blow to lumbar spine at rugby yesterday"])
    assert_flag("bladder_bowel", ["went to the toilet desperate and nothing would come out"])


def test_round_ten_look_alikes_are_not_signs():
    assert_none(["the match was a total car crash, back's sore from the bus",
                 "fell head over heels for salsa, now my back aches",
                 "my legs went weak when I saw the bill, but my back is the issue"])


def test_both_feet_or_mixing_up_left_and_right_is_not_the_side_of_the_back():
    assert sides("right across the middle, and both feet tingle") == ["central"]
    assert sides("I mean the right, I always mix up my left and right") == ["right"]
