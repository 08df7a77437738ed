"""An urgent outcome the action server never recorded (it was down) is recorded later from
the conversation store (bot/storage/reconcile.py), on SQLite and on PostgreSQL."""
from __future__ import annotations

import asyncio
import time

from bot import storage
from bot.privacy import conversation_key
from bot.storage.reconcile import record_missed_escalations


def escalate(store, tracker, flags):
    """What the Rasa server's safety policy stores for a red flag (no action ran)."""
    from rasa.shared.core.events import ActionExecuted, SlotSet

    for event in (SlotSet("red_flags", flags), SlotSet("triage_outcome", "urgent"), ActionExecuted("utter_urgent")):
        tracker.update(event)
    asyncio.run(store.save(tracker))


def stored(sender_id):
    with storage.session_scope() as session:
        row = session.query(storage.Assessment).filter_by(conversation_key=conversation_key(sender_id)).one_or_none()
        return None if row is None else (row.outcome, row.red_flags, row.pain_side)


def test_an_escalation_made_while_the_action_server_was_down_is_recorded(
    database_url, make_tracker_store, make_tracker
):
    store = make_tracker_store()
    escalate(store, make_tracker(store, "outage-patient"), ["bladder_bowel"])
    written, _ = record_missed_escalations(time.time() - 3600)
    assert written == 1
    assert stored("outage-patient") == ("urgent", ["bladder_bowel"], None)
    assert record_missed_escalations(time.time() - 3600)[0] == 0, "recorded once"


def test_an_earlier_record_keeps_its_answers_and_becomes_urgent(
    database_url, make_tracker_store, make_tracker, make_record
):
    storage.save_assessment(make_record("after-outcome"))  # psoas_likely, left
    store = make_tracker_store()
    escalate(store, make_tracker(store, "after-outcome"), ["trauma"])
    record_missed_escalations(time.time() - 3600)
    assert stored("after-outcome") == ("urgent", ["trauma"], "left")


def test_conversations_without_a_red_flag_get_no_record(database_url, make_tracker_store, make_tracker):
    store = make_tracker_store()
    asyncio.run(store.save(make_tracker(store, "no-flag")))
    assert record_missed_escalations(time.time() - 3600)[0] == 0
    assert stored("no-flag") is None


def test_an_escalation_among_many_other_slot_events_is_found(database_url, make_tracker_store, make_tracker):
    from rasa.shared.core.events import SlotSet

    store = make_tracker_store()
    busy = make_tracker(store, "busy-store")
    for n in range(300):  # other slots, one naming a watched slot in its value
        busy.update(SlotSet("pain_side", "left" if n % 2 else "right"))
    busy.update(SlotSet("requested_slot", "triage_outcome"))
    asyncio.run(store.save(busy))
    escalate(store, make_tracker(store, "busy-patient"), ["trauma", "weight_loss"])
    assert record_missed_escalations(time.time() - 3600)[0] == 1
    assert stored("busy-patient") == ("urgent", ["trauma", "weight_loss"], None)
    assert stored("busy-store") is None, "a slot whose value names triage_outcome is not an escalation"
