"""How answers become contract values: not sure, none of those, yes, the walk-through."""
import pytest

from bot.triage import answers
from bot.triage.red_flags import EMERGENCY_FLAGS, FLAGS


def test_none_of_those_stores_an_empty_list():
    assert answers.answer_screening(["none"], None, None) == {"red_flags": [], "ask_variant": None}


def test_yes_to_the_screen_asks_which_one():
    assert answers.answer_screening(["affirmed"], None, None) == {"red_flags": None, "ask_variant": "which_flag"}


def test_not_sure_to_the_screen_starts_the_walk_through_with_an_emergency_sign():
    updates = answers.answer_screening(["unsure"], None, [])
    assert updates["red_flags"] is None
    assert updates["ask_variant"].startswith("walk_")
    assert updates["ask_variant"][len("walk_"):] in EMERGENCY_FLAGS


def test_yes_during_the_walk_through_reports_that_sign_as_urgent():
    updates = answers.answer_screening(["affirmed"], "walk_trauma", [])
    assert updates["red_flags"] == ["trauma"]
    assert updates["triage_outcome"] == "urgent"
    assert updates["urgent_route"] == "urgent_care"


def test_no_to_every_sign_in_the_walk_through_stores_an_empty_list():
    variant, unsure = None, []
    updates = answers.answer_screening(["unsure"], variant, unsure)
    for _ in FLAGS:
        variant, unsure = updates["ask_variant"], updates.get("unsure_slots", unsure)
        updates = answers.answer_screening(["none"], variant, unsure)
    assert updates["red_flags"] == []
    assert updates["ask_variant"] is None


def test_the_walk_through_asks_each_sign_once():
    asked = []
    updates = answers.answer_screening(["unsure"], None, [])
    while updates["ask_variant"]:
        asked.append(updates["ask_variant"])
        updates = answers.answer_screening(["none"], updates["ask_variant"], updates.get("unsure_slots", []))
    assert sorted(v[len("walk_"):] for v in asked) == sorted(FLAGS)


def test_unsure_of_a_sign_in_the_walk_through_leaves_red_flags_null_and_moves_on():
    updates = answers.answer_screening(["unsure"], None, [])
    updates = answers.answer_screening(["unsure"], updates["ask_variant"], updates["unsure_slots"])
    for _ in FLAGS[1:]:
        updates = answers.answer_screening(["none"], updates["ask_variant"], updates["unsure_slots"])
    assert updates["red_flags"] is None
    assert "red_flags" in answers.skipped_questions(updates["unsure_slots"])
    assert "red_flags" not in answers.required_questions(None, updates["unsure_slots"])


@pytest.mark.parametrize("slot", answers.TRIAGE_QUESTIONS)
def test_not_sure_once_asks_again_in_other_words(slot):
    assert answers.answer_question(slot, "unsure", []) == {slot: None, "unsure_slots": [slot], "ask_variant": "rephrase"}


@pytest.mark.parametrize("slot", answers.TRIAGE_QUESTIONS)
def test_not_sure_twice_leaves_the_slot_null_and_skips_the_question(slot):
    updates = answers.answer_question(slot, "unsure", [slot])
    assert updates[slot] is None and updates["ask_variant"] is None
    assert slot not in answers.required_questions([], updates["unsure_slots"])


@pytest.mark.parametrize("side,one_sided", [("left", True), ("right", True), ("both", False), ("central", False)])
def test_a_side_also_sets_whether_the_pain_is_one_sided(side, one_sided):
    updates = answers.answer_question("pain_side", side, [])
    assert updates["pain_side"] == side and updates["pain_one_sided"] is one_sided


def test_an_unknown_side_is_not_stored():
    assert answers.answer_question("pain_side", "upper", []) == {"pain_side": None}


@pytest.mark.parametrize("value,expected", [(True, True), (False, False), ("true", True), ("False", False)])
def test_yes_no_answers_are_booleans(value, expected):
    assert answers.answer_question("forward_bend_relief", value, [])["forward_bend_relief"] is expected


def test_a_known_red_flag_ends_the_questions():
    assert answers.required_questions(["night_pain"], []) == []


def test_the_safety_check_comes_first():
    assert answers.required_questions(None, []) == ["red_flags", *answers.TRIAGE_QUESTIONS]


def test_flags_found_routes_cauda_equina_signs_to_999():
    assert answers.flags_found(["saddle_numbness", "trauma"])["urgent_route"] == "emergency"
    assert answers.flags_found(["weight_loss"])["urgent_route"] == "urgent_care"


def test_a_side_volunteered_during_the_red_flag_walk_through_keeps_the_walk_going():
    updates = answers.answer_question("pain_side", "left", [], asking="red_flags")
    assert updates == {"pain_side": "left", "pain_one_sided": True}


def test_answering_the_question_on_screen_resets_its_wording():
    updates = answers.answer_question("forward_bend_relief", True, [], asking="forward_bend_relief")
    assert updates == {"forward_bend_relief": True, "ask_variant": None}


def test_a_question_left_unanswered_is_not_asked_again():
    updates = answers.leave_unanswered("pain_side", ["forward_bend_relief"])
    assert updates["pain_side"] is None
    assert "pain_side" not in answers.required_questions([], updates["unsure_slots"])
    assert "forward_bend_relief" in answers.required_questions([], updates["unsure_slots"])
