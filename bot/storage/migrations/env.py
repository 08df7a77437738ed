"""Alembic environment for the assessments schema.

Driven from Python (bot.storage.db.migrate / alembic_config); there is no
alembic.ini. Rasa's own `events` table (its SQL tracker store) lives in the same
database but is created by Rasa, so autogenerate ignores it.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context

from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj: Any, name: Any, type_: Any, reflected: bool, compare_to: Any) -> bool:
    """Only our own tables: never touch Rasa's `events` or other tables."""
    if type_ == "table":
        return name in target_metadata.tables
    table = getattr(obj, "table", None)
    return table is None or table.name in target_metadata.tables


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        include_object=include_object,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # migrate(): caller owns the transaction and lock
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = sa.create_engine(
        config.get_main_option("sqlalchemy.url"), future=True, poolclass=sa.pool.NullPool
    )
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
