"""The WhatsApp Cloud API channel: `/webhooks/whatsapp/webhook` on the Rasa server.

credentials.yml names it (`bot.channels.whatsapp.WhatsAppInput:`); its settings come from
the environment only (CONTRACT.md: WHATSAPP_*). Without all of them the channel is off:
its URL answers 404 and it sends nothing.

GET is Meta's verification handshake. POST is taken only with a valid
X-Hub-Signature-256 (403 otherwise, nothing read); each message is taken once
(bot.channels.inbox) and the answers go out through the Graph API at WHATSAPP_API_BASE.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.channels import whatsapp_api
from bot.channels.common import post_with_retries
from bot.channels.inbox import HandlingFailed, take
from bot.channels.never_silent import never_silent

logger = logging.getLogger(__name__)

NAME = "whatsapp"


class WhatsAppOutput(OutputChannel):
    """Sends the bot's messages through the Graph API; a failure is retried, then logged."""

    @classmethod
    def name(cls) -> str:
        return NAME

    def __init__(self, config: Mapping[str, str]) -> None:
        self.url = f"{config['WHATSAPP_API_BASE'].rstrip('/')}/{config['WHATSAPP_PHONE_NUMBER_ID']}/messages"
        self.headers = {"Authorization": f"Bearer {config['WHATSAPP_ACCESS_TOKEN']}"}

    async def _send(self, recipient_id: str, messages: List[Dict[str, Any]]) -> None:
        for message in messages:
            await post_with_retries("WhatsApp", recipient_id, self.url, json=message, headers=self.headers)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, whatsapp_api.text_messages(recipient_id, text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, whatsapp_api.messages_for(recipient_id, text, buttons))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, image)

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        if isinstance(attachment, str):
            await self.send_text_message(recipient_id, attachment)

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        logger.debug("A custom payload is not sent on WhatsApp")  # never raw JSON to a patient


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "WhatsAppInput":
        config, missing = settings.channel_settings(settings.WHATSAPP_VARIABLES)
        if config:
            logger.info("WhatsApp channel on: /webhooks/%s/webhook", NAME)
        elif len(missing) < len(settings.WHATSAPP_VARIABLES):
            logger.warning("WhatsApp channel off: %s not set", ", ".join(missing))
        return cls(config)

    def __init__(self, config: Optional[Mapping[str, str]]) -> None:
        self.config = config

    def get_output_channel(self) -> Optional[OutputChannel]:
        return WhatsAppOutput(self.config) if self.config else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = never_silent(on_new_message)  # every message gets an answer
        hook = Blueprint("whatsapp_webhook", __name__)

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.config:
                return response.text("Not found", status=404)
            params = {key: request.args.get(key) for key in request.args}
            challenge = whatsapp_api.verification_answer(params, self.config["WHATSAPP_VERIFY_TOKEN"])
            if challenge is None:
                logger.warning("WhatsApp verification refused: wrong verify token")
                return response.text("Forbidden", status=403)
            return response.text(challenge)

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.config:
                return response.text("Not found", status=404)
            body = request.body or b""
            signature = request.headers.get("X-Hub-Signature-256")
            if not whatsapp_api.signature_valid(self.config["WHATSAPP_APP_SECRET"], body, signature):
                logger.warning("WhatsApp webhook refused: signature %s", "wrong" if signature else "missing")
                return response.text("Forbidden", status=403)
            try:
                payload = json.loads(body)
            except ValueError:  # UnicodeDecodeError is one
                return response.text("The body is not JSON", status=400)
            messages, failures = whatsapp_api.incoming_messages(payload, self.config["WHATSAPP_PHONE_NUMBER_ID"])
            if failures:
                logger.warning("WhatsApp could not deliver %d message(s) (error codes %s)", len(failures), failures)
            out = WhatsAppOutput(self.config)
            for message in messages:
                try:
                    await take(NAME, message, out, on_new_message, request.app)
                except HandlingFailed:  # Meta delivers the webhook again; taken messages are skipped
                    return response.text("Not handled", status=500)
            return response.text("OK")

        return hook
