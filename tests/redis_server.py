"""The test Redis server (TEST_REDIS_URL, default redis://127.0.0.1:6379/0): skip when it is
down, but fail with CI=true, where the tests that need it must run."""
from __future__ import annotations

import os

import pytest

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_server_url() -> str:
    import redis

    url = os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_timeout=3).ping()
    except redis.exceptions.RedisError as exc:
        message = f"Redis not reachable at {url}: {type(exc).__name__}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the Redis tests must run)", pytrace=False)
        pytest.skip(message)
    return url
