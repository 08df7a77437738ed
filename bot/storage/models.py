"""Declarative models. The schema itself is owned by the Alembic migrations."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base: Any = declarative_base()


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC datetimes on every backend.

    PostgreSQL stores `timestamptz`; SQLite has no time zones, so values are
    stored as naive UTC and made aware again on the way out. Naive input is
    taken to be UTC already.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        value = to_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        return None if value is None else to_utc(value)


def to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Assessment(Base):
    """One conversation that reached a triage outcome (CONTRACT.md: Records)."""

    __tablename__ = "assessments"

    id = sa.Column(sa.Integer, primary_key=True)
    conversation_key = sa.Column(sa.String(64), nullable=False, unique=True)
    outcome = sa.Column(sa.String(32), nullable=False)
    pain_side = sa.Column(sa.String(16))
    pain_one_sided = sa.Column(sa.Boolean)
    forward_bend_relief = sa.Column(sa.Boolean)
    leg_numbness_below_knee = sa.Column(sa.Boolean)
    red_flags = sa.Column(sa.JSON, nullable=False, default=list)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)
    channel = sa.Column(sa.String(64))
    language = sa.Column(sa.String(16))
    started_at = sa.Column(UTCDateTime)
    decided_at = sa.Column(UTCDateTime, nullable=False, index=True)
    updated_at = sa.Column(UTCDateTime, nullable=False)
    booking_shown = sa.Column(sa.Boolean, nullable=False, default=False)

    def __repr__(self) -> str:  # no identifiers: reprs end up in logs
        return f"<Assessment id={self.id} outcome={self.outcome}>"


class ChannelDelivery(Base):
    """A message id a channel has already taken (WhatsApp and Twilio may deliver one
    message more than once). Keyed by an HMAC of channel and message id: a WhatsApp
    message id encodes the sender's phone number."""

    __tablename__ = "channel_deliveries"

    delivery_key = sa.Column(sa.String(64), primary_key=True)
    received_at = sa.Column(UTCDateTime, nullable=False, index=True)
