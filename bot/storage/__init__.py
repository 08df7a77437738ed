"""Storage for triage assessments, sharing one database with Rasa's tracker store.

The database is DATABASE_URL (default: SQLite file var/bot.db, WAL mode); a
``postgresql://`` URL works the same. Nothing connects at import time: engines
are created and the schema migrated (Alembic, ``migrate()``) on first use.
"""
from bot.storage.db import alembic_config, get_engine, migrate, reset, session_scope
from bot.storage.models import Assessment
from bot.storage.records import AssessmentRecord
from bot.storage.repository import (
    flush_outbox,
    forget_conversation,
    mark_booking_shown,
    purge_counts,
    purge_older_than,
    save_assessment,
)

__all__ = [
    "Assessment",
    "AssessmentRecord",
    "alembic_config",
    "flush_outbox",
    "forget_conversation",
    "get_engine",
    "mark_booking_shown",
    "migrate",
    "purge_counts",
    "purge_older_than",
    "reset",
    "save_assessment",
    "session_scope",
]
