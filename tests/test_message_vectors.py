"""bot.nlu.vectors: many messages' vectors, shared between worker processes, equal the ones made here."""
from __future__ import annotations

import numpy as np
import pytest

from bot.nlu import vectors
from bot.nlu.vectors import VectorWorkerError, encode_here, message_vectors

TEXTS = ["my legs keep giving way", "no fever", "I've lost a stone without trying and I'm off my food",
         "hi", "numb around my bottom since Tuesday", "can I book for Saturday?"] * 3


def test_vectors_from_two_worker_processes_are_the_same_as_from_this_process_and_in_order(monkeypatch):
    monkeypatch.setattr(vectors, "MIN_PER_WORKER", 2)
    shared = message_vectors(TEXTS, workers=2)
    here = encode_here(TEXTS)
    assert shared.shape == here.shape == (len(TEXTS), 384)
    assert np.abs(shared - here).max() < 1e-5
    assert np.allclose(np.linalg.norm(shared, axis=1), 1.0, atol=1e-5)


def test_a_short_list_is_encoded_without_workers(monkeypatch):
    def no_workers(*args, **kwargs):
        raise AssertionError("a worker was started")

    monkeypatch.setattr(vectors.subprocess, "Popen", no_workers)
    assert message_vectors(TEXTS[:3]).shape == (3, 384)
    assert message_vectors([]).shape == (0, 384)


def test_a_worker_that_fails_fails_the_whole_call(monkeypatch):
    monkeypatch.setattr(vectors, "MIN_PER_WORKER", 2)
    monkeypatch.setattr(vectors.sys, "executable", "/bin/false")  # every worker exits with 1
    with pytest.raises(VectorWorkerError, match="2 of 2 vector workers failed"):
        message_vectors(TEXTS, workers=2)
