"""Red flags read from a patient's message (bot.nlu.clinical), CONTRACT.md "What counts".

The table of realistic first messages lives in tests/eval/probes.yml (one home: the same
file drives /work/shared/eval/run_eval.py against the running bot). The named tests below
spell out the rules the table relies on.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.nlu.clinical import Finding, analyse, red_flags_in
from bot.triage.red_flags import DESCRIPTIONS, EMERGENCY_FLAGS, FLAGS, NHS_111_FLAGS

ROOT = Path(__file__).resolve().parent.parent
PROBES_FILE = ROOT / "tests" / "eval" / "probes.yml"
SHARED_SAMPLE = Path("/work/shared/eval/probes_sample.yml")
PROBES = yaml.safe_load(PROBES_FILE.read_text(encoding="utf-8"))["probes"]


@pytest.mark.parametrize("probe", PROBES, ids=[p["id"] for p in PROBES])
def test_probe(probe):
    assert red_flags_in(probe["text"]) == sorted(set(probe["expect_red_flags"] or []))


# ------------------------------------------------------------------ the table itself
def test_probe_table_covers_every_flag_and_the_negatives():
    positives = Counter(flag for p in PROBES for flag in p["expect_red_flags"] or [])
    assert {flag: n for flag, n in positives.items() if n < 8} == {}
    assert set(positives) == set(FLAGS)
    assert sum(1 for p in PROBES if not p["expect_red_flags"]) >= 45
    assert sum(1 for p in PROBES if len(p["expect_red_flags"] or []) > 1) >= 5
    assert len(PROBES) >= 130


@pytest.mark.skipif(not SHARED_SAMPLE.exists(), reason="shared sample not available")
def test_probe_table_includes_the_shared_sample():
    sample = yaml.safe_load(SHARED_SAMPLE.read_text(encoding="utf-8"))["probes"]
    ours = {(p["text"], tuple(sorted(p["expect_red_flags"] or []))) for p in PROBES}
    for probe in sample:
        assert (probe["text"], tuple(sorted(probe["expect_red_flags"] or []))) in ours


# ------------------------------------------------------------------ negation
def test_negated_bladder_mention_is_not_a_red_flag():
    assert red_flags_in("no problems with my bladder, just a sore back") == []


@pytest.mark.parametrize(
    "text",
    [
        "I can't control my bladder",
        "i cant hold my wee anymore",
        "no control over my bowels since yesterday",
        "can't feel the toilet paper when i wipe",
        "couldn't stop myself wetting on the way to the loo",
        "unable to pass urine since this morning",
    ],
)
def test_cant_control_my_bladder_is_a_red_flag_despite_the_negation_word(text):
    assert red_flags_in(text) in (["bladder_bowel"], ["saddle_numbness"])


def test_a_clause_break_stops_an_earlier_negation():
    assert red_flags_in("no fever but my legs keep giving way") == ["leg_weakness"]
    assert red_flags_in("never had this before, legs keep giving way") == ["leg_weakness"]
    assert red_flags_in("not dieting, lost a stone since june") == ["weight_loss"]


def test_one_negation_covers_a_list():
    assert red_flags_in("no fever, weight loss or bladder problems") == []
    assert red_flags_in("i haven't had any numbness around my bum or any leaking") == []


def test_a_negation_word_in_an_unrelated_phrase_does_not_hide_a_flag():
    assert red_flags_in("i can't sleep and i keep wetting myself") == ["bladder_bowel"]
    assert red_flags_in("not sure what i did but my legs keep buckling") == ["leg_weakness"]


# ------------------------------------------------------------------ not the patient, not now
def test_mum_had_cancer_is_not_the_patients_cancer():
    assert red_flags_in("my mum had cancer") == []
    assert red_flags_in("my grandad had bowel cancer") == []
    assert red_flags_in("my friend's back is much worse than mine") == []


def test_wife_noticing_my_weight_loss_is_still_my_weight_loss():
    assert red_flags_in("my wife has noticed i've lost a lot of weight") == ["weight_loss"]


@pytest.mark.parametrize(
    "text",
    [
        "I had breast cancer four years ago",
        "I was treated for prostate cancer",
        "in remission from lymphoma",
        "had leukaemia as a child",
    ],
)
def test_the_patients_own_past_cancer_counts_however_long_ago(text):
    assert red_flags_in(text) == ["cancer_history"]


@pytest.mark.parametrize(
    "text",
    [
        "should I worry about numbness down there?",
        "what does saddle numbness mean?",
        "if I get weakness in my legs should I call 999?",
        "could it be cancer?",
        "the leaflet says to look out for bladder problems",
    ],
)
def test_asking_about_a_flag_is_not_reporting_it(text):
    assert red_flags_in(text) == []


def test_reporting_inside_a_question_still_counts():
    assert red_flags_in("should i be worried that i keep wetting myself?") == ["bladder_bowel"]


@pytest.mark.parametrize(
    "text", ["broke my wrist years ago", "fell off a ladder in 2009", "had a car crash as a teenager"]
)
def test_long_past_resolved_injury_is_not_recent_trauma(text):
    assert red_flags_in(text) == []


def test_a_recent_fall_is_trauma_even_with_an_old_one_mentioned():
    assert red_flags_in("broke my leg years ago and fell again last week") == ["trauma"]


@pytest.mark.parametrize(
    "text", ["lost a stone on slimming world", "on a diet and dropped 3kg", "trying to lose weight"]
)
def test_intended_weight_loss_is_not_a_red_flag(text):
    assert red_flags_in(text) == []


def test_mild_night_ache_that_settles_is_not_night_pain_but_severe_every_night_is():
    assert red_flags_in("mild ache at night that settles when I turn over") == []
    assert red_flags_in("severe pain every night and no position eases it") == ["night_pain"]


def test_thigh_or_leg_numbness_is_not_saddle_numbness():
    assert red_flags_in("numb thigh on the left") == []
    assert red_flags_in("pins and needles in my calf and foot") == []
    assert red_flags_in("numbness on my inner thighs and bum") == ["saddle_numbness"]


# ------------------------------------------------------------------ the API
def test_red_flags_in_is_sorted_and_unique():
    text = "i keep wetting myself, fell off a ladder on monday and i wet myself again today"
    assert red_flags_in(text) == ["bladder_bowel", "trauma"]


def test_analyse_offsets_slice_the_original_text():
    for probe in PROBES:
        for finding in analyse(probe["text"]):
            assert isinstance(finding, Finding)
            assert probe["text"][finding.start:finding.end] == finding.text
            assert finding.text.strip()


def test_analyse_offsets_hold_in_long_and_messy_text():
    text = ("Hi!\n\nI've had a bad back. " * 300) + "<b>Since Friday</b> I   keep WETTING myself.😟"
    findings = [f for f in analyse(text) if f.entity == "red_flag"]
    assert [f.value for f in findings] == ["bladder_bowel"]
    assert text[findings[0].start:findings[0].end] == findings[0].text == "WETTING myself"


def test_findings_are_frozen():
    finding = analyse("i keep dribbling wee")[0]
    with pytest.raises(Exception):
        finding.value = "trauma"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "x" * 20_000,
        ("my back hurts when i walk. " * 800)[:20_000],
        "😀🙈🔥" * 50,
        "허리가 아파요. 다리에 힘이 없어요.",
        "<script>alert('bladder')</script><p>&nbsp;</p>",
        "\x00\x01\u200b\ufeff",
        "?!.,;:-" * 100,
    ],
    ids=["empty", "whitespace", "20k-x", "20k-words", "emoji", "korean", "markup", "control", "punct"],
)
def test_analyse_never_raises_on_odd_input(text):
    findings = analyse(text)
    assert isinstance(findings, list)
    assert red_flags_in(text) == []


def test_a_flag_at_the_end_of_a_very_long_message_is_found():
    text = ("my back hurts when i walk. " * 800)[:20_000] + " and my legs keep giving way"
    assert red_flags_in(text) == ["leg_weakness"]


def test_a_flag_inside_markup_is_found():
    assert red_flags_in("<p>i keep <b>dribbling wee</b></p>") == ["bladder_bowel"]


def test_every_pattern_is_a_valid_spacy_token_pattern(monkeypatch):
    from spacy.schemas import validate_token_pattern

    from bot.nlu import pipeline

    # the reader in use drops its pattern copies (bot/nlu/matcher_memory.py): keep them here
    monkeypatch.setattr(pipeline, "drop_token_pattern_copy", lambda matcher, key: None)
    reader = pipeline.ClinicalReader()
    labels = [label for group in reader.labels.values() for label in group]
    assert len(labels) > 20
    by_label: dict = {}
    for matcher in reader.matchers:
        for key, patterns in matcher._patterns.items():
            by_label.setdefault(reader.nlp.vocab.strings[key], []).extend(patterns)
    for label in labels:
        patterns = by_label.get(label)
        assert patterns, label
        for pattern in patterns[:40]:
            assert validate_token_pattern(pattern) == [], label


def test_negspacys_shared_termset_is_left_alone():
    from negspacy.termsets import termset

    from bot.nlu.pipeline import get_reader

    get_reader()
    assert "can't control" not in termset("en_clinical").get_patterns()["pseudo_negations"]
    assert "wasn't" in termset("en_clinical").get_patterns()["following_negations"]


def test_importing_the_module_does_not_build_the_pipeline():
    code = "import bot.nlu.clinical, sys; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr[-500:]


# ------------------------------------------------------------------ the vocabulary
def test_red_flag_vocabulary():
    assert len(FLAGS) == len(set(FLAGS)) == 9
    assert EMERGENCY_FLAGS == {"bladder_bowel", "saddle_numbness", "leg_weakness", "abdominal_throbbing"}
    assert NHS_111_FLAGS == set(FLAGS) - EMERGENCY_FLAGS
    assert set(DESCRIPTIONS) == set(FLAGS) and all(DESCRIPTIONS.values())


# ------------------------------------------------------------------ patients' own words (round 2)
# (behaviour, message, flags): each row is a rule the reader learnt from realistic wording.
BEHAVIOURS = [
    ("trouble_controlling_bowels_is_a_red_flag", "yes, i've had trouble controlling my bowels", ["bladder_bowel"]),
    ("trouble_controlling_bladder_is_a_red_flag", "i have trouble controlling my bladder", ["bladder_bowel"]),
    ("phone_spelling_cnt_control_is_a_red_flag", "cnt control my wee since sat", ["bladder_bowel"]),
    ("no_trouble_controlling_is_negated", "i haven't had any trouble controlling my bowels", []),
    ("no_issues_controlling_is_negated", "no issues controlling my bladder or bowels", []),
    ("no_wee_since_last_night_is_retention", "i havent had a wee since last night even though i need one", ["bladder_bowel"]),
    ("nothing_comes_out_is_retention", "been sat on the loo for ages and nothing comes out", ["bladder_bowel"]),
    ("bladder_not_emptying_is_retention", "my bladder isnt emptying properly", ["bladder_bowel"]),
    ("first_time_since_a_kid_is_recent", "wet the bed last night for the first time since i was a kid", ["bladder_bowel"]),
    ("leaking_on_coughing_is_incontinence", "ive started leaking when i cough, never done that", ["bladder_bowel"]),
    ("didnt_realise_id_weed_is_a_report", "didnt realise id weed until i looked down", ["bladder_bowel"]),
    ("sweat_soaked_is_fever_not_incontinence", "woke up wet with sweat", ["fever_unwell"]),
    ("no_feeling_in_my_bits_is_saddle", "no feeling in my bits", ["saddle_numbness"]),
    ("lady_bits_numb_is_saddle", "lady bits feel numb", ["saddle_numbness"]),
    ("wiping_someone_elses_bum_is_saddle", "when i wipe it feels like its someone elses bum", ["saddle_numbness"]),
    ("dentist_injection_down_there_is_saddle", "feels like ive had an injection at the dentist down there", ["saddle_numbness"]),
    ("inner_thighs_pins_and_needles_is_saddle", "pins and needles on the inside of both thighs", ["saddle_numbness"]),
    ("pain_stopping_sleep_every_night_is_night_pain", "the pain stops me sleeping, every single night", ["night_pain"]),
    ("much_worse_lying_down_at_night_is_night_pain", "its much worse when i lie down at night", ["night_pain"]),
    ("horrific_every_night_is_night_pain", "i cant lie flat in bed, pain is horrific every night", ["night_pain"]),
    ("woken_at_4am_in_agony_is_night_pain", "woke at 4am in absolute agony again", ["night_pain"]),
    ("baby_keeping_me_up_is_not_night_pain", "no sleep cos the baby was up", []),
    ("not_well_at_all_is_unwell", "im not well at all", ["fever_unwell"]),
    ("death_warmed_up_is_unwell", "i feel like death warmed up", ["fever_unwell"]),
    ("proper_rough_is_unwell", "feelin proper rough", ["fever_unwell"]),
    ("thermometer_38_is_fever", "thermometer says 38.2", ["fever_unwell"]),
    ("rough_night_is_not_fever", "had a rough night with my back", []),
    ("temperature_setting_is_not_fever", "turned the temperature up on the heat pad", []),
    ("rear_ended_in_plain_words_is_trauma", "someone went into the back of my car at the lights on saturday", ["trauma"]),
    ("missed_a_step_is_trauma", "missed a step and went down on my bum", ["trauma"]),
    ("typo_fel_down_stairs_is_trauma", "fel down stairs yday", ["trauma"]),
    ("landed_really_hard_is_trauma", "jumped off a wall and landed really hard", ["trauma"]),
    ("rings_falling_off_is_weight_loss_not_a_fall", "my rings are falling off my fingers", ["weight_loss"]),
    ("half_a_stone_gone_is_weight_loss", "half a stone gone in a month, not dieting", ["weight_loss"]),
    ("dress_size_drop_is_weight_loss", "gone from a size 14 to a 10 and im not dieting", ["weight_loss"]),
    ("wasting_away_is_weight_loss", "im wasting away", ["weight_loss"]),
    ("new_belt_holes_is_weight_loss", "had to put 2 new holes in my belt", ["weight_loss"]),
    ("heart_beat_in_tummy_is_throbbing", "heart beat in my tummy", ["abdominal_throbbing"]),
    ("heart_in_my_stomach_is_throbbing", "feels like my heart is in my stomach", ["abdominal_throbbing"]),
    ("throbby_tummy_is_throbbing", "throbby tummy and back ache", ["abdominal_throbbing"]),
    ("leg_wont_take_weight_is_weakness", "my leg wont take my weight", ["leg_weakness"]),
    ("legs_about_to_give_way_is_weakness", "my legs feel like theyre going to give way", ["leg_weakness"]),
    ("legs_so_weak_is_weakness", "struggle to get up out of a chair cos my legs are so weak", ["leg_weakness"]),
    ("legs_arent_working_is_weakness", "my legs just arent working properly", ["leg_weakness"]),
    ("legs_wont_obey_is_weakness", "my legs feel heavy and wont do what i tell them", ["leg_weakness"]),
    ("leg_went_numb_is_not_weakness", "my leg just went numb", []),
    ("leg_pain_not_responding_is_not_weakness", "pain in my leg doesnt respond to painkillers", []),
    ("wouldnt_say_without_apostrophe_negates", "i wouldnt say my legs are weak, just sore", []),
    ("hysterectomy_for_cancer_is_cancer_history", "had a hysterectomy for womb cancer", ["cancer_history"]),
    ("kidney_removed_for_cancer_is_cancer_history", "had a kidney removed cos of cancer", ["cancer_history"]),
    ("it_was_cancer_is_cancer_history", "had a lump removed from my breast 3 years ago, it was cancer", ["cancer_history"]),
    ("cancer_and_year_is_cancer_history", "breast cancer 2019, all clear since", ["cancer_history"]),
    ("what_to_do_if_i_wet_myself_is_a_question", "what should i do if i wet myself?", []),
    ("general_yes_no_question_is_not_a_report", "is a numb bum serious?", []),
    ("question_then_it_happened_is_a_report", "is it normal to wet yourself with back pain? its happened twice", ["bladder_bowel"]),
    ("brothers_legs_without_apostrophe_is_someone_else", "my brothers legs gave way after his op", []),
    ("mums_lost_weight_is_someone_else", "my mums lost loads of weight with her illness", []),
    ("kids_have_had_a_fever_is_someone_else", "the kids have all had a fever this week", []),
    ("injury_at_age_12_is_long_past", "came off my bike when i was 12", []),
    ("injury_in_the_90s_is_long_past", "broke my collarbone playing rugby back in the 90s", []),
]


@pytest.mark.parametrize("text,flags", [b[1:] for b in BEHAVIOURS], ids=[b[0] for b in BEHAVIOURS])
def test_behaviour(text, flags):
    assert red_flags_in(text) == flags
