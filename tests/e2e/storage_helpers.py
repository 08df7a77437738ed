"""Helpers for the storage end-to-end tests: databases the servers use, read directly.

`SQLiteDatabase` is a file under the test's folder. `PostgresDatabase` is a fresh
schema on the test PostgreSQL server (TEST_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/test) owned by a fresh non-superuser role
that the servers log in as, so a superuser can take write rights on one table
away from them mid-test (`block_assessments`). Both are dropped afterwards.
No PostgreSQL: the PostgreSQL tests skip, unless CI=true, where they fail.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.e2e.bot_servers import ROOT, BotServers
from tests.postgres import postgres_server_url  # noqa: F401 (used by test_storage_e2e)

HASH_SECRET = "e2e-storage-secret"
OUTCOMES = ("urgent", "gp_assessment", "psoas_likely", "general")
RED_FLAGS = (
    "bladder_bowel", "saddle_numbness", "night_pain", "fever_unwell", "trauma",
    "weight_loss", "abdominal_throbbing", "leg_weakness", "cancer_history",
)


def conversation_key(sender: str, secret: str = HASH_SECRET) -> str:
    """What the bot stores instead of the sender id (CONTRACT: channel ids only as keyed HMAC)."""
    return hmac.new(secret.encode(), sender.encode(), hashlib.sha256).hexdigest()


def new_phone_sender() -> str:
    """A sender id shaped like a phone number, as the WhatsApp channel gives (digits only:
    the tracker API does not find a conversation whose id starts with "+")."""
    return f"447700{uuid.uuid4().int % 10**6:06d}"


class Database:
    """Direct access to what the servers stored, through a separate engine."""

    url: str  # what the servers get as DATABASE_URL
    read_url: str  # what the test reads with

    def _engine(self) -> sa.engine.Engine:
        return sa.create_engine(self.read_url, future=True, poolclass=NullPool)

    def query(self, sql: str, **params: Any) -> List[Dict[str, Any]]:
        engine = self._engine()
        try:
            with engine.connect() as conn:
                return [dict(row) for row in conn.execute(sa.text(sql), params).mappings()]
        finally:
            engine.dispose()

    def assessments(self) -> List[Dict[str, Any]]:
        return self.query("SELECT * FROM assessments ORDER BY id") if self.has_table("assessments") else []

    def assessment(self, sender: str) -> Optional[Dict[str, Any]]:
        rows = self.query("SELECT * FROM assessments WHERE conversation_key = :k", k=conversation_key(sender))
        assert len(rows) <= 1
        if not rows:
            return None
        row = rows[0]
        for name in ("red_flags", "extra"):  # JSON columns come back as text on SQLite
            if isinstance(row[name], str):
                row[name] = json.loads(row[name])
        return row

    def events(self, sender: str) -> List[Dict[str, Any]]:
        """Rasa's stored events of this conversation (its sender_id column holds the key)."""
        return self.query(
            "SELECT type_name, action_name, intent_name, data FROM events WHERE sender_id = :k ORDER BY id",
            k=conversation_key(sender),
        )

    def has_table(self, name: str) -> bool:
        engine = self._engine()
        try:
            with engine.connect() as conn:
                return sa.inspect(conn).has_table(name)
        finally:
            engine.dispose()

    def dump(self) -> str:
        """Every row of every table, as text (privacy checks)."""
        engine = self._engine()
        try:
            with engine.connect() as conn:
                names = sa.inspect(conn).get_table_names()
                parts = []
                for name in names:
                    for row in conn.execute(sa.text(f'SELECT * FROM "{name}"')):
                        parts.append(f"{name}: {tuple(row)!r}")
                return "\n".join(parts)
        finally:
            engine.dispose()

    def drop(self) -> None:  # pragma: no cover - overridden
        pass


class SQLiteDatabase(Database):
    def __init__(self, path: Path):
        self.path = path
        self.url = self.read_url = f"sqlite:///{path}"


class PostgresDatabase(Database):
    """A fresh schema owned by a fresh login role; the servers connect as that role."""

    def __init__(self, server_url: str):
        suffix = uuid.uuid4().hex[:10]
        self.schema = f"e2e_{suffix}"
        self.role = f"e2e_app_{suffix}"
        self.admin = sa.create_engine(server_url, future=True, poolclass=NullPool)
        with self.admin.begin() as conn:
            conn.execute(sa.text(f'CREATE ROLE "{self.role}" LOGIN'))
            conn.execute(sa.text(f'CREATE SCHEMA "{self.schema}" AUTHORIZATION "{self.role}"'))
        base = sa.engine.make_url(server_url).update_query_dict({"options": f"-csearch_path={self.schema}"})
        self.read_url = base.render_as_string(hide_password=False)
        self.url = base.set(username=self.role, password=None).render_as_string(hide_password=False)

    def migrate(self) -> None:
        """Create the assessments table now, as the servers' role (its owner), so a
        test can take rights on it away before any conversation has been saved."""
        subprocess.run(
            [sys.executable, "-c", "from bot.storage import migrate; migrate()"],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": self.url},
            check=True, timeout=120,
        )

    def block_assessments(self) -> None:
        """The servers' role may no longer write the assessments table (every
        INSERT/UPDATE fails with "permission denied"); Rasa's events table is untouched."""
        with self.admin.begin() as conn:
            conn.execute(sa.text(
                f'REVOKE INSERT, UPDATE, DELETE ON "{self.schema}".assessments FROM "{self.role}"'))

    def unblock_assessments(self) -> None:
        with self.admin.begin() as conn:
            conn.execute(sa.text(
                f'GRANT INSERT, UPDATE, DELETE ON "{self.schema}".assessments TO "{self.role}"'))

    def drop(self) -> None:
        with self.admin.begin() as conn:
            # Sessions the servers left behind would block DROP ROLE.
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                         {"r": self.role})
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            conn.execute(sa.text(f'DROP OWNED BY "{self.role}"'))
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{self.role}"'))
        self.admin.dispose()


def start_servers(workdir: Path, database: Database) -> BotServers:
    servers = BotServers(workdir, env={"DATABASE_URL": database.url, "BOT_HASH_SECRET": HASH_SECRET})
    try:
        servers.start()
    except BaseException:
        servers.stop()
        raise
    return servers


def outbox_entries(servers: BotServers) -> List[Path]:
    folder = Path(servers.env["BOT_VAR_DIR"]) / "outbox"
    return sorted(p for p in folder.glob("*.json")) if folder.exists() else []


def run_report(servers: BotServers, *args: str) -> subprocess.CompletedProcess:
    """`python -m bot.report ...` as the clinic runs it, against the servers' database."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": servers.env["DATABASE_URL"],
        "BOT_VAR_DIR": servers.env["BOT_VAR_DIR"],
        "BOT_HASH_SECRET": HASH_SECRET,
    }
    return subprocess.run([sys.executable, "-m", "bot.report", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
