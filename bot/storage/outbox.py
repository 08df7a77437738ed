"""Assessments waiting for the database: one JSON file per conversation key.

Files are written atomically (temp file + os.replace) and named by the hashed
conversation key, so a later save of the same conversation replaces the pending
one. A flusher first *claims* a file by renaming it, so a newer save arriving
meanwhile is never deleted by mistake; a claim left by a crashed process is
picked up again after CLAIM_TIMEOUT_S.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Iterator, Optional

from bot import settings
from bot.storage.records import row_from_json, row_to_json

logger = logging.getLogger(__name__)

SUFFIX = ".json"
CLAIM_MARK = ".claim-"
CLAIM_TIMEOUT_S = 300


def _dir() -> Path:
    return settings.outbox_dir()


def path_for(key: str) -> Path:
    if not key or not all(c in "0123456789abcdef" for c in key):
        raise ValueError("outbox entries are named by a hex conversation key")
    return _dir() / f"{key}{SUFFIX}"


def put(row: dict[str, Any]) -> Path:
    """Queue `row` (replacing any pending entry of the same conversation)."""
    target = path_for(row["conversation_key"])
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(row_to_json(row))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def load(path: Path) -> dict[str, Any]:
    return row_from_json(path.read_text(encoding="utf-8"))


def get(key: str) -> Optional[dict[str, Any]]:
    try:
        return load(path_for(key))
    except (FileNotFoundError, ValueError):
        return None


def pending() -> Iterator[Path]:
    """Entries to flush: queued files, plus claims abandoned by a crashed flusher."""
    now = time.time()
    for path in sorted(_dir().iterdir()):
        name = path.name
        if name.startswith(".") or name.endswith(".bad"):
            continue
        if name.endswith(SUFFIX):
            yield path
        elif CLAIM_MARK in name:
            try:
                if now - path.stat().st_mtime > CLAIM_TIMEOUT_S:
                    yield path
            except FileNotFoundError:
                continue


def claim(path: Path) -> Optional[Path]:
    """Take `path` for flushing; None if another flusher got it first."""
    key = path.name.split(".", 1)[0]
    claimed = path.with_name(f"{key}{SUFFIX}{CLAIM_MARK}{uuid.uuid4().hex}")
    try:
        os.rename(path, claimed)
        os.utime(claimed)
    except FileNotFoundError:
        return None
    return claimed


def release(claimed: Path) -> None:
    """Give a claimed entry back, unless a newer save of it is already queued."""
    key = claimed.name.split(".", 1)[0]
    try:
        os.link(claimed, path_for(key))  # never overwrites a newer entry
    except FileExistsError:
        pass
    claimed.unlink(missing_ok=True)


def quarantine(claimed: Path) -> None:
    """Set aside an unreadable entry so it does not block the others."""
    logger.error("Unreadable outbox entry set aside as %s.bad", claimed.name)
    os.replace(claimed, claimed.with_name(claimed.name + ".bad"))


def patch(key: str, **changes: Any) -> bool:
    """Change fields of a pending entry; False if nothing is pending for `key`."""
    row = get(key)
    if row is None:
        return False
    row.update(changes)
    put(row)
    return True


def discard(key: str) -> int:
    """Remove every pending or claimed entry of a conversation; returns how many."""
    removed = 0
    for path in _dir().glob(f"{key}{SUFFIX}*"):
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
    return removed


def discard_older_than(cutoff: Any) -> int:
    """Remove pending entries decided before `cutoff` (retention purge)."""
    removed = 0
    for path in list(pending()):
        try:
            row = load(path)
        except (FileNotFoundError, ValueError):
            continue
        if row["decided_at"] < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
