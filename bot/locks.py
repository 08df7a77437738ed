"""Rasa lock store chosen by REDIS_URL: Redis when set, in-process otherwise.

With REDIS_URL set, Redis is pinged when the Rasa server builds the store, so a Redis that
is down stops the server at start with a clear message. Without the ping, RedisLockStore
connects lazily and the server would come up, then fail every turn.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.shared.exceptions import ConnectionException

from bot import settings

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


def redis_lock_store(url: str) -> RedisLockStore:
    parts = urlparse(url)
    db = int((parts.path or "/0").lstrip("/") or 0)
    return RedisLockStore(
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

    def __new__(cls, *args: Any, **kwargs: Any) -> LockStore:  # type: ignore[misc]
        url = settings.redis_url()
        if not url:
            return InMemoryLockStore()
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
