"""Alembic migrations: fresh database to head, and upgrade from the first revision."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot import storage
from bot.storage.models import Base

ROOT = Path(__file__).resolve().parents[2]
HEAD = "0003"


def _inspect(url: str):
    engine = sa.create_engine(url, future=True)
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        tables = set(inspector.get_table_names())
        indexes = (
            {ix["name"] for ix in inspector.get_indexes("assessments")}
            if "assessments" in tables else set()
        )
        version = (
            conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            if "alembic_version" in tables else None
        )
    engine.dispose()
    return tables, indexes, version


def test_a_fresh_database_is_migrated_to_head(database_url):
    storage.migrate(database_url)

    tables, indexes, version = _inspect(database_url)
    assert {"assessments", "channel_deliveries", "alembic_version"} <= tables
    assert "events" not in tables, "Rasa creates its own events table"
    assert "ix_assessments_decided_at" in indexes
    assert version == HEAD


def test_migrating_twice_changes_nothing(database_url, make_record, read_assessments):
    storage.migrate(database_url)
    assert storage.save_assessment(make_record())
    storage.migrate(database_url)

    assert _inspect(database_url)[2] == HEAD
    assert len(read_assessments(database_url)) == 1


def test_a_database_at_the_first_revision_upgrades_to_head_keeping_its_rows(
    database_url, make_record, read_assessments
):
    storage.migrate(database_url, revision="0001")
    tables, indexes, version = _inspect(database_url)
    assert version == "0001" and "ix_assessments_decided_at" not in indexes
    engine = sa.create_engine(database_url, future=True)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO assessments (conversation_key, outcome, red_flags, extra,"
                " decided_at, updated_at, booking_shown) VALUES ('00ff', 'general',"
                " '[]', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false)"
            )
        )
    engine.dispose()

    storage.migrate(database_url)

    tables, indexes, version = _inspect(database_url)
    assert version == HEAD and "ix_assessments_decided_at" in indexes
    assert [row["outcome"] for row in read_assessments(database_url)] == ["general"]


def test_the_models_match_the_migrated_schema(database_url):
    storage.migrate(database_url)
    engine = sa.create_engine(database_url, future=True)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_first_use_migrates_the_database_lazily(database_url, make_record):
    assert storage.save_assessment(make_record())
    assert _inspect(database_url)[2] == HEAD


def test_processes_starting_together_migrate_once_without_errors(database_url):
    code = "import sys; from bot.storage import migrate; migrate(sys.argv[1])"
    processes = [
        subprocess.Popen([sys.executable, "-c", code, database_url], cwd=ROOT,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=60)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, errors
    assert _inspect(database_url)[2] == HEAD
