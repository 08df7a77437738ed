"""Rasa's SQL tracker store on DATABASE_URL, next to the assessments.

endpoints.yml::

    tracker_store:
      type: bot.storage.tracker_store.UrlSQLTrackerStore

Rasa 3.6 builds custom stores as ``Class(host=url, domain=..., event_broker=...,
**other_keys)`` (``_load_from_module_name_in_endpoint_config``). We ignore
Rasa's dialect/host/port/db fields and hand ``SQLTrackerStore`` the full URL as
``host``, which its ``get_db_url`` returns unchanged; everything else (tables,
start-up retries, PostgreSQL pool settings) stays Rasa's. On SQLite we add WAL
journaling and a busy timeout, so the action server and the report can use the
same file while Rasa writes.

"Delete my data" needs help from the store: the action deletes this sender's
events while Rasa still holds the conversation in memory, and Rasa's save at the
end of that turn would write them all back (it stores every event not yet in the
table). So when a save contains a new run of ``forget_action`` (default
``action_forget_me``), the store deletes every stored event of the sender and
keeps only the events from that action on (the "your data is deleted" reply).

Privacy: a sender id can be a phone number, and channel identifiers are stored
only as keyed HMAC (bot.privacy). So the ``sender_id`` column holds
``conversation_key(sender_id)``, never the raw id: every query and every save
goes through that key, and the trackers Rasa gets back carry the raw id it asked
for. ``keys()`` therefore lists keys, not sender ids.

Speed: with ``recent_events: N`` (endpoints.yml) a turn's tracker is the conversation's
state plus its last N to 1.5 N events (bot.storage.tracker_window), so a turn costs the
same at the 200th message as at the 5th. ``retrieve_full_tracker`` (the tracker API)
still reads every event. Each tracker remembers how many of its events are stored
(``_STORED``), so a save adds exactly the new ones.
"""
from __future__ import annotations

import json
import logging
from typing import Any, List, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot import privacy, settings
from bot.privacy import conversation_key
from bot.storage import tracker_window as window
from bot.storage.db import enable_sqlite_wal, is_sqlite, resolve_url

logger = logging.getLogger(__name__)

_STORED = "_bot_stored_events"  # attribute set on each tracker: how many of its events are stored
_PREFIX = "_bot_state_events"  # how many of its first events are the window's state, not history

_IGNORED = ("dialect", "port", "db", "username", "password", "login_db", "query")


class UrlSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore configured by one URL (default: DATABASE_URL)."""

    engine: Any  # SQLTrackerStore's, replaced by a pooled one for SQLite

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        db_url: Optional[str] = None,
        forget_action: str = "action_forget_me",
        recent_events: int = 0,
        **kwargs: Any,
    ) -> None:
        self.forget_action = forget_action
        self.recent_events = int(recent_events or 0)  # 0: Rasa's way, every event of the session
        privacy.ensure_secret()  # the warning about an unset BOT_HASH_SECRET comes at start
        ignored = [name for name in _IGNORED if kwargs.pop(name, None) is not None]
        if host or ignored:
            logger.warning(
                "UrlSQLTrackerStore takes its database from DATABASE_URL; "
                "ignoring url/%s from endpoints.yml", "/".join(ignored) or "host"
            )
        url = resolve_url(db_url or settings.database_url())
        if is_sqlite(url):
            _ensure_sqlite_wal(url)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._pool_sqlite_connections(url)
        if self.recent_events:
            window.TABLE.metadata.create_all(self.engine)

    def _pool_sqlite_connections(self, url: str) -> None:
        """SQLAlchemy 1.4 gives a SQLite file no pool: every session opened a connection, set
        its pragmas and closed it again, a fifth of the server's time in a turn (make bench).
        The Rasa server runs its store on one event loop thread, so a small pool is safe."""
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=4,
                                       connect_args={"check_same_thread": False})
        enable_sqlite_wal(self.engine)  # busy timeout and WAL on each pooled connection
        self.sessionmaker.configure(bind=self.engine)

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        """Rasa's query, on the conversation key instead of the raw sender id."""
        return super()._event_query(session, conversation_key(sender_id), fetch_events_from_all_sessions)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        if not self.recent_events:
            return await super().retrieve(sender_id)
        key = conversation_key(sender_id)
        with self.session_scope() as session:
            found = window.load(session, key)
            state: List[Any]
            if found is None:  # a short conversation: every event of the session, as Rasa does
                state, query = [], self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            else:
                start_id, state = found
                query = session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == key, self.SQLEvent.id >= start_id
                ).order_by(self.SQLEvent.id)
            stored = [json.loads(row.data) for row in query]
        if not stored:
            return None
        events = window.current_session(state + stored)
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, _STORED, len(tracker.events))
        setattr(tracker, _PREFIX, len(events) - len(stored) if len(events) > len(stored) else 0)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        stored = getattr(tracker, _STORED, None)
        cut = self._last_forget(events)
        if cut is not None:
            if stored is None:
                with self.session_scope() as session:
                    stored = self._event_query(
                        session, tracker.sender_id, fetch_events_from_all_sessions=False
                    ).count()
            if cut >= stored:  # the forget action ran in this turn
                await self.stream_events(tracker)
                self._replace_events(tracker.sender_id, events[cut:])
                setattr(tracker, _STORED, len(events))
                logger.info("Conversation events deleted on the patient's request")
                return
        await self.stream_events(tracker)
        key = conversation_key(tracker.sender_id)
        with self.session_scope() as session:
            # Rasa's save (the events not stored yet), keyed
            new = events[stored:] if stored is not None else list(self._additional_events(session, tracker))
            for event in new:
                session.add(self._row(key, event))
            if self.recent_events and new:
                session.flush()
                self._slide_window(session, key, tracker, events)
            session.commit()
        setattr(tracker, _STORED, len(events))

    def _slide_window(self, session: Any, key: str, tracker: DialogueStateTracker, events: List[Any]) -> None:
        """Move the window's start when it holds more than 1.5 x recent_events events."""
        prefix = getattr(tracker, _PREFIX, 0)
        if len(events) - prefix <= self.recent_events + self.recent_events // 2:
            return
        start = window.new_start(events, self.recent_events)
        if start is None or start <= prefix:
            return
        kept = len(events) - start
        ids = [i for (i,) in session.query(self.SQLEvent.id).filter(self.SQLEvent.sender_id == key)
               .order_by(self.SQLEvent.id.desc()).limit(kept)]
        if len(ids) < kept:  # the table does not hold what the tracker does: keep the old window
            return
        state = window.state_events(tracker.sender_id, events[:start], self.domain.slots)
        window.store(session, key, ids[-1], state, events[-1].timestamp)
        setattr(tracker, _PREFIX, start)  # the tracker in memory still holds its earlier events

    def _last_forget(self, events: list[Event]) -> Optional[int]:
        for index in range(len(events) - 1, -1, -1):
            event = events[index]
            if isinstance(event, ActionExecuted) and event.action_name == self.forget_action:
                return index
        return None

    def _replace_events(self, sender_id: str, keep: list[Event]) -> None:
        """Delete every stored event of `sender_id`, then store `keep`, atomically."""
        key = conversation_key(sender_id)
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(
                self.SQLEvent.sender_id == key
            ).delete(synchronize_session=False)
            if self.recent_events:
                window.forget(session, key)
            for event in keep:
                session.add(self._row(key, event))
            session.commit()

    def _row(self, key: str, event: Event) -> Any:
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=key,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )


def _ensure_sqlite_wal(url: str) -> None:
    """Create the file's folder and switch it to WAL before Rasa's first write
    (journal_mode=WAL is stored in the file, so it holds for every process)."""
    from pathlib import Path

    database = sa.engine.make_url(url).database
    if not database or database == ":memory:":
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, future=True, poolclass=sa.pool.NullPool)
    enable_sqlite_wal(engine)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()
