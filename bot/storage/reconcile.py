"""Urgent outcomes the action server never recorded are recorded from the conversation store.

The Rasa server escalates a red flag on its own (bot/triage/safety.py), so a patient is told
to call 999 even while the action server is down; but then `action_escalate`, which writes
the assessment, never ran. Rasa's events table (same database, same conversation keys)
still holds the escalation: the `triage_outcome` slot set to "urgent" and the `red_flags`
slot. The action server calls `record_missed_escalations` at start and every
OUTBOX_RETRY_SECONDS, so every such conversation gets its urgent record soon after the
action server is back, whether or not the patient writes again.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Set, Tuple

import sqlalchemy as sa

from bot.storage.db import session_scope
from bot.storage.models import Assessment, utcnow
from bot.triage.red_flags import FLAGS

logger = logging.getLogger(__name__)

EVENTS = sa.table("events", sa.column("sender_id"), sa.column("type_name"), sa.column("timestamp"),
                  sa.column("data"))
WATCHED = ("triage_outcome", "red_flags", "urgent_route")
OVERLAP_S = 60.0  # events of several servers may be stamped slightly out of order


def _slot_events(session: Any, since: float) -> List[Tuple[str, float, Dict[str, Any]]]:
    # The database keeps only the watched slots' events (a LIKE on the JSON text; the exact
    # name is checked below): a busy store holds hundreds of thousands of other slot events,
    # and parsing them all in Python took minutes on a 210 MB SQLite file.
    named = sa.or_(*(EVENTS.c.data.like(f'%"{name}"%') for name in WATCHED))
    rows = session.execute(
        sa.select(EVENTS.c.sender_id, EVENTS.c.timestamp, EVENTS.c.data)
        .where(EVENTS.c.type_name == "slot", EVENTS.c.timestamp > since, named)
        .order_by(EVENTS.c.timestamp)
    ).fetchall()
    out = []
    for key, stamp, data in rows:
        try:
            event = json.loads(data)
        except (TypeError, ValueError):
            continue
        if event.get("name") in WATCHED:
            out.append((str(key), float(stamp or 0.0), event))
    return out


def escalations_since(session: Any, since: float) -> Dict[str, Tuple[float, List[str]]]:
    """Conversations whose latest triage_outcome after `since` is urgent: key -> (when, flags)."""
    latest: Dict[str, Dict[str, Any]] = {}
    for key, stamp, event in _slot_events(session, since):
        state = latest.setdefault(key, {})
        state[event["name"]] = event.get("value")
        state["at"] = stamp
    return {
        key: (float(state["at"]), [f for f in state.get("red_flags") or [] if f in FLAGS])
        for key, state in latest.items()
        if state.get("triage_outcome") == "urgent"
    }


def _recorded_urgent(session: Any, keys: List[str]) -> Set[str]:
    if not keys:
        return set()
    rows = session.execute(
        sa.select(Assessment.conversation_key).where(
            Assessment.conversation_key.in_(keys), Assessment.outcome == "urgent")
    ).fetchall()
    return {row[0] for row in rows}


def record_missed_escalations(since: float) -> Tuple[int, float]:
    """Write the urgent record of every conversation escalated after `since` (a Unix time)
    that has none; an earlier non-urgent record of it keeps its answers and becomes urgent.
    Returns (records written, the time to pass as `since` next time)."""
    now = utcnow()
    # Read without the write lock (on SQLite a write transaction blocks the Rasa server's own
    # writes for as long as it lasts); lock only to write what is still missing.
    with session_scope() as session:
        if not sa.inspect(session.connection()).has_table("events"):
            return 0, since
        found = escalations_since(session, since)
        missing = [key for key in found if key not in _recorded_urgent(session, list(found))]
    if missing:
        with session_scope(write=True) as session:
            missing = [key for key in missing if key not in _recorded_urgent(session, missing)]
            for key in missing:
                at, flags = found[key]
                _write_urgent(session, key, sorted(set(flags)), datetime.fromtimestamp(at, tz=timezone.utc), now)
    horizon = max([since] + [at - OVERLAP_S for at, _ in found.values()])
    if missing:
        logger.info("Recorded %d urgent outcome(s) the action server had missed", len(missing))
    return len(missing), horizon


def _write_urgent(session: Any, key: str, flags: List[str], decided_at: datetime, now: datetime) -> None:
    changed = session.execute(
        sa.update(Assessment).where(Assessment.conversation_key == key)
        .values(outcome="urgent", red_flags=flags, decided_at=decided_at, updated_at=now)
    ).rowcount
    if not changed:
        session.add(Assessment(conversation_key=key, outcome="urgent", red_flags=flags, channel=None,
                               language="en", decided_at=decided_at, updated_at=now, booking_shown=False,
                               extra={"recorded_from": "conversation store"}))
