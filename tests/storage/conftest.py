"""Fixtures: every test gets its own var/ folder, hash secret and database.

Databases: a SQLite file under tmp_path, and a fresh schema on the PostgreSQL
server at TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
No PostgreSQL: those tests skip, unless CI=true, where they fail.
"""
from __future__ import annotations

import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import privacy, storage  # noqa: E402
from bot.storage import AssessmentRecord  # noqa: E402
from tests.postgres import postgres_server_url  # noqa: E402

TEST_SECRET = "test-secret-not-for-production"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    return postgres_server_url()


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Own var/ folder and secret; no engine or cache leaks between tests."""
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("BOT_HASH_SECRET", TEST_SECRET)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    storage.reset()
    privacy._reset_cache()
    yield
    storage.reset()
    privacy._reset_cache()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'db' / 'bot.db'}"


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A URL whose search_path is a brand-new schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server, future=True)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.engine.make_url(postgres_server).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    yield url.render_as_string(hide_password=False)
    storage.reset()
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, monkeypatch) -> str:
    """Each test using this runs on SQLite and on PostgreSQL; DATABASE_URL set."""
    url = request.getfixturevalue(f"{request.param}_url")
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def unreachable_url(request, tmp_path) -> str:
    """A URL of the same kind as `database_url` that cannot be connected to."""
    if "postgresql" in request.getfixturevalue("database_url"):
        return "postgresql://postgres@127.0.0.1:1/test"
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    return f"sqlite:///{blocker / 'bot.db'}"


@pytest.fixture
def make_record() -> Callable[..., AssessmentRecord]:
    def build(sender_id: str = "web-abc123", **changes) -> AssessmentRecord:
        values = dict(
            sender_id=sender_id,
            outcome="psoas_likely",
            pain_side="left",
            pain_one_sided=True,
            forward_bend_relief=True,
            leg_numbness_below_knee=False,
            red_flags=[],
            channel="socketio",
            language="en",
            started_at=datetime.now(timezone.utc) - timedelta(minutes=5),
            decided_at=datetime.now(timezone.utc),
        )
        values.update(changes)
        return AssessmentRecord(**values)

    return build


@pytest.fixture
def read_assessments() -> Callable[[str], list[dict]]:
    """All assessment rows at a URL, read through a separate engine."""

    def read(url: str) -> list[dict]:
        engine = sa.create_engine(url, future=True)
        try:
            with engine.connect() as conn:
                table = storage.Assessment.__table__
                result = conn.execute(sa.select(table).order_by(table.c.id))
                return [dict(row) for row in result.mappings()]
        finally:
            engine.dispose()

    return read


DOMAIN_YAML = """
version: "3.1"
intents: [greet, inform]
slots:
  pain_side:
    type: categorical
    values: [left, right, both, central]
    mappings: [{type: custom}]
  red_flags:
    type: list
    mappings: [{type: custom}]
"""


@pytest.fixture
def make_tracker_store():
    """Build UrlSQLTrackerStore instances (on DATABASE_URL); disposed afterwards."""
    from rasa.shared.core.domain import Domain

    from bot.storage.tracker_store import UrlSQLTrackerStore

    domain = Domain.from_yaml(DOMAIN_YAML)
    stores = []

    def build(**kwargs):
        store = UrlSQLTrackerStore(domain=domain, **kwargs)
        stores.append(store)
        return store

    yield build
    for store in stores:
        store.engine.dispose()


@pytest.fixture
def make_tracker():
    """A short conversation: the patient says which side hurts."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    def build(store, sender_id: str, side: str = "left", at: float | None = None):
        stamp = {} if at is None else {"timestamp": at}
        events = [
            ActionExecuted("action_listen", **stamp),
            UserUttered(f"my {side} side hurts", {"name": "inform", "confidence": 1.0}, **stamp),
            SlotSet("pain_side", side, **stamp),
            BotUttered("Does bending forward ease it?", **stamp),
            ActionExecuted("action_listen", **stamp),
        ]
        return DialogueStateTracker.from_events(sender_id, events, slots=store.domain.slots)

    return build
