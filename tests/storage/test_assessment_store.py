"""Saving assessments: one row per conversation, updated in place."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot import storage
from bot.privacy import conversation_key


def test_an_outcome_is_stored_with_every_answer(database_url, make_record, read_assessments):
    record = make_record(
        "web-1", outcome="urgent", red_flags=["bladder_bowel", "night_pain"],
        channel="whatsapp", language="ko", extra={"age_band": "40-49"},
    )

    assert storage.save_assessment(record) is True

    [row] = read_assessments(database_url)
    assert row["conversation_key"] == conversation_key("web-1")
    assert row["outcome"] == "urgent"
    assert (row["pain_side"], row["pain_one_sided"]) == ("left", True)
    assert row["forward_bend_relief"] is True
    assert row["leg_numbness_below_knee"] is False
    assert row["red_flags"] == ["bladder_bowel", "night_pain"]
    assert row["extra"] == {"age_band": "40-49"}
    assert (row["channel"], row["language"]) == ("whatsapp", "ko")
    assert row["booking_shown"] is False


def test_times_come_back_timezone_aware_in_utc(database_url, make_record, read_assessments):
    london_summer = timezone(timedelta(hours=1))
    decided = datetime(2024, 6, 3, 10, 30, tzinfo=london_summer)
    storage.save_assessment(make_record(decided_at=decided, started_at=decided - timedelta(minutes=4)))

    [row] = read_assessments(database_url)
    assert row["decided_at"] == decided
    assert row["decided_at"].tzinfo == timezone.utc
    assert row["started_at"] == decided - timedelta(minutes=4)
    assert row["updated_at"].tzinfo == timezone.utc


def test_reaching_an_outcome_again_updates_the_same_record(database_url, make_record, read_assessments):
    first_start = datetime.now(timezone.utc) - timedelta(minutes=10)
    storage.save_assessment(make_record("web-2", outcome="psoas_likely", started_at=first_start))
    [before] = read_assessments(database_url)

    corrected = make_record(
        "web-2", outcome="gp_assessment", pain_side="right", leg_numbness_below_knee=True,
        started_at=datetime.now(timezone.utc),
    )
    assert storage.save_assessment(corrected) is True

    [after] = read_assessments(database_url)
    assert after["id"] == before["id"]
    assert (after["outcome"], after["pain_side"]) == ("gp_assessment", "right")
    assert after["leg_numbness_below_knee"] is True
    assert after["started_at"] == first_start, "the conversation's start is kept"
    assert after["updated_at"] >= before["updated_at"]


def test_different_conversations_get_different_records(database_url, make_record, read_assessments):
    for sender in ("web-a", "web-b", "whatsapp:+447700900123"):
        storage.save_assessment(make_record(sender))

    assert len(read_assessments(database_url)) == 3


def test_showing_the_booking_details_is_remembered(database_url, make_record, read_assessments):
    storage.save_assessment(make_record("web-3"))
    storage.mark_booking_shown("web-3")
    storage.save_assessment(make_record("web-3", outcome="general"))

    [row] = read_assessments(database_url)
    assert row["booking_shown"] is True, "a later outcome does not unset it"
    assert row["outcome"] == "general"


def test_marking_booking_for_an_unknown_conversation_does_nothing(database_url, read_assessments):
    storage.mark_booking_shown("never-assessed")
    assert read_assessments(database_url) == []


def test_an_older_version_never_overwrites_a_newer_one(database_url, make_record, read_assessments):
    from bot.storage.records import to_row
    from bot.storage.repository import _upsert

    newer = to_row(make_record("web-4", outcome="urgent"))
    older = to_row(make_record("web-4", outcome="general"),
                   updated_at=newer["updated_at"] - timedelta(seconds=30))
    for row in (newer, older):
        with storage.session_scope(write=True) as session:
            _upsert(session, row)

    assert [r["outcome"] for r in read_assessments(database_url)] == ["urgent"]


def test_a_record_without_an_outcome_is_refused(make_record):
    with pytest.raises(ValueError):
        storage.save_assessment(make_record(outcome=""))


def test_nothing_connects_or_creates_files_at_import_time(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'lazy' / 'bot.db'}",
               BOT_VAR_DIR=str(tmp_path / "var-lazy"))
    code = "import bot.storage, bot.privacy, bot.report, bot.purge"
    subprocess.run([sys.executable, "-c", code], check=True, env=env,
                   cwd=Path(__file__).resolve().parents[2])

    assert not (tmp_path / "lazy").exists()
    assert not (tmp_path / "var-lazy").exists()
