"""No question three times in a row (bot/triage/no_loop.py), over Rasa's event dicts."""
from __future__ import annotations

from bot.triage.no_loop import PLAIN, plan_next, reading_new_message, times_in_a_row


def asked(slot, variant=None):
    events = [] if variant is None else [{"event": "slot", "name": "ask_variant", "value": variant}]
    return events + [{"event": "bot", "text": "?", "metadata": {"utter_action": f"utter_ask_{slot}"}},
                     {"event": "user", "text": "what is the psoas?"},
                     {"event": "bot", "text": "The psoas is...", "metadata": {"utter_action": "utter_faq/psoas"}}]


def test_asks_of_the_same_question_are_counted_until_another_question_comes():
    events = asked("red_flags") + asked("pain_side") + asked("pain_side")
    assert times_in_a_row(events, ("pain_side", None)) == 2
    assert times_in_a_row(events, ("red_flags", None)) == 0


def test_the_third_time_the_question_is_asked_plainly_with_buttons():
    assert plan_next(["pain_side"], asked("pain_side") * 2, None, []) == ("pain_side", {"ask_variant": PLAIN}, [])


def test_after_the_plain_ask_the_question_is_left_null_and_the_next_one_asked():
    slot, updates, left = plan_next(["pain_side", "forward_bend_relief"], asked("pain_side") * 3, PLAIN, [])
    assert (slot, left) == ("forward_bend_relief", ["pain_side"])
    assert updates["pain_side"] is None and updates["unsure_slots"] == ["pain_side", "pain_side"]
    assert updates["ask_variant"] is None


def test_every_question_left_in_turn_ends_the_questions():
    events = asked("leg_numbness_below_knee") * 3
    assert plan_next(["leg_numbness_below_knee"], events, PLAIN, []) == (
        None, {"leg_numbness_below_knee": None, "unsure_slots": ["leg_numbness_below_knee"] * 2,
               "ask_variant": None}, ["leg_numbness_below_knee"])


def test_each_warning_sign_of_the_walk_through_is_its_own_question():
    events = asked("red_flags", "walk_bladder_bowel") + asked("red_flags", "walk_saddle_numbness")
    assert times_in_a_row(events, ("red_flags", "walk_saddle_numbness")) == 1
    assert plan_next(["red_flags"], events, "walk_saddle_numbness", []) == ("red_flags", {}, [])


def test_a_walk_through_sign_not_answered_twice_leaves_the_screen_for_the_clinic():
    events = asked("red_flags", "walk_trauma") * 2
    slot, updates, left = plan_next(["red_flags", "pain_side"], events, "walk_trauma", [])
    assert (slot, left, updates["red_flags"]) == ("pain_side", ["red_flags"], None)


def test_a_restart_starts_the_count_again():
    events = asked("pain_side") * 3 + [{"event": "restart"}] + asked("pain_side")
    assert times_in_a_row(events, ("pain_side", None)) == 1


def test_the_form_knows_when_it_reads_a_new_message():
    new = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": "what?"},
           {"event": "slot", "name": "requested_slot", "value": "pain_side"},
           {"event": "action", "name": "triage_form"}]
    back = new[:2] + [{"event": "action", "name": "utter_faq"}, {"event": "action", "name": "triage_form"}]
    assert reading_new_message(new) and not reading_new_message(back)


def test_the_safety_layers_which_sign_list_counts_as_the_screens_which_sign_question():
    which = [{"event": "bot", "text": "Which of these fits?", "metadata": {"utter_action": "utter_ask_which_red_flag"}},
             {"event": "user", "text": "not a single one"}]
    events = which * 2
    assert times_in_a_row(events, ("red_flags", "which_flag")) == 2
    slot, updates, left = plan_next(["red_flags", "pain_side"], events, "which_flag", [])
    assert (slot, left, updates["red_flags"]) == ("pain_side", ["red_flags"], None)
