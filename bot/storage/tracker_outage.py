"""Conversations go on while the database is down, and nothing said meanwhile is lost.

Rasa wraps every tracker store in a FailSafeTrackerStore: when the database is down,
`retrieve` returns None, so a patient half-way through the questions starts again from
the greeting, and whatever is said then lives in an in-memory store that is never written
back. This store (endpoints.yml) is `UrlSQLTrackerStore` plus:

- the last saved state of the most recent conversations stays in memory (`RECENT`, a
  reference to the tracker Rasa saved, which nothing changes afterwards);
- while the database is unreachable, a conversation is read from memory (a copy, so a turn
  that fails half-way leaves no trace) and saved to memory, marked unsaved; after a failure
  the database is left alone for `RETRY_S` seconds (no connection attempt per turn);
- unsaved conversations are written as soon as the database answers again: before any
  read (so a read never returns a tracker older than memory's), and by a background retry;
- a conversation first seen during the outage (started then, or not in memory) is written
  as a new session after whatever the database already holds.

With several Rasa servers, each keeps its own memory: during an outage a conversation is
continued only by the server that saw it last (the load balancer's stickiness decides).
An unsaved conversation dies with its process (the log says how many are waiting).
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any, Optional

from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.privacy import conversation_key
from bot.storage.db import POSTGRES_CONNECT_TIMEOUT_S, resolve_url
from bot.storage.tracker_store import UrlSQLTrackerStore

logger = logging.getLogger(__name__)

RECENT = 1000  # conversations kept in memory (unsaved ones are kept whatever the count)
RETRY_S = 5.0
DB_ERRORS = (SQLAlchemyError, OSError)


def with_connect_timeout(url: str) -> str:
    """A PostgreSQL URL gets a connect timeout (unless it has one): an unreachable host
    then costs seconds, not the operating system's minutes, before memory takes over."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or "connect_timeout" in parsed.query:
        return url
    timeout = str(POSTGRES_CONNECT_TIMEOUT_S)
    return str(parsed.update_query_dict({"connect_timeout": timeout}).render_as_string(hide_password=False))


class OutageTolerantTrackerStore(UrlSQLTrackerStore):
    """UrlSQLTrackerStore that carries conversations through a database outage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["db_url"] = with_connect_timeout(resolve_url(kwargs.get("db_url")))
        super().__init__(*args, **kwargs)
        self._recent: OrderedDict[str, DialogueStateTracker] = OrderedDict()
        self._unsaved: dict[str, tuple[DialogueStateTracker, bool]] = {}  # key -> (tracker, new)
        self._down_until = 0.0
        self._retrying: Optional[asyncio.Future[None]] = None

    # ---------------------------------------------------------------- Rasa's interface
    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await self._read(sender_id, full=False)

    async def retrieve_full_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await self._read(sender_id, full=True)

    async def save(self, tracker: DialogueStateTracker) -> None:
        key = conversation_key(tracker.sender_id)
        if self._reachable():
            try:
                await self._write_unsaved()
                if key not in self._unsaved:
                    await super().save(tracker)
                    self._remember(key, tracker)
                    return
            except DB_ERRORS as exc:
                self._went_down(exc)
        new = self._unsaved.get(key, (tracker, key not in self._recent))[1]
        self._unsaved[key] = (tracker, new)
        self._remember(key, tracker)
        self._retry_later()

    # ---------------------------------------------------------------- reading
    async def _read(self, sender_id: str, full: bool) -> Optional[DialogueStateTracker]:
        key = conversation_key(sender_id)
        if self._reachable():
            try:
                await self._write_unsaved()
                if key not in self._unsaved:
                    read = super().retrieve_full_tracker if full else super().retrieve
                    tracker = await read(sender_id)
                    if tracker is not None and not full:
                        self._remember(key, tracker)
                    return tracker
            except DB_ERRORS as exc:
                self._went_down(exc)
        kept = self._recent.get(key)
        if kept is None:
            return None
        copy = kept.copy()
        copy.sender_id = sender_id
        return copy

    # ---------------------------------------------------------------- writing back
    async def _write_unsaved(self) -> None:
        """Write every unsaved conversation; raises the first database error."""
        for key, (tracker, new) in list(self._unsaved.items()):
            if new:
                self._append_session(key, tracker)
            else:
                await super().save(tracker)
            if self._unsaved.get(key, (None,))[0] is tracker:
                del self._unsaved[key]
            logger.info("A conversation continued during a database outage was written back "
                        "(%d still waiting)", len(self._unsaved))

    def _append_session(self, key: str, tracker: DialogueStateTracker) -> None:
        """All events of a conversation first seen during the outage, after what is stored."""
        with self.session_scope() as session:
            for event in tracker.events:
                session.add(self._row(key, event))
            session.commit()

    def _retry_later(self) -> None:
        if self._retrying is None or self._retrying.done():
            self._retrying = asyncio.ensure_future(self._retry())

    async def _retry(self) -> None:
        while self._unsaved:
            await asyncio.sleep(RETRY_S)
            if not self._reachable():
                continue
            try:
                await self._write_unsaved()
            except DB_ERRORS as exc:
                self._went_down(exc)

    # ---------------------------------------------------------------- state
    def _reachable(self) -> bool:
        return time.monotonic() >= self._down_until

    def _went_down(self, exc: BaseException) -> None:
        self._down_until = time.monotonic() + RETRY_S
        origin = getattr(exc, "orig", None) or exc
        logger.warning("Tracker store: database unreachable (%s); conversations continue from "
                       "memory (%d waiting to be written)", type(origin).__name__, len(self._unsaved))

    def _remember(self, key: str, tracker: DialogueStateTracker) -> None:
        self._recent[key] = tracker
        self._recent.move_to_end(key)
        while len(self._recent) > RECENT:
            oldest = next(iter(self._recent))
            if oldest in self._unsaved:
                self._recent.move_to_end(oldest)
                if all(k in self._unsaved for k in self._recent):
                    break
                continue
            del self._recent[oldest]
