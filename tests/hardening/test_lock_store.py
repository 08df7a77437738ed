"""One sender's turns never run side by side, even when they queue longer than the
lock lifetime (the flood that stored 38 user turns for 51 replies)."""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockError

from bot.locks import InProcessLockStore, SharedRedisLockStore
from bot.privacy import conversation_key

LIFETIME = 0.3  # seconds; each turn below takes longer than this, and the queue far longer


async def flood(store, turns: int = 8, turn_seconds: float = 0.4):
    """`turns` messages of one conversation at once; returns (most turns running at
    once, turns completed, turns that failed to get the lock)."""
    running, most, done, failed = 0, 0, 0, 0

    async def turn() -> None:
        nonlocal running, most, done, failed
        try:
            async with store.lock("patient", lock_lifetime=LIFETIME, wait_time_in_seconds=0.02):
                running += 1
                most = max(most, running)
                await asyncio.sleep(turn_seconds)
                running -= 1
                done += 1
        except LockError:
            failed += 1

    await asyncio.gather(*(turn() for _ in range(turns)))
    return most, done, failed


async def test_rasas_own_store_lets_a_long_queue_run_turns_side_by_side():
    """The fault, shown on Rasa 3.6's store: tickets expire while waiting or running."""
    most, done, failed = await flood(InMemoryLockStore())
    assert most > 1 or failed > 0


async def test_turns_of_one_sender_run_one_at_a_time_however_long_the_queue():
    store = InProcessLockStore()
    assert await flood(store) == (1, 8, 0)
    assert store.get_lock(conversation_key("patient")) is None, "the lock is gone once the queue is empty"


async def test_different_senders_do_not_wait_for_each_other():
    store = InProcessLockStore()
    order = []

    async def turn(sender: str, seconds: float) -> None:
        async with store.lock(sender):
            await asyncio.sleep(seconds)
            order.append(sender)

    await asyncio.gather(turn("slow", 0.3), turn("quick", 0.01))
    assert order == ["quick", "slow"]


async def test_the_redis_store_keeps_turns_one_at_a_time(redis_url):
    store = SharedRedisLockStore(host=redis_url.hostname, port=redis_url.port or 6379, db=15,
                                 key_prefix="jjtest")
    store.red.delete(store.key_prefix + "patient")
    assert await flood(store, turns=5) == (1, 5, 0)


@pytest.fixture
def redis_url():
    import os
    from urllib.parse import urlparse

    import redis

    url = urlparse(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    try:
        redis.Redis(host=url.hostname, port=url.port or 6379, socket_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis not reachable ({type(exc).__name__}); CI=true: this test must run")
        pytest.skip(f"Redis not reachable ({type(exc).__name__})")
    return url


def test_two_servers_sharing_redis_never_serve_one_conversation_twice_at_once(redis_url):
    """Two Rasa servers (two stores, two threads, two event loops) taking turns of one
    conversation at the same moments: never two holders at once, none refused."""
    import threading

    stores = [SharedRedisLockStore(host=redis_url.hostname, port=redis_url.port or 6379, db=15,
                                   key_prefix="jjtest2") for _ in range(2)]
    stores[0].red.delete(stores[0].key_prefix + "patient")
    holders, most, done, errors = [0], [0], [0], []
    guard = threading.Lock()

    async def turns(store) -> None:
        async def one() -> None:
            async with store.lock("patient", lock_lifetime=5, wait_time_in_seconds=0.01):
                with guard:
                    holders[0] += 1
                    most[0] = max(most[0], holders[0])
                await asyncio.sleep(0.01)
                with guard:
                    holders[0] -= 1
                    done[0] += 1

        await asyncio.gather(*(one() for _ in range(15)))

    def server(store) -> None:
        try:
            asyncio.run(turns(store))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=server, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and (most[0], done[0]) == (1, 30)
    assert stores[0].get_lock("patient") is None


async def test_locks_are_keyed_by_the_conversation_hash_never_the_phone_number():
    store = InProcessLockStore()
    async with store.lock("+447700900123"):
        assert list(store.conversation_locks) == [conversation_key("+447700900123")]
        assert "+447700900123" not in str(store.conversation_locks)
