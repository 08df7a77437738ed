"""Pseudonymous conversation keys.

A Rasa sender id can be a WhatsApp phone number, so it is never stored in the
assessments table, the outbox or INFO+ logs: we keep
HMAC-SHA256(secret, sender_id) instead. The secret comes from BOT_HASH_SECRET;
without it a per-install random secret is created once under var/ (mode 0600)
and a WARNING says so, because keys then differ between machines.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
from pathlib import Path
from urllib.parse import unquote

from bot import settings

logger = logging.getLogger(__name__)

SECRET_FILE_NAME = "hash_secret"

_lock = threading.Lock()
_file_secrets: dict[Path, bytes] = {}


def conversation_key(sender_id: str) -> str:
    """Stable, secret-dependent hex key for a sender id (64 hex characters).

    The id is percent-decoded first: Rasa's HTTP API passes `/conversations/%2B44.../tracker`
    on undecoded, while the REST channel received "+44...": both are one conversation.
    """
    if not isinstance(sender_id, str) or not sender_id:
        raise ValueError("sender_id must be a non-empty string")
    return hmac.new(_secret(), unquote(sender_id).encode("utf-8"), hashlib.sha256).hexdigest()


def ensure_secret() -> None:
    """Reads (or creates) the secret now, so a missing BOT_HASH_SECRET is warned about when a
    server starts rather than at the first patient's message."""
    _secret()


def _secret() -> bytes:
    from_env = settings.hash_secret()
    if from_env:
        return from_env.encode("utf-8")
    path = settings.var_dir() / SECRET_FILE_NAME
    with _lock:
        cached = _file_secrets.get(path)
        if cached is None:
            logger.warning(
                "BOT_HASH_SECRET is not set: conversation keys use the per-install "
                "secret in %s. Set BOT_HASH_SECRET (the same value on every server) "
                "when several machines share one database.",
                path,
            )
            cached = _read_or_create_secret_file(path)
            _file_secrets[path] = cached
        return cached


def _read_or_create_secret_file(path: Path) -> bytes:
    """Create the secret atomically (no half-written file is ever visible)."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
            try:
                os.link(tmp, path)  # fails if another process won the race
            except FileExistsError:
                pass
        finally:
            tmp.unlink(missing_ok=True)
    value = path.read_text().strip()
    if not value:
        raise RuntimeError(f"{path} is empty; delete it to create a new secret")
    return value.encode("utf-8")


def _reset_cache() -> None:
    """Forget cached file secrets (tests)."""
    with _lock:
        _file_secrets.clear()
