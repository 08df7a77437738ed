"""Each channel message is taken once, however often it is delivered.

Meta retries a webhook delivery until it gets a 200 (for up to 7 days), and a retry
may reach another Rasa server behind the load balancer. So the "already taken" mark
is a row in DATABASE_URL's `channel_deliveries` table, which every Rasa server already
shares (the tracker store lives there): the row's primary key makes the first insert win,
on SQLite and PostgreSQL alike, across processes and machines, and it survives restarts.
Redis (REDIS_URL) would work too, but only some installations have it, and an in-process
set would forget across servers and restarts; the table works everywhere.

The key is an HMAC of channel and message id (a WhatsApp message id encodes the sender's
phone number). Rows older than KEEP are deleted as new ones arrive.
If the database cannot be reached, the message is taken anyway: a possible duplicate
answer is better than a patient's message dropped.
"""
from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.privacy import conversation_key
from bot.storage.db import session_scope
from bot.storage.models import ChannelDelivery, utcnow

logger = logging.getLogger(__name__)

KEEP = timedelta(days=8)  # longer than Meta keeps retrying


def delivery_key(channel: str, message_id: str) -> str:
    return conversation_key(f"{channel}:{message_id}")


def first_delivery(channel: str, message_id: str) -> bool:
    """True the first time this message id is seen (it is marked taken); False after."""
    key = delivery_key(channel, message_id)
    now = utcnow()
    table = ChannelDelivery.__table__
    try:
        with session_scope(write=True) as session:
            session.execute(sa.delete(table).where(table.c.received_at < now - KEEP))
            session.execute(sa.insert(table).values(delivery_key=key, received_at=now))
        return True
    except IntegrityError:
        return False
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("Could not record a %s delivery (%s): taking the message anyway",
                       channel, type(exc).__name__)
        return True


def release(channel: str, message_id: str) -> None:
    """Forget a message id, so a redelivery is taken again (its handling failed)."""
    table = ChannelDelivery.__table__
    try:
        with session_scope(write=True) as session:
            session.execute(sa.delete(table).where(table.c.delivery_key == delivery_key(channel, message_id)))
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("Could not release a %s delivery (%s)", channel, type(exc).__name__)
