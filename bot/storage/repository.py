"""Assessments: save (upsert), booking flag, outbox flush, forget and purge.

Logging rule: no sender ids, keys, answers or SQL parameters at INFO or above.
SQLAlchemy error messages embed the statement's parameters (health data), so
only the exception's class name is logged at WARNING; details go to DEBUG.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from bot.privacy import conversation_key
from bot.storage import outbox
from bot.storage.db import session_scope
from bot.storage.models import Assessment, utcnow
from bot.storage.records import AssessmentRecord, to_row

logger = logging.getLogger(__name__)

# What "the database is unreachable" looks like: driver/SQL errors, and OS
# errors such as a SQLite file whose folder cannot be created.
DB_ERRORS = (SQLAlchemyError, OSError)

# Rasa's SQLTrackerStore table (rasa/core/tracker_store.py, SQLEvent); its
# sender_id column holds the conversation key (see bot.storage.tracker_store).
EVENTS = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
# The tracker store's window rows (bot.storage.tracker_window): they hold slot values, so
# they go with the events.
WINDOWS = sa.table("tracker_windows", sa.column("sender_id"), sa.column("timestamp"))


def save_assessment(record: AssessmentRecord) -> bool:
    """Store (or update) the conversation's assessment.

    True if the database has it now; False if it went to the outbox because the
    database is unreachable. Raises only for an invalid record (ValueError).
    """
    row = to_row(record)
    _written, db_ok = _flush()
    if db_ok:
        try:
            with session_scope(write=True) as session:
                _upsert(session, row)
            return True
        except DB_ERRORS as exc:
            _log_db_error("Assessment queued in the outbox", exc)
    try:
        outbox.put(row)
    except OSError as exc:
        logger.error("Could not write the outbox either (%s): assessment lost",
                     type(exc).__name__)
    return False


def mark_booking_shown(sender_id: str) -> None:
    """Note that this conversation was shown the booking details. Never raises
    for database errors; a record still in the outbox is updated there."""
    key = conversation_key(sender_id)
    updated = 0
    try:
        with session_scope(write=True) as session:
            result = session.execute(
                sa.update(Assessment)
                .where(Assessment.conversation_key == key)
                .values(booking_shown=True)
            )
            updated = result.rowcount
    except DB_ERRORS as exc:
        _log_db_error("Booking flag not stored in the database", exc)
    if not updated:
        try:
            outbox.patch(key, booking_shown=True)
        except OSError as exc:
            logger.warning("Could not update the outbox (%s)", type(exc).__name__)


def flush_outbox() -> int:
    """Write queued assessments to the database; returns how many were written."""
    return _flush()[0]


def _flush() -> tuple[int, bool]:
    """(records written, database reachable). Stops at the first database error."""
    written = 0
    try:
        paths = list(outbox.pending())
    except OSError as exc:
        logger.warning("Outbox unreadable (%s)", type(exc).__name__)
        return 0, True
    for path in paths:
        claimed = outbox.claim(path)
        if claimed is None:
            continue
        try:
            row = outbox.load(claimed)
        except (ValueError, OSError):
            outbox.quarantine(claimed)
            continue
        try:
            with session_scope(write=True) as session:
                _upsert(session, row)
        except DB_ERRORS as exc:
            outbox.release(claimed)
            _log_db_error("Outbox not flushed yet", exc)
            return written, False
        claimed.unlink(missing_ok=True)
        written += 1
    if written:
        logger.info("Flushed %d queued assessment(s) from the outbox", written)
    return written, True


def forget_conversation(sender_id: str) -> int:
    """Delete everything stored about this sender: the assessment, Rasa's
    tracker events and pending outbox entries. Returns rows/files removed.
    Raises on database errors (the caller must not claim the data is gone)."""
    key = conversation_key(sender_id)
    removed = outbox.discard(key)
    with session_scope(write=True) as session:
        removed += session.execute(
            sa.delete(Assessment).where(Assessment.conversation_key == key)
        ).rowcount
        if _has_events_table(session):
            removed += session.execute(
                sa.delete(EVENTS).where(EVENTS.c.sender_id == key)  # keyed too (tracker_store)
            ).rowcount
        if _has_table(session, "tracker_windows"):
            session.execute(sa.delete(WINDOWS).where(WINDOWS.c.sender_id == key))
    logger.info("Forgot a conversation on request (%d rows/files removed)", removed)
    return int(removed)


def purge_older_than(days: int) -> int:
    """Remove assessments decided, and tracker events logged, more than `days`
    days ago (plus outbox entries as old). Returns how many were removed."""
    return sum(purge_counts(days).values())


def purge_counts(days: int) -> dict[str, int]:
    if days < 0:
        raise ValueError("days must be zero or more")
    cutoff = utcnow() - timedelta(days=days)
    counts = {"assessments": 0, "events": 0, "outbox": outbox.discard_older_than(cutoff)}
    with session_scope(write=True) as session:
        counts["assessments"] = session.execute(
            sa.delete(Assessment).where(Assessment.decided_at < cutoff)
        ).rowcount
        if _has_events_table(session):
            counts["events"] = session.execute(
                sa.delete(EVENTS).where(EVENTS.c.timestamp < cutoff.timestamp())
            ).rowcount
        if _has_table(session, "tracker_windows"):
            session.execute(sa.delete(WINDOWS).where(WINDOWS.c.timestamp < cutoff.timestamp()))
    logger.info("Purged data older than %d days: %s", days, counts)
    return counts


def _upsert(session: Any, row: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT (conversation_key) DO UPDATE, in one statement.

    An older version of the record (e.g. a late outbox flush) never overwrites
    a newer one; `started_at` keeps its first value; `booking_shown` stays true.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the contract names SQLite and PostgreSQL only
        raise NotImplementedError(f"upsert not implemented for {dialect}")
    table = Assessment.__table__
    stmt = insert(table).values(**row)
    new = stmt.excluded
    changes = {name: new[name] for name in row if name not in ("conversation_key",)}
    changes["started_at"] = sa.func.coalesce(table.c.started_at, new.started_at)
    changes["booking_shown"] = sa.or_(table.c.booking_shown, new.booking_shown)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[table.c.conversation_key],
            set_=changes,
            where=table.c.updated_at <= new.updated_at,
        )
    )


def _has_events_table(session: Any) -> bool:
    return _has_table(session, "events")


def _has_table(session: Any, name: str) -> bool:
    return bool(sa.inspect(session.connection()).has_table(name))


def _log_db_error(what: str, exc: BaseException, level: int = logging.WARNING) -> None:
    origin = getattr(exc, "orig", None) or exc
    logger.log(level, "%s: database unavailable (%s)", what, type(origin).__name__)
    logger.debug("Database error detail", exc_info=exc)


def count_assessments(url: Optional[str] = None) -> int:
    with session_scope(url) as session:
        return int(session.execute(sa.select(sa.func.count()).select_from(Assessment)).scalar_one())
