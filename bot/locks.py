"""Rasa lock store chosen by REDIS_URL: Redis when set, in-process otherwise."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot import settings


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
    )


class EnvLockStore(LockStore):
    """Used from endpoints.yml; builds the real lock store when Rasa creates it."""

    def __new__(cls, *args: Any, **kwargs: Any) -> LockStore:  # type: ignore[misc]
        url = settings.redis_url()
        return redis_lock_store(url) if url else InMemoryLockStore()
