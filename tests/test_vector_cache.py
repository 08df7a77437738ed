"""bot.nlu.vector_cache: training reads each text's vector from var/vectors/ once it was
computed, the warmer's shards included, and the vectors are the ones MiniLM gives."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from bot.nlu import vector_cache, vectors
from bot.nlu.vector_cache import cached_vectors, stop_warmer, warm
from bot.nlu.vectors import encode_here

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["my legs keep giving way", "no fever", "numb around my bottom since Tuesday",
         "can I book for Saturday?", "I've lost a stone without trying"]


@pytest.fixture(autouse=True)
def own_var_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))


def no_encoding(*args, **kwargs):
    raise AssertionError("a text was encoded again")


def test_cached_vectors_are_minilms_vectors_in_order_and_kept_for_next_time(monkeypatch):
    first = cached_vectors(TEXTS + TEXTS[:2])
    assert first.shape == (len(TEXTS) + 2, 384)
    assert np.abs(first[: len(TEXTS)] - encode_here(TEXTS)).max() < 1e-5
    assert np.array_equal(first[len(TEXTS):], first[:2])
    monkeypatch.setattr(vectors, "message_vectors", no_encoding)
    assert np.array_equal(cached_vectors(list(reversed(TEXTS))), first[: len(TEXTS)][::-1])


def test_only_the_texts_the_cache_lacks_are_encoded(monkeypatch):
    cached_vectors(TEXTS[:3])
    asked = []

    def count(texts):
        asked.append(list(texts))
        return encode_here(list(texts))

    monkeypatch.setattr(vectors, "message_vectors", count)
    cached_vectors(TEXTS)
    assert asked == [sorted(TEXTS[3:])]


def test_the_warmers_shards_are_used_by_training(monkeypatch):
    monkeypatch.setattr(vector_cache, "SHARD_TEXTS", 2)
    assert warm(TEXTS) == len(TEXTS)
    assert len(list(vector_cache.cache_dir().glob("*.npz"))) == 3
    assert not (vector_cache.cache_dir() / vector_cache.WARMER_PID).exists()
    monkeypatch.setattr(vectors, "message_vectors", no_encoding)
    assert cached_vectors(TEXTS).shape == (len(TEXTS), 384)
    assert warm(TEXTS) == 0


def test_an_unreadable_shard_is_dropped_and_its_texts_encoded_again():
    cached_vectors(TEXTS)
    for shard in vector_cache.cache_dir().glob("*.npz"):
        shard.write_bytes(b"not a numpy file")
    assert np.abs(cached_vectors(TEXTS) - encode_here(TEXTS)).max() < 1e-5


def test_many_shards_are_merged_into_one(monkeypatch):
    monkeypatch.setattr(vector_cache, "MAX_SHARDS", 3)
    for text in TEXTS:
        cached_vectors([text])
    assert len(list(vector_cache.cache_dir().glob("*.npz"))) < 4
    monkeypatch.setattr(vectors, "message_vectors", no_encoding)
    assert cached_vectors(TEXTS).shape == (len(TEXTS), 384)


def test_training_stops_a_warmer_still_running():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    warmer = subprocess.Popen([sys.executable, "-m", "bot.nlu.vector_cache", "--warm"], cwd=ROOT, env=env)
    pid_file = vector_cache.cache_dir() / vector_cache.WARMER_PID
    deadline = time.time() + 120
    while not pid_file.exists() and warmer.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    assert pid_file.exists(), "the warmer never started encoding the bank"
    stop_warmer()
    assert warmer.wait(timeout=10) == 0
    assert not pid_file.exists()
    assert not list(vector_cache.cache_dir().glob("*.partial"))
