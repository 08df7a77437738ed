""""Delete my data" and the retention purge."""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot import settings, storage
from bot.privacy import conversation_key
from bot.storage.records import to_row

DAY = 24 * 3600


def _event_senders(url: str) -> list[str]:
    engine = sa.create_engine(url, future=True)
    with engine.connect() as conn:
        senders = conn.execute(sa.text("SELECT sender_id FROM events")).scalars().all()
    engine.dispose()
    return sorted(senders)


def test_forgetting_a_conversation_removes_its_assessment_and_tracker_events(
    database_url, make_tracker_store, make_tracker, make_record, read_assessments
):
    store = make_tracker_store()
    for sender in ("whatsapp:+447700900123", "web-someone-else"):
        asyncio.run(store.save(make_tracker(store, sender)))
        storage.save_assessment(make_record(sender))
    events_per_tracker = len(_event_senders(database_url)) // 2

    removed = storage.forget_conversation("whatsapp:+447700900123")

    assert removed == 1 + events_per_tracker
    assert set(_event_senders(database_url)) == {conversation_key("web-someone-else")}
    assert len(read_assessments(database_url)) == 1
    assert asyncio.run(store.retrieve("whatsapp:+447700900123")) is None
    assert asyncio.run(store.retrieve("web-someone-else")) is not None


def test_forgetting_also_removes_a_record_waiting_in_the_outbox(
    database_url, make_record
):
    from bot.storage import outbox

    outbox.put(to_row(make_record("web-queued")))
    outbox.put(to_row(make_record("web-other")))

    assert storage.forget_conversation("web-queued") == 1
    assert len(list(settings.outbox_dir().glob("*.json"))) == 1


def test_forgetting_works_before_rasa_has_created_its_tables(database_url, make_record):
    storage.save_assessment(make_record("web-early"))
    assert storage.forget_conversation("web-early") == 1
    assert storage.forget_conversation("web-early") == 0


def test_forgetting_when_the_database_is_down_raises(
    database_url, unreachable_url, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", unreachable_url)
    with pytest.raises((sa.exc.SQLAlchemyError, OSError)):
        storage.forget_conversation("web-any")


def test_purging_removes_only_what_is_older_than_the_limit(
    database_url, make_tracker_store, make_tracker, make_record, read_assessments
):
    now = datetime.now(timezone.utc)
    storage.save_assessment(make_record("web-old", decided_at=now - timedelta(days=40)))
    storage.save_assessment(make_record("web-new", decided_at=now - timedelta(days=2)))
    store = make_tracker_store()
    asyncio.run(store.save(make_tracker(store, "web-old", at=time.time() - 40 * DAY)))
    asyncio.run(store.save(make_tracker(store, "web-new", at=time.time() - 2 * DAY)))
    old_events = _event_senders(database_url).count(conversation_key("web-old"))

    removed = storage.purge_older_than(30)

    assert removed == 1 + old_events
    assert {r["decided_at"] > now - timedelta(days=30) for r in read_assessments(database_url)} == {True}
    assert set(_event_senders(database_url)) == {conversation_key("web-new")}
    assert storage.purge_older_than(30) == 0


def test_purging_also_drops_old_records_waiting_in_the_outbox(database_url, make_record):
    from bot.storage import outbox

    old = datetime.now(timezone.utc) - timedelta(days=90)
    outbox.put(to_row(make_record("web-old-queued", decided_at=old)))
    outbox.put(to_row(make_record("web-new-queued")))

    assert storage.purge_counts(30) == {"assessments": 0, "events": 0, "outbox": 1}


def test_purging_refuses_a_negative_age(database_url):
    with pytest.raises(ValueError):
        storage.purge_older_than(-1)


def test_the_purge_command_reports_what_it_removed(database_url, make_record, capsys):
    from bot import purge

    old = datetime.now(timezone.utc) - timedelta(days=10)
    storage.save_assessment(make_record("web-old", decided_at=old))

    assert purge.main(["--days", "7"]) == 0
    assert "Removed 1 assessment(s), 0 tracker event(s)" in capsys.readouterr().out
