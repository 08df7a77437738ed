"""Misunderstandings, starting again and deleting the patient's data."""
import sqlalchemy as sa
from rasa_sdk.events import SlotSet

from actions.conversation import ActionCoreFallback, ActionForgetMe, ActionHandleMisunderstanding, ActionRestartTriage
from actions.outcome import ActionGiveOutcome
from bot.conversation import misunderstandings_in_a_row
from tests.conftest import make_tracker

MISUNDERSTOOD = [{"event": "user", "text": "?"}, {"event": "action", "name": "action_handle_misunderstanding"}]
UNDERSTOOD = [{"event": "user", "text": "hi"}, {"event": "action", "name": "utter_greet"}]


def test_the_current_message_counts_as_the_first_misunderstanding():
    assert misunderstandings_in_a_row(UNDERSTOOD + [{"event": "user"}]) == 1


def test_misunderstandings_in_a_row_are_counted_until_one_is_understood():
    events = MISUNDERSTOOD + UNDERSTOOD + MISUNDERSTOOD + MISUNDERSTOOD + [{"event": "user"}]
    assert misunderstandings_in_a_row(events) == 3


async def test_first_misunderstanding_asks_to_rephrase(dispatcher, domain):
    await ActionHandleMisunderstanding().run(dispatcher, make_tracker(events=UNDERSTOOD), domain)
    assert dispatcher.messages[0]["response"] == "utter_default"


async def test_second_misunderstanding_offers_buttons(dispatcher, domain):
    await ActionHandleMisunderstanding().run(dispatcher, make_tracker(events=MISUNDERSTOOD), domain)
    assert dispatcher.messages[0]["response"] == "utter_misunderstood_choices"
    assert "buttons" in str(domain["responses"]["utter_misunderstood_choices"])


async def test_third_misunderstanding_gives_the_clinics_contacts(dispatcher, domain):
    await ActionHandleMisunderstanding().run(dispatcher, make_tracker(events=MISUNDERSTOOD * 2), domain)
    assert dispatcher.messages[0]["response"] == "utter_misunderstood_contacts"
    assert "07935 869938" in dispatcher.messages[0]["contacts"]


async def test_a_yes_no_rule_expects_counts_as_a_misunderstanding_and_is_taken_back(dispatcher, domain):
    """"ok" after a goodbye: buttons the second time in a row, never "Sorry" forever."""
    fallback = [{"event": "user", "text": "ok"}, {"event": "action", "name": "action_core_fallback"},
                {"event": "rewind"}]
    events = await ActionCoreFallback().run(dispatcher, make_tracker(events=fallback), domain)
    assert dispatcher.messages[0]["response"] == "utter_misunderstood_choices"
    assert [e["event"] for e in events] == ["rewind"]


async def test_start_again_clears_the_answers(dispatcher, domain):
    events = await ActionRestartTriage().run(dispatcher, make_tracker({"pain_side": "left", "red_flags": []}), domain)
    assert SlotSet("pain_side", None) in events and SlotSet("red_flags", None) in events
    assert dispatcher.messages[0]["response"] == "utter_restarting"


async def test_start_again_keeps_a_reported_red_flag(dispatcher, domain):
    tracker = make_tracker({"red_flags": ["trauma"], "triage_outcome": "urgent"})
    events = await ActionRestartTriage().run(dispatcher, tracker, domain)
    assert SlotSet("red_flags", ["trauma"]) in events and SlotSet("triage_outcome", "urgent") in events
    assert dispatcher.messages[0]["response"] == "utter_restart_keeps_red_flags"


async def test_delete_my_data_removes_the_stored_assessment_and_says_so(dispatcher, domain, temp_database):
    done = {"red_flags": [], "pain_side": "left", "forward_bend_relief": True, "leg_numbness_below_knee": False}
    await ActionGiveOutcome().run(dispatcher, make_tracker(done), domain)
    events = await ActionForgetMe().run(dispatcher, make_tracker(done), domain)
    engine = sa.create_engine(f"sqlite:///{temp_database}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from assessments")).scalar() == 0
    engine.dispose()
    assert dispatcher.messages[-1]["response"] == "utter_data_deleted"
    assert SlotSet("pain_side", None) in events


async def test_misunderstandings_during_the_questions_only_apologise(dispatcher, domain):
    """The form decides when a question is left (bot/triage/no_loop.py), not this action."""
    tracker = make_tracker(slots={"requested_slot": "forward_bend_relief", "unsure_slots": []},
                           events=MISUNDERSTOOD * 2, active_loop="triage_form")
    events = await ActionHandleMisunderstanding().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_misunderstood_in_triage"]
    assert events == []


async def test_misunderstandings_outside_the_questions_change_no_answers(dispatcher, domain):
    events = await ActionHandleMisunderstanding().run(dispatcher, make_tracker(events=MISUNDERSTOOD * 2), domain)
    assert events == []
