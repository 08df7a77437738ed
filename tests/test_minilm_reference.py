"""MiniLM: the pinned weights, and the vectors they give, so a faster encoder cannot drift."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.nlu.minilm import MiniLM, WeightsMismatch, default_model_dir

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def model() -> MiniLM:
    return MiniLM()


@pytest.mark.parametrize("text", sorted(REFERENCE["vectors"]))
def test_sentence_vectors_match_the_stored_reference(model, text):
    want = np.array(REFERENCE["vectors"][text], dtype=np.float32)
    got = model.encode(text).sentence
    assert float(got @ want) / float(np.linalg.norm(want)) > 0.9999
    assert np.abs(got - want).max() < 1e-4


def test_weights_that_are_not_the_pinned_ones_stop_the_load(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(default_model_dir(), copy)
    with open(copy / "model.safetensors", "r+b") as fh:  # one flipped byte in the weights
        fh.seek(4096)
        byte = fh.read(1)
        fh.seek(4096)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(WeightsMismatch, match="model.safetensors has sha256"):
        MiniLM(copy)
