"""Each channel message is taken once, on SQLite and PostgreSQL, from many threads at once."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from bot import storage
from bot.channels import dedup
from bot.storage.models import ChannelDelivery, utcnow

MESSAGE_ID = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUM0VCMEM2QkQ3"


def stored_rows(url: str) -> list[dict]:
    engine = sa.create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(ChannelDelivery.__table__)).mappings()]
    finally:
        engine.dispose()


def test_a_message_is_taken_the_first_time_only(database_url):
    assert dedup.first_delivery("whatsapp", MESSAGE_ID)
    assert not dedup.first_delivery("whatsapp", MESSAGE_ID)
    assert dedup.first_delivery("twilio", MESSAGE_ID)  # another channel's id space
    assert dedup.first_delivery("whatsapp", MESSAGE_ID + "x")


def test_only_a_keyed_hash_of_the_message_id_is_stored(database_url):
    dedup.first_delivery("whatsapp", MESSAGE_ID)
    [row] = stored_rows(database_url)
    assert MESSAGE_ID not in str(row) and len(row["delivery_key"]) == 64


def test_concurrent_deliveries_of_one_message_are_taken_once(database_url):
    storage.migrate(database_url)
    with ThreadPoolExecutor(max_workers=8) as pool:
        taken = list(pool.map(lambda _: dedup.first_delivery("whatsapp", MESSAGE_ID), range(16)))
    assert taken.count(True) == 1


def test_a_released_message_is_taken_again(database_url):
    assert dedup.first_delivery("whatsapp", MESSAGE_ID)
    dedup.release("whatsapp", MESSAGE_ID)
    assert dedup.first_delivery("whatsapp", MESSAGE_ID)


def test_old_marks_are_deleted_as_new_ones_arrive(database_url):
    dedup.first_delivery("whatsapp", "old")
    engine = storage.get_engine(database_url)
    table = ChannelDelivery.__table__
    with engine.begin() as conn:
        conn.execute(sa.update(table).values(received_at=utcnow() - dedup.KEEP - timedelta(hours=1)))
    dedup.first_delivery("whatsapp", "new")
    assert len(stored_rows(database_url)) == 1
    assert dedup.first_delivery("whatsapp", "old")


def test_without_a_database_the_message_is_still_taken(database_url, unreachable_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", unreachable_url)
    storage.reset()
    assert dedup.first_delivery("whatsapp", MESSAGE_ID)
    assert dedup.first_delivery("whatsapp", MESSAGE_ID)
    dedup.release("whatsapp", MESSAGE_ID)  # no exception either
