"""The secret shared by the Rasa server and the action server.

The action server runs the bot's actions (it writes assessments, deletes a patient's data)
for whoever calls it, so it only answers calls carrying this secret, and by default listens
on loopback only. The Rasa server sends it as ``Authorization: Bearer <secret>``
(endpoints.yml: ``${ACTIONS_SECRET}``).

ACTIONS_SECRET sets it (the same value for both servers; required when the action server
listens beyond loopback, ACTIONS_HOST). Unset, both servers on one machine share a
per-install random secret in var/actions_secret (mode 0600), so `make run` is protected
with no setting at all.
"""
from __future__ import annotations

import hmac

from bot import settings
from bot.privacy import _read_or_create_secret_file

SECRET_FILE_NAME = "actions_secret"
HEADER = "Authorization"
SCHEME = "Bearer "


def secret() -> str:
    """ACTIONS_SECRET, or the per-install secret file (created on first use)."""
    return settings.actions_secret() or _read_or_create_secret_file(
        settings.var_dir() / SECRET_FILE_NAME
    ).decode("utf-8")


def header_value() -> str:
    return SCHEME + secret()


def authorised(header: str | None, expected: str) -> bool:
    """Whether an Authorization header carries `expected` (compared in constant time)."""
    if not header or not header.startswith(SCHEME):
        return False
    return hmac.compare_digest(header[len(SCHEME):].encode("utf-8"), expected.encode("utf-8"))


def exposed_without_secret() -> bool:
    """True when the action server would listen beyond loopback with no ACTIONS_SECRET
    set (the per-install file is unknown to a Rasa server on another machine)."""
    return settings.actions_host() not in settings.LOOPBACK_HOSTS and settings.actions_secret() is None
