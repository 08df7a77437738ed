"""The staff report: terminal tables, JSON, CSV and the weekly chart."""
from __future__ import annotations

import csv
import json
from datetime import datetime, timezone

import pytest

from bot import report, storage

MONDAY_W10 = datetime(2024, 3, 4, 9, 0, tzinfo=timezone.utc)    # 2024-W10
MONDAY_W11 = datetime(2024, 3, 11, 9, 0, tzinfo=timezone.utc)   # 2024-W11
RAW_IDS = ("whatsapp:+447700900123", "web-aaa", "web-bbb", "web-ccc", "web-ddd")


@pytest.fixture
def clinic_week(database_url, make_record):
    """Five assessments over two ISO weeks."""
    rows = [
        dict(outcome="urgent", red_flags=["bladder_bowel", "saddle_numbness"],
             channel="whatsapp", decided_at=MONDAY_W10),
        dict(outcome="urgent", red_flags=["night_pain"], channel="socketio",
             decided_at=MONDAY_W10),
        dict(outcome="psoas_likely", channel="socketio", decided_at=MONDAY_W10),
        dict(outcome="general", channel="socketio", decided_at=MONDAY_W11),
        dict(outcome="gp_assessment", channel=None, decided_at=MONDAY_W11),
    ]
    for sender, values in zip(RAW_IDS, rows):
        assert storage.save_assessment(make_record(sender, **values))
    storage.mark_booking_shown("web-aaa")
    return database_url


def _json(capsys) -> dict:
    assert report.main(["--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_counts_assessments_outcomes_and_red_flags(clinic_week, capsys):
    data = _json(capsys)

    assert list(data) == ["assessments", "by_outcome", "red_flags"]  # exactly CONTRACT.md
    assert data["assessments"] == 5
    assert data["by_outcome"] == {"urgent": 2, "gp_assessment": 1, "psoas_likely": 1, "general": 1}
    assert data["red_flags"]["bladder_bowel"] == 1
    assert data["red_flags"]["night_pain"] == 1
    assert data["red_flags"]["trauma"] == 0


def test_channel_week_and_booking_breakdowns(clinic_week):
    details = report.summarise(report.load_rows()).details()
    assert details["by_channel"] == {"socketio": 3, "unknown": 1, "whatsapp": 1}
    assert details["by_week"] == {
        "2024-W10": {"urgent": 2, "psoas_likely": 1},
        "2024-W11": {"general": 1, "gp_assessment": 1},
    }
    assert details["booking_shown"] == 1


def test_an_empty_database_reports_zeros_and_no_assessments_yet(database_url, capsys):
    data = _json(capsys)
    assert data["assessments"] == 0
    assert set(data["by_outcome"].values()) == {0}
    assert set(data["red_flags"].values()) == {0}

    assert report.main([]) == 0
    assert "No assessments yet" in capsys.readouterr().out


def test_the_terminal_report_shows_outcomes_flags_channels_and_weeks(clinic_week, capsys):
    assert report.main([]) == 0
    out = capsys.readouterr().out

    for expected in ("5 assessment(s)", "Outcome", "urgent", "Red flag", "saddle_numbness",
                     "Channel", "whatsapp", "ISO week", "2024-W10", "2024-W11"):
        assert expected in out


def test_csv_has_a_header_and_one_row_per_assessment_without_sender_ids(
    clinic_week, tmp_path, capsys
):
    path = tmp_path / "assessments.csv"
    assert report.main(["--csv", str(path)]) == 0

    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5
    assert list(rows[0]) == list(report.CSV_COLUMNS)
    assert rows[0]["red_flags"] == "bladder_bowel;saddle_numbness"
    assert rows[0]["decided_at"].startswith("2024-03-04T09:00:00")
    text = path.read_text()
    assert not any(raw in text for raw in RAW_IDS) and "447700900123" not in text


def test_csv_cells_cannot_start_a_spreadsheet_formula(database_url, make_record, tmp_path):
    storage.save_assessment(make_record("web-x", channel="=HYPERLINK(1)"))
    path = tmp_path / "out.csv"
    assert report.main(["--csv", str(path)]) == 0

    with open(path, newline="", encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["channel"] == "'=HYPERLINK(1)"


def test_the_chart_is_a_real_stacked_bar_chart(clinic_week, tmp_path, capsys):
    import matplotlib.image
    import numpy as np

    path = tmp_path / "weekly.png"
    assert report.main(["--chart", str(path)]) == 0

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000
    pixels = matplotlib.image.imread(str(path))[:, :, :3]
    assert pixels.std() > 0.05, "not a blank image"
    for colour in ("urgent", "general"):
        rgb = np.array([int(report.OUTCOME_COLOURS[colour][i:i + 2], 16) / 255 for i in (1, 3, 5)])
        share = (np.abs(pixels - rgb).max(axis=2) < 0.02).mean()
        assert share > 0.005, f"bars for {colour} are drawn"


def test_the_chart_of_an_empty_database_says_so(database_url, tmp_path, capsys):
    path = tmp_path / "empty.png"
    assert report.main(["--chart", str(path)]) == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_stays_parseable_when_files_are_written_too(clinic_week, tmp_path, capsys):
    assert report.main(["--json", "--csv", str(tmp_path / "a.csv"),
                        "--chart", str(tmp_path / "a.png")]) == 0
    assert json.loads(capsys.readouterr().out)["assessments"] == 5


def test_an_unreachable_database_is_a_clear_error(database_url, unreachable_url, capsys):
    assert report.main(["--json", "--database-url", unreachable_url]) == 1
    assert "Cannot read the database" in capsys.readouterr().err
