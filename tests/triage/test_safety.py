"""The safety layer (bot/triage/safety.py): what a red flag, a hint and a "no" to the check do."""
from __future__ import annotations

from bot.triage.questions import Question
from bot.triage.safety import Snapshot, next_step

CHECK = Question("yes_no", "red_flag_check", "saddle_numbness")


def test_a_red_flag_mid_form_escalates_at_once_and_stops_the_form():
    step = next_step(Snapshot("action_listen", "report_red_flag", ["bladder_bowel"], loop_active=True, greeted=True))
    assert step.action == "utter_urgent" and step.stop_form
    assert step.slots["red_flags"] == ["bladder_bowel"] and step.slots["triage_outcome"] == "urgent"
    assert step.slots["urgent_route"] == "emergency"


def test_a_new_flag_is_added_to_the_earlier_ones_never_replacing_them():
    step = next_step(Snapshot("action_listen", "report_red_flag", ["trauma"], known_flags=["fever_unwell"]))
    assert step.slots["red_flags"] == ["fever_unwell", "trauma"]
    assert step.slots["urgent_route"] == "urgent_care"


def test_after_the_urgent_advice_the_record_is_written_then_the_bot_listens():
    assert next_step(Snapshot("utter_urgent")).action == "action_escalate"
    assert next_step(Snapshot("action_escalate")).action == "action_listen"


def test_a_possible_flag_gets_one_targeted_question():
    step = next_step(Snapshot("action_listen", "hint_red_flag", possible="saddle_numbness", greeted=True, loop_active=True))
    assert step.action == "utter_ask_red_flag_check" and not step.stop_form
    assert step.slots == {"flag_to_confirm": "saddle_numbness"}
    assert next_step(Snapshot("utter_ask_red_flag_check")).action == "action_listen"


def test_a_first_message_that_hints_at_a_flag_is_greeted_before_the_check():
    step = next_step(Snapshot("action_listen", "hint_red_flag", possible="weight_loss"))
    assert step.action == "utter_greet"
    after = next_step(Snapshot("utter_greet", "hint_red_flag", possible="weight_loss"))
    assert after.action == "utter_ask_red_flag_check"


def test_a_hint_without_a_named_flag_asks_which_sign_fits():
    assert next_step(Snapshot("action_listen", "hint_red_flag", greeted=True)).action == "utter_ask_which_red_flag"


def test_no_to_the_check_reassures_and_lets_the_form_ask_its_question_again():
    step = next_step(Snapshot("action_listen", "rule_out_red_flag", question=CHECK, loop_active=True))
    assert step.action == "utter_red_flag_ruled_out" and step.slots == {"flag_to_confirm": None}
    assert next_step(Snapshot("utter_red_flag_ruled_out", loop_active=True)) is None


def test_no_to_the_check_before_the_questions_starts_them():
    assert next_step(Snapshot("utter_red_flag_ruled_out")).action == "triage_form"
    assert next_step(Snapshot("utter_red_flag_check_unsure", outcome="general")).action == "action_listen"


def test_not_sure_to_the_check_gets_the_safety_net_advice():
    step = next_step(Snapshot("action_listen", "not_sure_of_red_flag", question=CHECK))
    assert step.action == "utter_red_flag_check_unsure"


def test_a_message_that_ignores_the_check_lets_it_lapse_and_the_dialogue_go_on():
    step = next_step(Snapshot("action_listen", "faq", question=CHECK, loop_active=True))
    assert step.action is None and step.slots == {"flag_to_confirm": None}


def test_ordinary_messages_are_left_to_the_rest_of_the_dialogue():
    assert next_step(Snapshot("action_listen", "faq", loop_active=True)) is None
    assert next_step(Snapshot("utter_faq")) is None


def test_a_report_that_names_no_known_flag_asks_which_sign_it_is():
    step = next_step(Snapshot("action_listen", "report_red_flag", ["not_a_flag"], greeted=True))
    assert step.action == "utter_ask_which_red_flag"


def test_a_hint_is_not_answered_with_the_which_sign_list_a_third_time_lately():
    twice = Snapshot("action_listen", "hint_red_flag", greeted=True, loop_active=True,
                     recent_asks={"utter_ask_which_red_flag": 2})
    step = next_step(twice)
    assert step.action is None and step.slots == {"flag_to_confirm": None}
    once = Snapshot("action_listen", "hint_red_flag", greeted=True, recent_asks={"utter_ask_which_red_flag": 1})
    assert next_step(once).action == "utter_ask_which_red_flag"


def test_a_check_asked_twice_lately_is_not_asked_a_third_time():
    step = next_step(Snapshot("action_listen", "hint_red_flag", possible="night_pain", greeted=True,
                              recent_asks={"utter_ask_red_flag_check": 2}))
    assert step.action is None


def test_a_report_after_two_unclear_hints_still_escalates_at_once():
    step = next_step(Snapshot("action_listen", "report_red_flag", ["bladder_bowel"], greeted=True,
                              recent_asks={"utter_ask_which_red_flag": 2}))
    assert step.action == "utter_urgent"


SIDE = Question("side", "pain_side")


def test_a_side_given_with_a_red_flag_at_the_side_question_is_kept_with_the_escalation():
    step = next_step(Snapshot("action_listen", "report_red_flag", ["leg_weakness"], loop_active=True, greeted=True,
                              question=SIDE, facts={"pain_side": "left"}))
    assert step.action == "utter_urgent" and step.slots["pain_side"] == "left"


def test_a_side_in_a_red_flag_message_answering_another_question_is_not_taken_for_the_back():
    numbness = Question("yes_no", "leg_numbness_below_knee")
    step = next_step(Snapshot("action_listen", "report_red_flag", ["leg_weakness"], loop_active=True, greeted=True,
                              question=numbness, facts={"pain_side": "left"}))
    assert "pain_side" not in step.slots and "leg_numbness_below_knee" not in step.slots
