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


def test_a_batch_of_messages_of_different_lengths_gives_each_its_reference_vector(model):
    texts = sorted(REFERENCE["vectors"])
    for text, encoding in zip(texts, model.encode_many(texts, batch_size=len(texts))):
        want = np.array(REFERENCE["vectors"][text], dtype=np.float32)
        assert np.abs(encoding.sentence - want).max() < 1e-4


def test_the_gelu_is_the_exact_erf_gelu_to_float32_precision():
    from scipy.special import erf

    from bot.nlu.minilm import _gelu

    x = np.linspace(-12, 12, 200_001, dtype=np.float32).reshape(1, -1)
    exact = 0.5 * x.astype(np.float64) * (1.0 + erf(x.astype(np.float64) / np.sqrt(2.0)))
    got = _gelu(x.copy())
    assert got.dtype == np.float32
    assert np.abs(got - exact).max() < 2e-6


def test_the_word_piece_table_is_read_from_the_file_not_copied_into_memory(model):
    from bot.nlu.minilm import WORD_TABLE

    table = model._w[WORD_TABLE]
    assert isinstance(table, np.memmap) and not table.flags.writeable
    assert table.shape == (30522, 384)
