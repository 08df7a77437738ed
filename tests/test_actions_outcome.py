"""Telling the outcome and escalating red flags, with the assessment really stored."""
import json

import sqlalchemy as sa
from rasa_sdk.events import SlotSet

from actions.outcome import ActionEscalate, ActionGiveOutcome
from tests.conftest import entity, make_tracker, user_message

ANSWERS = {"red_flags": [], "pain_side": "left", "forward_bend_relief": True, "leg_numbness_below_knee": False}


def stored_rows(db_file):
    engine = sa.create_engine(f"sqlite:///{db_file}")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("select outcome, red_flags, pain_side from assessments")).fetchall()
    engine.dispose()
    return rows


async def test_psoas_pattern_is_told_with_a_summary_advice_and_booking(dispatcher, domain, temp_database):
    events = await ActionGiveOutcome().run(dispatcher, make_tracker(ANSWERS), domain)
    assert SlotSet("triage_outcome", "psoas_likely") in events
    assert SlotSet("pain_one_sided", True) in events
    summary = dispatcher.messages[0]["text"]
    assert "left side" in summary and "eased by bending slightly forward" in summary
    assert [m["response"] for m in dispatcher.messages[1:]] == ["utter_advice_psoas_likely", "utter_offer_booking"]
    assert "07935 869938" in dispatcher.messages[2]["contacts"]
    assert [row.outcome for row in stored_rows(temp_database)] == ["psoas_likely"]


async def test_numbness_below_the_knee_is_told_as_gp_assessment(dispatcher, domain, temp_database):
    tracker = make_tracker({**ANSWERS, "leg_numbness_below_knee": True})
    events = await ActionGiveOutcome().run(dispatcher, tracker, domain)
    assert SlotSet("triage_outcome", "gp_assessment") in events
    assert dispatcher.messages[1]["response"] == "utter_advice_gp_assessment"


async def test_outcome_with_red_flags_is_urgent_and_offers_no_booking(dispatcher, domain, temp_database):
    tracker = make_tracker({**ANSWERS, "red_flags": ["trauma"]})
    events = await ActionGiveOutcome().run(dispatcher, tracker, domain)
    assert SlotSet("triage_outcome", "urgent") in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_urgent"]


async def test_reaching_the_outcome_again_updates_the_same_record(dispatcher, domain, temp_database):
    await ActionGiveOutcome().run(dispatcher, make_tracker(ANSWERS), domain)
    await ActionGiveOutcome().run(dispatcher, make_tracker({**ANSWERS, "pain_side": "both"}), domain)
    rows = stored_rows(temp_database)
    assert [(r.outcome, r.pain_side) for r in rows] == [("general", "both")]


async def test_escalation_only_records_what_the_rasa_server_already_decided(dispatcher, domain, temp_database):
    latest = user_message("i keep wetting myself", "report_red_flag", [entity("red_flag", "bladder_bowel")])
    slots = {"red_flags": ["bladder_bowel", "fever_unwell"], "triage_outcome": "urgent", "urgent_route": "emergency"}
    events = await ActionEscalate().run(dispatcher, make_tracker(slots, latest), domain)
    assert events == [] and dispatcher.messages == []  # the advice and the slots came from the server
    row = stored_rows(temp_database)[0]
    assert (row.outcome, sorted(json.loads(row.red_flags))) == ("urgent", ["bladder_bowel", "fever_unwell"])


async def test_the_urgent_record_keeps_only_contract_flags(dispatcher, domain, temp_database):
    latest = user_message("i fell down the stairs", "report_red_flag", [entity("red_flag", "trauma")])
    await ActionEscalate().run(dispatcher, make_tracker({"red_flags": ["trauma", "unsure"]}, latest), domain)
    assert json.loads(stored_rows(temp_database)[0].red_flags) == ["trauma"]


async def test_a_database_outage_still_tells_the_outcome(dispatcher, domain, temp_database, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    from bot import storage

    storage.reset()
    events = await ActionGiveOutcome().run(dispatcher, make_tracker(ANSWERS), domain)
    assert SlotSet("triage_outcome", "psoas_likely") in events
    assert dispatcher.messages[0]["text"].startswith("Thanks.")
    assert list((tmp_path / "var" / "outbox").glob("*.json")), "the record waits in the outbox"
