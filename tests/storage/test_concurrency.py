"""Many conversations saving at once: exactly one row each, never duplicates."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bot import storage


def _save_together(records) -> tuple[list[bool], float]:
    barrier = threading.Barrier(len(records))

    def save(record):
        barrier.wait()
        return storage.save_assessment(record)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(records)) as pool:
        results = list(pool.map(save, records))
    return results, time.perf_counter() - started


def test_fifty_conversations_saving_in_parallel_make_fifty_records(
    database_url, make_record, read_assessments
):
    records = [make_record(f"web-parallel-{i}") for i in range(50)]

    results, seconds = _save_together(records)
    print(f"\n50 parallel saves on {database_url.split(':')[0]}: {seconds:.2f}s (incl. migration)")

    assert results == [True] * 50
    rows = read_assessments(database_url)
    assert len(rows) == 50
    assert len({row["conversation_key"] for row in rows}) == 50


def test_fifty_parallel_saves_on_a_migrated_database(database_url, make_record, read_assessments):
    storage.migrate(database_url)
    records = [make_record(f"web-warm-{i}") for i in range(50)]

    results, seconds = _save_together(records)
    print(f"\n50 parallel saves on {database_url.split(':')[0]} (migrated): {seconds:.2f}s")

    assert results == [True] * 50
    assert len(read_assessments(database_url)) == 50


def test_the_same_conversation_saved_twice_at_once_makes_one_record(
    database_url, make_record, read_assessments
):
    for attempt in range(5):
        pair = [make_record(f"web-twice-{attempt}", outcome=o) for o in ("general", "urgent")]
        results, _ = _save_together(pair)
        assert results == [True, True]

    rows = read_assessments(database_url)
    assert len(rows) == 5
    assert all(row["outcome"] in ("general", "urgent") for row in rows)
