"""Engines, sessions and migrations, all created lazily and cached per URL.

Nothing connects at import time. SQLite connections get WAL journaling and a
busy timeout so the action server, Rasa's tracker store and the report can
read and write the same file together. Write units of work on SQLite start with
BEGIN IMMEDIATE, so concurrent writers queue on the busy timeout instead of
failing on a lock upgrade; readers use a plain BEGIN and never block in WAL.
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from bot import settings

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_TIMEOUT_S = 5
# Any constant: serialises concurrent `migrate()` calls on one PostgreSQL database.
_PG_MIGRATION_LOCK_ID = 0x4A4A7468  # "JJth"

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_migrate_locks: dict[str, threading.Lock] = {}


def resolve_url(url: Optional[str] = None) -> str:
    url = url or settings.database_url()
    # SQLAlchemy 1.4 no longer accepts the Heroku-style "postgres://" scheme.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    return url


def is_sqlite(url: str) -> bool:
    return bool(make_url(url).get_backend_name() == "sqlite")


def enable_sqlite_wal(engine: Engine) -> None:
    """Set busy timeout and WAL on every new DBAPI connection of `engine`."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # pragma: no cover - trivial
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()


def _make_engine(url: str) -> Engine:
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url,
            future=True,
            connect_args={
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                "check_same_thread": False,
            },
        )
        enable_sqlite_wal(engine)

        @sa.event.listens_for(engine, "connect")
        def _manual_transactions(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
            dbapi_connection.isolation_level = None

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "")
            conn.exec_driver_sql(f"BEGIN {mode}".strip())

        return engine

    connect_args = {}
    if make_url(url).get_backend_name() == "postgresql" and "connect_timeout" not in url:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return sa.create_engine(
        url, future=True, pool_pre_ping=True, connect_args=connect_args
    )


def get_engine(url: Optional[str] = None) -> Engine:
    """The engine for `url` (default DATABASE_URL), created once per URL."""
    url = resolve_url(url)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _make_engine(url)
        return engine


@contextmanager
def session_scope(url: Optional[str] = None, *, write: bool = False) -> Iterator[Session]:
    """One unit of work: migrated database, commit on success, rollback on error."""
    url = resolve_url(url)
    ensure_migrated(url)
    engine = get_engine(url)
    if write and engine.dialect.name == "sqlite":
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    with Session(engine, future=True) as session:
        with session.begin():
            yield session


def alembic_config(url: Optional[str] = None, connection: Any = None) -> Any:
    """An Alembic Config built in code (there is no alembic.ini)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", resolve_url(url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(url: Optional[str] = None, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision` (idempotent).

    Runs in one transaction that also holds a lock (BEGIN IMMEDIATE on SQLite,
    an advisory lock on PostgreSQL), so processes starting together migrate once.
    """
    from alembic import command

    url = resolve_url(url)
    engine = get_engine(url)
    if engine.dialect.name == "sqlite":
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_MIGRATION_LOCK_ID}
            )
        command.upgrade(alembic_config(url, connection), revision)
    if revision == "head":
        _migrated.add(url)
    logger.debug("Database migrated to %s", revision)


def ensure_migrated(url: Optional[str] = None) -> None:
    """Run `migrate()` once per URL in this process, before first use."""
    url = resolve_url(url)
    if url in _migrated:
        return
    with _lock:
        url_lock = _migrate_locks.setdefault(url, threading.Lock())
    with url_lock:
        if url not in _migrated:
            migrate(url)
            _migrated.add(url)


def reset() -> None:
    """Dispose every cached engine and forget what was migrated (tests, forks)."""
    with _lock:
        engines = list(_engines.values())
        _engines.clear()
        _migrated.clear()
        _migrate_locks.clear()
    for engine in engines:
        engine.dispose()
