"""The rule reader on red flags told partly in another language (blind round 31 missed
"Tengo fiebre desde ayer", "Meu intestino soltou sozinho" and "Straciłem 5 kg w miesiąc").
Every sentence here is new; the negatives keep "no", "without", someone else and long ago
working in those languages too."""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_bladder_or_bowel_control_lost_in_another_language_is_a_red_flag():
    assert_flag("bladder_bowel", [
        "desde el martes no puedo controlar la orina, and my back hurts walking",
        "o meu intestino escapou ontem à noite, back pain since Friday",
        "od wczoraj nie trzymam moczu, back very bad",
        "nu pot controla urina de ieri, my back is killing me",
        "je ne contrôle plus ma vessie since Sunday",
        "peshab control nahi ho raha since two days, back pain walking",
    ])


def test_saddle_numbness_in_another_language_is_a_red_flag():
    assert_flag("saddle_numbness", [
        "tengo la entrepierna dormida since this morning",
        "sinto a virilha dormente desde ontem",
        "krocze mam zdrętwiałe od rana",
        "j'ai les fesses engourdies depuis hier, lower back pain",
        "ho l'inguine intorpidito da ieri",
    ])


def test_leg_weakness_in_another_language_is_a_red_flag():
    assert_flag("leg_weakness", [
        "se me doblan las piernas when I walk",
        "nogi mi się uginają since yesterday",
        "meri taang mein kamzori hai, can't climb stairs",
        "die Beine sind so schwach seit gestern",
        "schwache Beine seit gestern",
    ])


def test_fever_weight_loss_and_cancer_in_another_language_are_red_flags():
    assert_flag("fever_unwell", ["tengo fiebre desde anoche and my back hurts",
                                 "mam gorączkę od dwóch dni"])
    assert_flag("weight_loss", ["he perdido 6 kilos sin hacer dieta",
                                "straciłem 5 kg w miesiąc, I did not try",
                                "j'ai perdu 7 kilos sans régime"])
    assert_flag("cancer_history", ["miałam raka piersi in 2019", "tuve cáncer de próstata hace dos años"])


def test_night_pain_in_another_language_is_a_red_flag():
    assert_flag("night_pain", ["el dolor me despierta todas las noches, nothing helps",
                               "har raat dard hota hai, no position helps"])


def test_a_negated_sign_in_another_language_is_not_a_red_flag():
    assert_none([
        "no tengo fiebre, just the back pain walking",
        "nie mam gorączki, only pain when I walk",
        "sem febre, back sore on walking",
        "bukhar nahi hai, only back pain",
        "keine Taubheit, nur Rückenschmerzen beim Gehen",
        "nogi nie są słabe, only back pain",
    ])


def test_someone_elses_sign_in_another_language_is_not_a_red_flag():
    assert_none([
        "mi madre tuvo cáncer, my back hurts when I walk",
        "moja mama miała raka, I only have back pain walking",
        "ma mère a eu un cancer, my back aches when walking",
    ])


def test_a_sign_long_ago_in_another_language_is_not_a_red_flag():
    assert_none(["me caí de la bici hace años, now pain only when walking",
                 "upadłem lata temu, back sore walking now"])


def test_weight_lost_on_purpose_in_another_language_is_not_a_red_flag():
    assert_none(["perdí 4 kilos a dieta, happy about it",
                 "schudłam 3 kg na diecie, back hurts walking"])


def test_non_mechanical_pain_at_night_is_still_night_pain():
    assert_flag("night_pain", ["GP called it non-mechanical pain, it wakes me every night and nothing eases it"])


def test_night_pain_no_amount_of_moving_settles_is_night_pain():
    assert_flag("night_pain", ["at night the ache is bad and no amount of shifting around settles it",
                               "I wake at night with a deep ache that no amount of turning over will settle"])
