"""The REST channel (`POST /webhooks/rest/webhook`), checked before Rasa sees anything.

Registered in credentials.yml as ``bot.channels.rest.RestInput`` in place of Rasa's
``rest``; same name, so the same path, and for a valid request the same answer:
``{"sender": ID, "message": TEXT}`` -> ``[{"recipient_id", "text", "buttons"?}, ...]``.

What Rasa's own RestInput did with bad input, and what happens here instead:

| request | Rasa 3.6 | here |
|---|---|---|
| body over `settings.max_body_bytes()` | read whole, then handled | 413, not read past the limit |
| empty body, not JSON, a JSON list/number | 500 | 400 with a short explanation |
| no `sender` (or not a string) | joins one shared "default" conversation | 400 |
| no `message`, null, a number, a list | 200 with `[]` | 400 |
| metadata nested 500 deep | RecursionError | `metadata` and `input_channel` are not taken from the body |
| message over `settings.max_message_chars()` | read (41 s and 5.8 GB for 1 MB) | 200, asked kindly to shorten it; not read |
| one sender flooding | queued behind their lock, slowing everyone | 429 with a "slow down" message and Retry-After |
| a failed or silent turn | 200 with `[]` | 200 with the apology and the clinic's contacts |
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.channels import never_silent as ns
from bot.channels import throttle

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 256
CONTRACT = 'send {"sender": "<conversation id>", "message": "<text>"} as JSON'


class BadRequest(Exception):
    """A request the contract does not allow; its text is the explanation sent back."""


async def read_body(request: Request, limit: int) -> Optional[bytes]:
    """The request body, or None when it is longer than `limit` (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    if request.stream is None:  # the body was read already
        return request.body if len(request.body) <= limit else None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.stream.read()
        if chunk is None:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


def parse(body: bytes) -> tuple[str, str]:
    """(sender, message) from a webhook body, or BadRequest saying what is wrong."""
    if not body.strip():
        raise BadRequest(f"The body is empty: {CONTRACT}.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest(f"The body is not valid JSON: {CONTRACT}.") from None
    if not isinstance(data, dict):
        raise BadRequest(f"The body must be a JSON object: {CONTRACT}.")
    sender, message = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(f'"sender" is missing or not a string: {CONTRACT}.')
    if len(sender) > MAX_SENDER_CHARS or ns.tidy(sender) != sender:
        raise BadRequest(f'"sender" must be at most {MAX_SENDER_CHARS} printable characters.')
    if not isinstance(message, str):
        raise BadRequest(f'"message" is missing or not a string: {CONTRACT}.')
    return sender, message  # an empty message is the bot's to answer, kindly


class RestInput(InputChannel):
    """Rasa's REST channel contract, with the checks above."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        guarded = ns.never_silent(on_new_message)
        webhook = Blueprint("patient_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request, guarded)

        return webhook

    async def receive(
        self, request: Request, guarded: Callable[[UserMessage], Awaitable[ns.Outcome]]
    ) -> HTTPResponse:
        limit = settings.max_body_bytes()
        body = await read_body(request, limit)
        if body is None:
            return response.json(
                {"error": f"The request is larger than {limit:,} bytes: send one short message at a time."},
                status=413, headers={"Connection": "close"},
            )
        try:
            sender, text = parse(body)
        except BadRequest as problem:
            return response.json({"error": str(problem)}, status=400)
        collector = CollectingOutputChannel()
        outcome = await guarded(UserMessage(text, collector, sender, input_channel=self.name()))
        messages: list[dict[str, Any]] = collector.messages
        if outcome is ns.Outcome.THROTTLED:
            wait = throttle.shared().retry_after(sender)
            return response.json(messages, status=429, headers={"Retry-After": str(wait)})
        return response.json(messages)

