"""Twilio (SMS, or WhatsApp through Twilio): `POST /webhooks/twilio/webhook`.

Built on Rasa's own Twilio channel (its name, its settings), which takes any request,
crashes on an empty body and shows button payloads ("1: Yes (/affirm)"). This one:
- takes a request only with a valid X-Twilio-Signature (Twilio's scheme, checked with
  the `twilio` library's RequestValidator over PUBLIC_URL + the path and the form; 403
  and nothing read otherwise), and an empty or odd body is answered, never a crash;
- sends buttons as numbered options ("1. Yes"), and a numeric reply picks one;
- sends through Twilio's REST API at TWILIO_API_BASE (default https://api.twilio.com)
  with aiohttp, retrying what may pass: the library's client has no base-URL setting
  and would block the server while it sends.
Settings from the environment only (CONTRACT.md); without them the channel is off (404).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import parse_qsl

import aiohttp
from multidict import MultiDict
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot import settings
from bot.channels.common import Incoming, numbered_options, plain_links, post_with_retries, split_text, titled
from bot.channels.inbox import HandlingFailed, take
from bot.channels.never_silent import never_silent

logger = logging.getLogger(__name__)

NAME = "twilio"
SMS_LIMIT = 1600  # Twilio refuses longer bodies
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


# ---------------------------------------------------------------- plain functions

def form_params(body: bytes) -> List[Tuple[str, str]]:
    """The form-encoded body's fields, blank ones kept (Twilio signs them too)."""
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return []


def signature_valid(auth_token: str, url: str, params: Sequence[Tuple[str, str]], signature: Optional[str]) -> bool:
    """X-Twilio-Signature: base64 HMAC-SHA1 (auth token) of the URL followed by every
    field's name and value, sorted by name."""
    if not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, MultiDict(params), signature))


def incoming(params: Mapping[str, str]) -> Optional[Incoming]:
    """The patient's message in a webhook's fields; None for a status callback or nothing."""
    sender = params.get("From", "").strip()
    message_id = (params.get("MessageSid") or params.get("SmsMessageSid") or "").strip()
    if not sender or not message_id or ("Body" not in params and params.get("MessageStatus")):
        return None
    body = params.get("Body", "").replace("¡", "@").strip()  # some carriers turn @ into ¡
    if body:
        return Incoming(message_id, sender, body)
    if _count(params.get("NumMedia")) or params.get("Latitude"):
        return Incoming(message_id, sender, None)  # a photo, voice note or location only
    return None


def sender_number(twilio_number: str, recipient: str) -> str:
    """Our number as Twilio wants it: "whatsapp:+44..." when answering on WhatsApp."""
    if recipient.startswith("whatsapp:") and not twilio_number.startswith("whatsapp:"):
        return f"whatsapp:{twilio_number}"
    return twilio_number


def _count(value: Optional[str]) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


# ---------------------------------------------------------------- the Rasa channel

class TwilioOutput(OutputChannel):
    """Sends through Twilio's Messages API; a failure is retried, then logged."""

    @classmethod
    def name(cls) -> str:
        return NAME

    def __init__(self, config: Mapping[str, str]) -> None:
        sid = config["TWILIO_ACCOUNT_SID"]
        self.url = f"{settings.twilio_api_base()}/2010-04-01/Accounts/{sid}/Messages.json"
        self.auth = aiohttp.BasicAuth(sid, config["TWILIO_AUTH_TOKEN"])
        self.number = config["TWILIO_NUMBER"]

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for piece in split_text(plain_links(text), SMS_LIMIT):
            data = {"To": recipient_id, "From": sender_number(self.number, recipient_id), "Body": piece}
            await post_with_retries("Twilio", recipient_id, self.url, data=data, auth=self.auth)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        options = titled(buttons)
        await self.send_text_message(recipient_id, numbered_options(text, options) if options else text)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, image)

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        if isinstance(attachment, str):
            await self.send_text_message(recipient_id, attachment)

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        logger.debug("A custom payload is not sent by Twilio")  # never raw JSON to a patient


class TwilioInput(RasaTwilioInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "TwilioInput":
        config, missing = settings.channel_settings(settings.TWILIO_VARIABLES)
        if config:
            logger.info("Twilio channel on: /webhooks/%s/webhook", NAME)
        elif len(missing) < len(settings.TWILIO_VARIABLES):
            logger.warning("Twilio channel off: %s not set", ", ".join(missing))
        return cls(config)

    def __init__(self, config: Optional[Mapping[str, str]]) -> None:
        config = config or {}
        super().__init__(config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN"),
                         config.get("TWILIO_NUMBER"), debug_mode=False)
        self.config = config or None

    def get_output_channel(self) -> Optional[OutputChannel]:
        return TwilioOutput(self.config) if self.config else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = never_silent(on_new_message)  # every message gets an answer
        hook = Blueprint("twilio_webhook", __name__)

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.config:
                return response.text("Not found", status=404)
            params = form_params(request.body or b"")
            url = self.config["PUBLIC_URL"].rstrip("/") + request.path
            if request.query_string:
                url += "?" + request.query_string
            signature = request.headers.get("X-Twilio-Signature")
            if not signature_valid(self.config["TWILIO_AUTH_TOKEN"], url, params, signature):
                logger.warning("Twilio webhook refused: signature %s", "wrong" if signature else "missing")
                return response.text("Forbidden", status=403)
            message = incoming(dict(params))
            if message is not None:
                try:
                    await take(NAME, message, TwilioOutput(self.config), on_new_message, request.app)
                except HandlingFailed:
                    return response.text("Not handled", status=500)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return hook
