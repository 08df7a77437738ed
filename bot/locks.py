"""Rasa lock store chosen by REDIS_URL: Redis when set, in-process otherwise.

Both keep one sender's turns strictly one at a time, which Rasa 3.6's own stores do not
under load. Rasa gives each waiting message a ticket that expires `lock_lifetime` (60 s)
after it was *issued*, however long it has been waiting. In a flood (one sender, 500
messages a second) the queue is longer than a minute: the ticket being served expires while
its turn is still running, the next ticket is served at once, and two turns of the same
conversation run side by side; each saves the tracker it loaded, so user turns are lost
(38 user turns stored for 51 replies sent). A waiting ticket that expires is never served
either: its message fails with LockError once the lock is gone.

Here a ticket is kept alive (its expiry pushed forward every third of the lifetime) for as
long as its message is waiting or being handled, so it only expires when the process that
holds it has died (the case the lifetime is for, with Redis shared by several servers).
Waiting messages check the lock every `POLL_S` instead of every second. Locks are keyed by
the conversation's HMAC (bot.privacy), like the stored events: a WhatsApp sender id is a
phone number, and Redis is no place for it. The per-sender
throttle (bot.channels.throttle) keeps the queue itself short.

With REDIS_URL set, Redis is pinged when the Rasa server builds the store, so a Redis that
is down stops the server at start with a clear message. Without the ping, RedisLockStore
connects lazily and the server would come up, then fail every turn.
"""
from __future__ import annotations

import asyncio
import json
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Callable
from urllib.parse import urlparse

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore
from rasa.shared.exceptions import ConnectionException

from bot import settings
from bot.privacy import conversation_key

POLL_S = 0.05
PING_TIMEOUT_SECONDS = 5


class RedisUnavailable(ConnectionException):
    """REDIS_URL is set but Redis does not answer."""


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlparse(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url



class KeepAliveTickets(LockStore):
    """Mixin for a Rasa lock store: tickets live as long as their holder (module doc)."""

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_S,
    ) -> AsyncGenerator[TicketLock, None]:
        conversation_id = conversation_key(conversation_id)  # a sender id may be a phone number
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        keeper = asyncio.ensure_future(self._keep_alive(conversation_id, ticket, lock_lifetime))
        try:
            yield await self._acquire_lock(conversation_id, ticket, min(wait_time_in_seconds, POLL_S))
        finally:
            keeper.cancel()
            self.cleanup(conversation_id, ticket)

    async def _keep_alive(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        while True:
            await asyncio.sleep(lifetime / 3)
            self.renew(conversation_id, ticket, lifetime)

    def renew(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        """Push the expiry of `ticket` to `lifetime` seconds from now."""
        lock = self.get_lock(conversation_id)
        if lock is None:
            return
        for held in lock.tickets:
            if held.number == ticket:
                held.expires = time.time() + lifetime
                self.save_lock(lock)
                return


class InProcessLockStore(KeepAliveTickets, InMemoryLockStore):
    """Rasa's in-memory lock store with tickets kept alive."""


class SharedRedisLockStore(KeepAliveTickets, RedisLockStore):
    """Rasa's Redis lock store with tickets kept alive, and every change of a lock made in
    one Redis transaction: Rasa reads, changes and writes a lock in three steps, so two
    servers issuing a ticket for one conversation at the same moment could both get the
    same number, and both be served."""

    def _change(self, conversation_id: str, change: Callable[[TicketLock], None]) -> None:
        """Apply `change` to the stored lock atomically (WATCH/MULTI, retried on conflict);
        a lock left with no ticket is deleted."""
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else TicketLock(conversation_id)
                    change(lock)
                    pipe.multi()
                    if lock.is_someone_waiting():
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issued: list[int] = []  # one entry per attempt: a conflicting attempt is retried
        self._change(conversation_id, lambda lock: issued.append(lock.issue_ticket(lock_lifetime)))
        return issued[-1]

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def renew(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        def push(lock: TicketLock) -> None:
            for held in lock.tickets:
                if held.number == ticket:
                    held.expires = time.time() + lifetime

        self._change(conversation_id, push)


def redis_lock_store(url: str) -> SharedRedisLockStore:
    parts = urlparse(url)
    db = int((parts.path or "/0").lstrip("/") or 0)
    return SharedRedisLockStore(
        host=parts.hostname or "localhost",
        port=parts.port or 6379,
        db=db,
        username=parts.username,
        password=parts.password,
        use_ssl=parts.scheme == "rediss",
        key_prefix="jj",
        socket_timeout=PING_TIMEOUT_SECONDS,
    )


class EnvLockStore(LockStore):
    """Used from endpoints.yml; builds the real lock store when Rasa creates it."""

    def __new__(cls, *args: Any, **kwargs: Any) -> LockStore:
        url = settings.redis_url()
        if not url:
            return InProcessLockStore()
        store = redis_lock_store(url)
        try:
            store.red.ping()
        except Exception as error:  # redis-py: ConnectionError, TimeoutError, AuthenticationError, ...
            raise RedisUnavailable(
                f"REDIS_URL is set to {_safe(url)} but Redis does not answer there "
                f"({type(error).__name__}: {error}). Start Redis, or unset REDIS_URL to run one Rasa "
                f"server with the in-process lock store."
            ) from None
        return store
