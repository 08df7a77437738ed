"""Message vectors for many texts at once (training, cross-validation, `make explain`), on every core.

A message's vector is the unit-length mean of its word-piece vectors (`semantic.pooled`).
MiniLM's NumPy pass is mostly matrix products of a few hundred rows, on which a second BLAS
thread gains little (1,500 bank texts: 9.0 s on one thread, 7.0 s on two), while two
processes of one thread each nearly halve the time. So a long list is shared between worker
processes (`python -m bot.nlu.vectors TEXTS.json OUT.npy`), each held to one BLAS thread; a
short list, or a machine with one core, is encoded in this process.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence

import numpy as np
import numpy.typing as npt

from bot.rasa_fixes import THREAD_VARIABLES
from bot.settings import ROOT

MIN_PER_WORKER = 400  # below this a worker's start (about 2 s) costs more than it saves


class VectorWorkerError(RuntimeError):
    """A worker process could not encode its share of the texts."""


def message_vectors(texts: Sequence[str], workers: Optional[int] = None) -> npt.NDArray[np.float32]:
    """(len(texts), dim) float32: each text's vector, in the order given."""
    texts = list(texts)
    workers = min(workers or os.cpu_count() or 1, len(texts) // MIN_PER_WORKER)
    if workers < 2:
        return encode_here(texts)
    by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    shares = [by_length[k::workers] for k in range(workers)]  # each share: every length
    env = {**os.environ, **{name: "1" for name in THREAD_VARIABLES},
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory(prefix="vectors") as tmp:
        jobs = []
        for k, share in enumerate(shares):
            source, target = Path(tmp, f"{k}.json"), Path(tmp, f"{k}.npy")
            source.write_text(json.dumps([texts[i] for i in share]))
            command = [sys.executable, "-m", "bot.nlu.vectors", str(source), str(target)]
            jobs.append((share, target, subprocess.Popen(command, env=env, cwd=ROOT)))
        failed = [proc.args for _, _, proc in jobs if proc.wait() != 0]
        if failed:
            raise VectorWorkerError(f"{len(failed)} of {len(jobs)} vector workers failed")
        parts = [(share, np.load(target)) for share, target, _ in jobs]
    out = np.zeros((len(texts), parts[0][1].shape[1]), dtype=np.float32)
    for share, vectors in parts:
        out[share] = vectors
    return out


def encode_here(texts: List[str]) -> npt.NDArray[np.float32]:
    """The same vectors, computed in this process."""
    from bot.nlu.minilm import MiniLM, vector_size
    from bot.nlu.semantic import pooled

    if not texts:
        return np.zeros((0, vector_size()), dtype=np.float32)
    return np.stack([pooled(e.pieces, e.spans) for e in MiniLM().encode_many(texts)]).astype(np.float32)


def main(argv: List[str]) -> None:
    source, target = argv
    np.save(target, encode_here(json.loads(Path(source).read_text())))


if __name__ == "__main__":
    main(sys.argv[1:])
