"""The outbox: assessments survive a database outage and arrive exactly once."""
from __future__ import annotations

import json
import logging
import os

from bot import settings, storage
from bot.privacy import conversation_key
from bot.storage import outbox

RAW_ID = "whatsapp:+447700900123"


def _outbox_files():
    return sorted(p for p in settings.outbox_dir().iterdir() if not p.name.startswith("."))


def test_an_assessment_saved_while_the_database_is_down_arrives_once_it_is_back(
    database_url, unreachable_url, monkeypatch, make_record, read_assessments
):
    monkeypatch.setenv("DATABASE_URL", unreachable_url)
    assert storage.save_assessment(make_record(RAW_ID, outcome="general")) is False
    assert storage.save_assessment(make_record(RAW_ID, outcome="urgent",
                                               red_flags=["trauma"])) is False
    [queued] = _outbox_files()
    assert queued.name == f"{conversation_key(RAW_ID)}.json"

    monkeypatch.setenv("DATABASE_URL", database_url)
    assert storage.flush_outbox() == 1
    assert storage.flush_outbox() == 0

    [row] = read_assessments(database_url)
    assert (row["outcome"], row["red_flags"]) == ("urgent", ["trauma"])
    assert _outbox_files() == []


def test_the_next_save_flushes_the_outbox_first(
    database_url, unreachable_url, monkeypatch, make_record, read_assessments
):
    monkeypatch.setenv("DATABASE_URL", unreachable_url)
    storage.save_assessment(make_record("web-queued"))
    monkeypatch.setenv("DATABASE_URL", database_url)

    assert storage.save_assessment(make_record("web-next")) is True

    assert len(read_assessments(database_url)) == 2
    assert _outbox_files() == []


def test_the_outbox_holds_the_hashed_key_never_the_sender_id(
    database_url, unreachable_url, monkeypatch, make_record
):
    monkeypatch.setenv("DATABASE_URL", unreachable_url)
    storage.save_assessment(make_record(RAW_ID))

    [queued] = _outbox_files()
    text = queued.read_text()
    assert RAW_ID not in text and "447700900123" not in text
    assert json.loads(text)["row"]["conversation_key"] == conversation_key(RAW_ID)


def test_booking_shown_during_an_outage_is_kept_in_the_outbox(
    database_url, unreachable_url, monkeypatch, make_record, read_assessments
):
    monkeypatch.setenv("DATABASE_URL", unreachable_url)
    storage.save_assessment(make_record("web-booking"))
    storage.mark_booking_shown("web-booking")

    monkeypatch.setenv("DATABASE_URL", database_url)
    storage.flush_outbox()

    [row] = read_assessments(database_url)
    assert row["booking_shown"] is True


def test_an_outage_is_logged_without_identifiers_or_answers(
    database_url, unreachable_url, monkeypatch, make_record, caplog
):
    monkeypatch.setenv("DATABASE_URL", unreachable_url)
    caplog.set_level(logging.DEBUG)
    storage.save_assessment(make_record(RAW_ID, extra={"note": "sharp pain"}))
    storage.mark_booking_shown(RAW_ID)

    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings, "an outage must be visible in the logs"
    formatter = logging.Formatter()
    for record in (r for r in caplog.records if r.levelno >= logging.INFO):
        text = formatter.format(record)
        assert "447700900123" not in text
        assert conversation_key(RAW_ID) not in text
        assert "sharp pain" not in text


def test_a_stale_queued_copy_does_not_overwrite_a_newer_record(
    database_url, make_record, read_assessments
):
    from datetime import timedelta

    from bot.storage.records import to_row

    storage.save_assessment(make_record("web-stale", outcome="urgent"))
    [row] = read_assessments(database_url)
    stale = to_row(make_record("web-stale", outcome="general"),
                   updated_at=row["updated_at"] - timedelta(minutes=1))
    outbox.put(stale)

    assert storage.flush_outbox() == 1
    assert [r["outcome"] for r in read_assessments(database_url)] == ["urgent"]


def test_an_entry_abandoned_by_a_crashed_flusher_is_retried(
    database_url, make_record, read_assessments
):
    from bot.storage.records import to_row

    path = outbox.put(to_row(make_record("web-crash")))
    claimed = outbox.claim(path)
    assert storage.flush_outbox() == 0, "a fresh claim belongs to its flusher"
    old = claimed.stat().st_mtime - outbox.CLAIM_TIMEOUT_S - 1
    os.utime(claimed, (old, old))

    assert storage.flush_outbox() == 1
    assert len(read_assessments(database_url)) == 1


def test_an_unreadable_entry_is_set_aside_and_the_rest_still_flush(
    database_url, make_record, read_assessments
):
    from bot.storage.records import to_row

    (settings.outbox_dir() / f"{'ab' * 32}.json").write_text("{not json")
    outbox.put(to_row(make_record("web-good")))

    assert storage.flush_outbox() == 1
    assert len(read_assessments(database_url)) == 1
    assert [p.name.endswith(".bad") for p in _outbox_files()] == [True]
