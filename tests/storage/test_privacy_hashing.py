"""Conversation keys: stable, secret-dependent, and never the raw sender id."""
from __future__ import annotations

import logging
import re
import stat

import pytest

from bot import privacy, settings, storage

RAW_ID = "whatsapp:+447700900123"


def test_the_same_sender_always_gets_the_same_key():
    assert privacy.conversation_key(RAW_ID) == privacy.conversation_key(RAW_ID)
    assert re.fullmatch(r"[0-9a-f]{64}", privacy.conversation_key(RAW_ID))


def test_different_senders_get_different_keys():
    assert privacy.conversation_key("web-1") != privacy.conversation_key("web-2")


def test_the_key_depends_on_the_secret(monkeypatch):
    first = privacy.conversation_key(RAW_ID)
    monkeypatch.setenv("BOT_HASH_SECRET", "another-secret")
    assert privacy.conversation_key(RAW_ID) != first


def test_without_a_secret_a_private_install_secret_is_made_once_with_a_warning(
    monkeypatch, caplog
):
    monkeypatch.delenv("BOT_HASH_SECRET")
    caplog.set_level(logging.WARNING, logger="bot.privacy")

    first = privacy.conversation_key(RAW_ID)
    second = privacy.conversation_key(RAW_ID)
    privacy._reset_cache()  # as if the process restarted
    after_restart = privacy.conversation_key(RAW_ID)

    secret_file = settings.var_dir() / "hash_secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert first == second == after_restart
    warnings = [r for r in caplog.records if "BOT_HASH_SECRET" in r.getMessage()]
    assert len(warnings) == 2, "one warning per process (the reset counts as a restart)"
    assert RAW_ID not in caplog.text


def test_an_empty_sender_id_is_refused():
    with pytest.raises(ValueError):
        privacy.conversation_key("")


def test_the_raw_sender_id_never_reaches_the_database_file(
    sqlite_url, monkeypatch, make_record, tmp_path
):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    storage.save_assessment(make_record(RAW_ID, channel="whatsapp"))
    storage.mark_booking_shown(RAW_ID)
    storage.reset()  # checkpoint: close connections

    everything = b"".join(path.read_bytes() for path in (tmp_path / "db").iterdir())
    assert privacy.conversation_key(RAW_ID).encode() in everything, "the row is there"
    assert RAW_ID.encode() not in everything and b"447700900123" not in everything


def test_the_raw_sender_id_is_not_stored_in_postgresql(postgres_url, monkeypatch, make_record,
                                                      read_assessments):
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    storage.save_assessment(make_record(RAW_ID, channel="whatsapp"))

    [row] = read_assessments(postgres_url)
    assert "447700900123" not in repr(sorted(row.items(), key=str))


def test_no_sender_id_in_logs_at_info_or_above(database_url, make_record, caplog):
    caplog.set_level(logging.DEBUG)

    storage.save_assessment(make_record(RAW_ID, extra={"said": "my left side kills"}))
    storage.mark_booking_shown(RAW_ID)
    storage.forget_conversation(RAW_ID)
    storage.purge_older_than(30)

    formatter = logging.Formatter()
    for record in caplog.records:
        if record.levelno >= logging.INFO:
            text = formatter.format(record)
            assert "447700900123" not in text and "my left side kills" not in text
    assert "447700900123" not in repr(make_record(RAW_ID))


def test_an_unset_secret_is_warned_about_when_the_tracker_store_starts(
    sqlite_url, monkeypatch, make_tracker_store, caplog
):
    monkeypatch.delenv("BOT_HASH_SECRET", raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    with caplog.at_level("WARNING", logger="bot.privacy"):
        make_tracker_store()
    assert any("BOT_HASH_SECRET is not set" in r.getMessage() for r in caplog.records)


def test_a_percent_encoded_sender_id_is_the_same_conversation():
    assert privacy.conversation_key("%2B447700900123") == privacy.conversation_key("+447700900123")
