"""Message vectors kept on disk, so that training encodes each description once.

The semantic reader trains on every bank description and probe (about 15,000 texts); their
MiniLM vectors are most of `make train`. A text's vector depends only on the text, the pinned
MiniLM weights and the code that computes it, so it is kept in var/vectors/<key>/, where the
key is a digest of that code (`bot/nlu/minilm.py`, whose pinned weight digests are in it, and
`semantic.pooled`): change either and the old vectors are never read again.

`make train` also starts a warmer (`python -m bot.nlu.vector_cache --warm`) beside
`rasa train`: while Rasa validates the data and trains the other components on one core, the
warmer encodes the bank on the other, a shard of texts at a time. The semantic reader stops
it when its own turn comes (`stop_warmer`) and encodes only what is still missing, on every
core. A shard is written whole or not at all (a temporary file, then a rename).
"""
from __future__ import annotations

import hashlib
import inspect
import os
import signal
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
import numpy.typing as npt

from bot import settings

SHARD_TEXTS = 400  # a warmer's shard: about 4 s of one core
MAX_SHARDS = 64    # more than this, and the next write merges them into one
WARMER_PID = "warmer.pid"
FloatArray = npt.NDArray[np.float32]


def cache_dir() -> Path:
    from bot.nlu import minilm, semantic

    digest = hashlib.sha256(Path(minilm.__file__).read_bytes())
    digest.update(inspect.getsource(semantic.pooled).encode())
    path = settings.var_dir() / "vectors" / digest.hexdigest()[:16]
    path.mkdir(parents=True, exist_ok=True)
    return path


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load(folder: Path) -> Dict[str, FloatArray]:
    """Every vector the folder holds, by text key."""
    known: Dict[str, FloatArray] = {}
    for shard in sorted(folder.glob("*.npz")):
        try:
            with np.load(shard) as data:
                known.update(zip(data["keys"].tolist(), data["vectors"]))
        except (OSError, ValueError, KeyError):
            shard.unlink(missing_ok=True)  # unreadable: encode those texts again
    return known


def save(folder: Path, texts: Sequence[str], vectors: FloatArray) -> None:
    if not len(texts):
        return
    shards = list(folder.glob("*.npz"))
    keys = [text_key(t) for t in texts]
    if len(shards) >= MAX_SHARDS:  # merge: one read instead of many next time
        known = load(folder)
        known.update(zip(keys, vectors))
        keys, vectors = list(known), np.stack(list(known.values()))
    temporary = folder / f"{uuid.uuid4().hex}.partial"
    with open(temporary, "wb") as fh:
        np.savez(fh, keys=np.array(keys), vectors=vectors.astype(np.float32))
    temporary.rename(folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.npz")
    if len(shards) >= MAX_SHARDS:
        for shard in shards:
            shard.unlink(missing_ok=True)


def cached_vectors(texts: Sequence[str]) -> FloatArray:
    """(len(texts), dim) float32, as `vectors.message_vectors` gives, encoding only the texts
    the cache does not hold yet (and keeping them)."""
    from bot.nlu.vectors import message_vectors

    if not texts:
        return message_vectors([])
    folder = cache_dir()
    known = load(folder)
    missing = sorted({t for t in texts if text_key(t) not in known})
    if missing:
        fresh = message_vectors(missing)
        save(folder, missing, fresh)
        known.update(zip((text_key(t) for t in missing), fresh))
    return np.stack([known[text_key(t)] for t in texts]).astype(np.float32)


def warm(texts: Sequence[str]) -> int:
    """Encode the texts the cache lacks, in this process, a shard at a time. Returns how many."""
    from bot.nlu.vectors import encode_here

    folder = cache_dir()
    pid_file = folder / WARMER_PID
    pid_file.write_text(str(os.getpid()))
    try:
        known = load(folder)
        missing = [t for t in dict.fromkeys(texts) if text_key(t) not in known]
        for start in range(0, len(missing), SHARD_TEXTS):
            chunk = missing[start:start + SHARD_TEXTS]
            save(folder, chunk, encode_here(chunk))
        return len(missing)
    finally:
        pid_file.unlink(missing_ok=True)


def stop_warmer() -> None:
    """Stop a warmer still running for this cache (its finished shards stay)."""
    folder = cache_dir()
    pid_file = folder / WARMER_PID
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGTERM)
        for _ in range(50):  # gone within a moment: it exits on the signal
            time.sleep(0.05)
            os.kill(pid, 0)
    except (OSError, ValueError):
        pass
    pid_file.unlink(missing_ok=True)
    for partial in folder.glob("*.partial"):
        partial.unlink(missing_ok=True)


def main(argv: List[str]) -> None:
    if argv != ["--warm"]:
        raise SystemExit("usage: python -m bot.nlu.vector_cache --warm")
    from threadpoolctl import threadpool_limits

    from bot.nlu.semantic import load_bank
    from bot.nlu.semantic_reader import everyday_examples

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))  # a half-written shard is a .partial
    with threadpool_limits(limits=1):  # one core: `rasa train` has the other
        done = warm(load_bank().texts + everyday_examples())
    print(f"vector cache: {done} texts encoded ahead of training", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
