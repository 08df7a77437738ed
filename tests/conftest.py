"""Shared fixtures: a dispatcher, the domain, and trackers built inside each test."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def user_message(text: str = "", intent: str = "", entities: Optional[List[Dict]] = None) -> Dict[str, Any]:
    return {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}


def entity(name: str, value: Any) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": 1}


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    latest: Optional[Dict[str, Any]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
    sender_id: str = "patient-1",
) -> Tracker:
    latest = latest or user_message()
    events = list(events or []) + [{"event": "user", "timestamp": 1_700_000_000.0, **latest}]
    return Tracker(
        sender_id,
        dict(slots or {}),
        latest,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


@pytest.fixture
def temp_database(tmp_path, monkeypatch):
    """A real SQLite file of this test's own (assessments are written through bot.storage)."""
    from bot import storage

    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("BOT_HASH_SECRET", "test-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    storage.reset()
    yield tmp_path / "bot.db"
    storage.reset()


def assert_none(texts):
    """Rule-reader tests: none of the sentences reports a red flag (all misses listed)."""
    from bot.nlu.clinical import red_flags_in
    flagged = {t: red_flags_in(t) for t in texts if red_flags_in(t)}
    assert not flagged, flagged


def assert_flag(flag, texts):
    """Rule-reader tests: every sentence reports `flag` (all misses listed)."""
    from bot.nlu.clinical import red_flags_in
    missed = [t for t in texts if flag not in red_flags_in(t)]
    assert not missed, missed
