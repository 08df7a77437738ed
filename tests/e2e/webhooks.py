"""The webhooks the fuzz test throws arbitrary input at, and what a valid request is for each.

To add a channel (WhatsApp, Twilio), append a `Webhook` to `WEBHOOKS`: its path, how to
turn a drawn body into a request (JSON or form, and signing if the channel checks
signatures), and which drawn bodies are valid. tests/e2e/test_hardening.py then fuzzes it
with the same rules: never a 5xx, the server keeps serving, and nothing the patient sent
(message, sender id, phone number) appears in any log line.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

from bot.channels.never_silent import tidy
from bot.channels.rest import MAX_SENDER_CHARS


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: Dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def post(url: str, body: bytes, headers: Optional[Dict[str, str]] = None, timeout: float = 120) -> Response:
    req = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Response(resp.status, resp.read(), dict(resp.headers))
    except urllib.error.HTTPError as err:
        return Response(err.code, err.read(), dict(err.headers))


def rest_valid(data: Any) -> bool:
    """A body the REST contract accepts: {"sender": non-empty printable string, "message": any text}."""
    if not isinstance(data, dict):
        return False
    sender, message = data.get("sender"), data.get("message")
    return (
        isinstance(sender, str) and bool(sender.strip()) and len(sender) <= MAX_SENDER_CHARS
        and _encodable(sender) and tidy(sender) == sender
        and isinstance(message, str)
    )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def rest_request(data: Any) -> Tuple[bytes, Dict[str, str]]:
    return json.dumps(data).encode("utf-8", "surrogatepass"), {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Webhook:
    name: str
    path: str
    request: Callable[[Any], Tuple[bytes, Dict[str, str]]]  # drawn data -> (body, headers)
    valid: Callable[[Any], bool]  # drawn data the channel must answer with 200
    refused: Tuple[int, ...]  # statuses for everything else

    def send(self, base_url: str, data: Any) -> Response:
        body, headers = self.request(data)
        return post(base_url + self.path, body, headers)


WEBHOOKS = (
    Webhook("rest", "/webhooks/rest/webhook", rest_request, rest_valid, refused=(400, 413)),
)
