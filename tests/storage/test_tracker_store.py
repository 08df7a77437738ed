"""Rasa's tracker store on DATABASE_URL: a restarted server resumes the conversation."""
from __future__ import annotations

import asyncio

import sqlalchemy as sa


def test_a_conversation_saved_before_a_restart_is_resumed_after_it(
    database_url, make_tracker_store, make_tracker
):
    before_restart = make_tracker_store()
    tracker = make_tracker(before_restart, "web-resume", side="right")
    asyncio.run(before_restart.save(tracker))
    before_restart.engine.dispose()

    after_restart = make_tracker_store()  # a new process would build a new store
    restored = asyncio.run(after_restart.retrieve("web-resume"))

    assert restored is not None
    assert restored.get_slot("pain_side") == "right"
    assert [e.as_dict()["event"] for e in restored.events] == [
        e.as_dict()["event"] for e in tracker.events
    ]
    assert restored.latest_message.text == "my right side hurts"


def test_saving_the_same_tracker_again_adds_only_new_events(
    database_url, make_tracker_store, make_tracker
):
    from rasa.shared.core.events import SlotSet

    store = make_tracker_store()
    tracker = make_tracker(store, "web-grow")
    asyncio.run(store.save(tracker))
    tracker.update(SlotSet("red_flags", []))
    asyncio.run(store.save(tracker))

    restored = asyncio.run(store.retrieve("web-grow"))
    assert len(restored.events) == len(tracker.events)
    assert restored.get_slot("red_flags") == []


def test_the_store_uses_database_url_not_rasa_host_fields(
    database_url, make_tracker_store
):
    store = make_tracker_store(dialect="postgresql", db="ignored", port=1)
    assert store.engine.url.render_as_string(hide_password=False) == database_url
    assert asyncio.run(store.retrieve("nobody")) is None


def test_sqlite_tracker_store_runs_in_wal_mode(sqlite_url, monkeypatch, make_tracker_store):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    store = make_tracker_store()

    with store.engine.connect() as conn:
        mode = conn.execute(sa.text("PRAGMA journal_mode")).scalar()
        timeout = conn.execute(sa.text("PRAGMA busy_timeout")).scalar()
    assert (mode, timeout) == ("wal", 30000)


def test_assessments_and_trackers_share_one_database(
    database_url, make_tracker_store, make_tracker, make_record
):
    from bot import storage

    store = make_tracker_store()
    asyncio.run(store.save(make_tracker(store, "web-both")))
    storage.save_assessment(make_record("web-both"))

    with storage.get_engine().connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {"events", "assessments"} <= tables


def test_endpoints_yml_type_loads_this_store_through_rasa(database_url, make_tracker_store):
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import EndpointConfig

    from bot.storage.tracker_store import UrlSQLTrackerStore

    domain = make_tracker_store().domain
    config = EndpointConfig(type="bot.storage.tracker_store.UrlSQLTrackerStore")
    store = TrackerStore.create(config, domain=domain)
    try:
        assert isinstance(store, UrlSQLTrackerStore)
        assert store.engine.url.render_as_string(hide_password=False) == database_url
    finally:
        store.engine.dispose()


def test_deleting_data_mid_turn_is_not_undone_when_rasa_saves_the_turn(
    database_url, make_tracker_store, make_tracker
):
    """The action deletes the events while Rasa still holds the tracker in memory;
    Rasa's end-of-turn save must not write the patient's messages back."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    from bot import storage

    store = make_tracker_store()
    tracker = make_tracker(store, "whatsapp:+447700900123")
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(make_tracker(store, "web-other")))

    tracker.update(UserUttered("delete my data", {"name": "forget_me", "confidence": 1.0}))
    storage.forget_conversation("whatsapp:+447700900123")  # what the action does
    tracker.update(ActionExecuted("action_forget_me"))
    tracker.update(BotUttered("Your data has been deleted."))
    tracker.update(SlotSet("pain_side", None))
    asyncio.run(store.save(tracker))  # what Rasa does at the end of the turn

    restored = asyncio.run(make_tracker_store().retrieve("whatsapp:+447700900123"))
    texts = [e.as_dict().get("text") for e in restored.events]
    assert texts == [None, "Your data has been deleted.", None]
    assert "my left side hurts" not in str([e.as_dict() for e in restored.events])
    assert asyncio.run(store.retrieve("web-other")) is not None

    tracker = restored  # the conversation goes on normally afterwards
    tracker.update(UserUttered("hello again", {"name": "greet", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("whatsapp:+447700900123"))
    assert [e.as_dict().get("text") for e in again.events][-1] == "hello again"
    assert len(again.events) == 4


def test_the_events_table_holds_the_keyed_hash_never_the_sender_id(
    database_url, make_tracker_store, make_tracker
):
    from bot.privacy import conversation_key

    store = make_tracker_store()
    phone = "whatsapp:+447700900123"
    asyncio.run(store.save(make_tracker(store, phone)))

    engine = sa.create_engine(database_url, future=True)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT sender_id, data FROM events")).all()
    engine.dispose()
    assert rows and {row.sender_id for row in rows} == {conversation_key(phone)}
    assert "447700900123" not in str(rows)
    restored = asyncio.run(make_tracker_store().retrieve(phone))
    assert restored.sender_id == phone and restored.get_slot("pain_side") == "left"
