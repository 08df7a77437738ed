"""The recent-events window: a long conversation costs no more per turn than a short one,
and nothing a turn needs (slots, the active form, the latest message) is lost."""
from __future__ import annotations

import asyncio

import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered

SIDES = ("left", "right", "both", "central")


def play_turn(store, sender: str, turn: int):
    """One turn as Rasa's processor plays it: retrieve, log the message, save, act, save."""
    tracker = asyncio.run(store.get_or_create_tracker(sender))
    tracker.update(UserUttered(f"message {turn}", {"name": "inform", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    tracker.update(ActionExecuted("triage_form"))
    if turn % 7 == 0:  # a slot set only now and then: it must survive the window sliding past it
        tracker.update(SlotSet("pain_side", SIDES[(turn // 7) % len(SIDES)]))
    if turn == 3:
        tracker.update(SlotSet("red_flags", []))
        tracker.update(ActiveLoop("triage_form"))
    if turn == 45:
        tracker.update(ActiveLoop(None))
    tracker.update(BotUttered(f"reply {turn}"))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    return tracker


def test_a_long_conversation_keeps_its_state_in_a_bounded_tracker(database_url, make_tracker_store):
    windowed, plain = make_tracker_store(recent_events=12), make_tracker_store()
    longest = 0
    for turn in range(1, 61):
        play_turn(windowed, "web-long", turn)
        play_turn(plain, "web-long-plain", turn)
        got = asyncio.run(windowed.retrieve("web-long"))
        want = asyncio.run(plain.retrieve("web-long-plain"))
        assert got.current_slot_values() == want.current_slot_values(), turn
        assert got.active_loop_name == want.active_loop_name, turn
        assert got.latest_message.text == want.latest_message.text == f"message {turn}"
        assert got.latest_action_name == "action_listen"
        longest = max(longest, len(got.events))
    assert len(want.events) > 200
    assert longest <= 12 + 12 // 2 + 6 + 3  # window, its slack, one turn, the state events

    # The tracker API still reads every event of the conversation.
    full = asyncio.run(windowed.retrieve_full_tracker("web-long"))
    texts = [e.text for e in full.events if isinstance(e, UserUttered)]
    assert texts == [f"message {turn}" for turn in range(1, 61)]


def test_a_short_conversation_is_exactly_rasas(database_url, make_tracker_store):
    store = make_tracker_store(recent_events=50)
    for turn in range(1, 4):
        tracker = play_turn(store, "web-short", turn)
    restored = asyncio.run(store.retrieve("web-short"))
    assert [e.as_dict() for e in restored.events] == [e.as_dict() for e in tracker.events]


def test_delete_my_data_removes_the_window_too(database_url, make_tracker_store):
    store = make_tracker_store(recent_events=6)
    for turn in range(1, 20):
        tracker = play_turn(store, "web-forget", turn)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM tracker_windows")).scalar() == 1
    tracker.update(UserUttered("delete my data", {"name": "forget_me", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_forget_me"))
    tracker.update(BotUttered("Your data is deleted."))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM tracker_windows")).scalar() == 0
    restored = asyncio.run(store.retrieve("web-forget"))
    assert restored.get_slot("pain_side") is None
    assert not [e for e in restored.events if isinstance(e, UserUttered)]


def _windows(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM tracker_windows")).scalar()


def test_forgetting_and_purging_remove_window_rows_with_the_events(database_url, make_tracker_store):
    import time

    from bot import storage

    store = make_tracker_store(recent_events=4)
    for sender in ("web-forgotten", "web-old", "web-kept"):
        for turn in range(1, 8):
            play_turn(store, sender, turn)
    assert _windows(store) == 3

    storage.forget_conversation("web-forgotten")  # what the action server does on "delete my data"
    assert _windows(store) == 2
    assert asyncio.run(store.retrieve("web-forgotten")) is None

    with store.engine.begin() as conn:  # a conversation last active 40 days ago
        old = time.time() - 40 * 24 * 3600
        conn.execute(sa.text("UPDATE events SET timestamp = :t"), {"t": old})
        conn.execute(sa.text("UPDATE tracker_windows SET timestamp = :t WHERE sender_id = "
                             "(SELECT sender_id FROM tracker_windows ORDER BY sender_id LIMIT 1)"), {"t": old})
    storage.purge_older_than(30)
    assert _windows(store) == 1
