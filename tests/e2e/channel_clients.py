"""A patient's phone for the end-to-end channel tests: it posts what Meta or Twilio would
post (signed as they sign, written out here independently of the bot's code) and reads
back what the bot sent through the stand-in APIs."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import yaml

from tests.e2e.bot_servers import ROOT
from tests.e2e.standins import StandIn

WHATSAPP_PATH = "/webhooks/whatsapp/webhook"
TWILIO_PATH = "/webhooks/twilio/webhook"
PHONE_NUMBER_ID = "109876543210"
SETTINGS = {
    "WHATSAPP_VERIFY_TOKEN": "e2e-verify-token",
    "WHATSAPP_APP_SECRET": "e2e-app-secret",
    "WHATSAPP_ACCESS_TOKEN": "e2e-access-token",
    "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
    "TWILIO_ACCOUNT_SID": "AC" + "e2e0" * 8,
    "TWILIO_AUTH_TOKEN": "e2e-twilio-token",
    "TWILIO_NUMBER": "+447700900999",
}


def channel_env(public_url: str, graph: StandIn, twilio: StandIn) -> Dict[str, str]:
    return {**SETTINGS, "WHATSAPP_API_BASE": graph.url, "TWILIO_API_BASE": twilio.url, "PUBLIC_URL": public_url}


def post(url: str, body: bytes, headers: Dict[str, str]) -> Tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def new_number() -> str:
    return f"447700{uuid.uuid4().int % 10**6:06d}"


@dataclass
class Choice:
    title: str
    answer: str  # what choosing it sends back: a WhatsApp reply id, or the number typed
    kind: str  # "button_reply", "list_reply" or "number"


class WhatsAppPhone:
    """One patient on WhatsApp, talking to the bot through Meta's signed webhook."""

    def __init__(self, bot_url: str, graph: StandIn, number: Optional[str] = None):
        self.url, self.graph, self.number = bot_url + WHATSAPP_PATH, graph, number or new_number()

    def webhook(self, message: Dict[str, Any], message_id: Optional[str] = None) -> bytes:
        message = {"from": self.number, "id": message_id or f"wamid.{uuid.uuid4().hex}",
                   "timestamp": "1700000000", **message}
        value = {"messaging_product": "whatsapp",
                 "metadata": {"display_phone_number": "447700900999", "phone_number_id": PHONE_NUMBER_ID},
                 "contacts": [{"profile": {"name": "Pat"}, "wa_id": self.number}], "messages": [message]}
        return json.dumps({"object": "whatsapp_business_account",
                           "entry": [{"id": "0", "changes": [{"field": "messages", "value": value}]}]}).encode()

    @staticmethod
    def signature(body: bytes, secret: str = SETTINGS["WHATSAPP_APP_SECRET"]) -> str:
        return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    def deliver(self, body: bytes, signature: Optional[str] = "sign") -> Tuple[int, List[Dict[str, Any]]]:
        """POST a webhook body; (status, the messages the bot sent this patient meanwhile)."""
        headers = {"Content-Type": "application/json"}
        if signature:
            headers["X-Hub-Signature-256"] = self.signature(body) if signature == "sign" else signature
        mark = self.graph.mark()
        status, _ = post(self.url, body, headers)
        return status, [r.body for r in self.graph.since(mark, self.number) if r.status == 200]

    def say(self, text: str) -> List[Dict[str, Any]]:
        status, sent = self.deliver(self.webhook({"type": "text", "text": {"body": text}}))
        assert status == 200
        return sent

    def choose(self, choice: Choice) -> List[Dict[str, Any]]:
        if choice.kind == "number":
            return self.say(choice.answer)
        reply = {"id": choice.answer, "title": choice.title}
        status, sent = self.deliver(self.webhook(
            {"type": "interactive", "interactive": {"type": choice.kind, choice.kind: reply}}))
        assert status == 200
        return sent


def whatsapp_choices(sent: List[Dict[str, Any]]) -> List[Choice]:
    """The options in the last message the bot sent that has any."""
    for message in reversed(sent):
        if message["type"] == "interactive":
            action = message["interactive"]["action"]
            if message["interactive"]["type"] == "button":
                return [Choice(b["reply"]["title"], b["reply"]["id"], "button_reply") for b in action["buttons"]]
            return [Choice(row.get("description") or row["title"], row["id"], "list_reply")
                    for section in action["sections"] for row in section["rows"]]
        numbered = numbered_choices(message["text"]["body"])
        if numbered:
            return numbered
    return []


def numbered_choices(text: str) -> List[Choice]:
    """Options written as "1. Yes" lines at the end of a text."""
    lines = text.rstrip().split("\n")
    choices: List[Choice] = []
    while lines and re.match(r"^\d{1,2}\. \S", lines[-1]):
        number, title = lines.pop().split(". ", 1)
        choices.insert(0, Choice(title, number, "number"))
    return choices if choices and choices[0].answer == "1" else []


def whatsapp_shown(sent: List[Dict[str, Any]]) -> str:
    """Everything the patient can read in the messages sent (texts, titles, descriptions)."""
    seen = []
    for message in sent:
        if message["type"] == "text":
            seen.append(message["text"]["body"])
            continue
        interactive = message["interactive"]
        seen += [interactive["body"]["text"], interactive["action"].get("button", "")]
        seen += [b["reply"]["title"] for b in interactive["action"].get("buttons", [])]
        for section in interactive["action"].get("sections", []):
            seen += [f"{row['title']} {row.get('description', '')}" for row in section["rows"]]
    return "\n".join(seen)


class TwilioPhone:
    """One patient texting the bot through Twilio (SMS, or WhatsApp with prefix="whatsapp:")."""

    def __init__(self, bot_url: str, twilio: StandIn, prefix: str = ""):
        self.public_url = bot_url  # PUBLIC_URL: the bot's address as Twilio knows it
        self.twilio, self.number = twilio, f"{prefix}+{new_number()}"

    def fields(self, text: str, message_id: Optional[str] = None, **extra: str) -> Dict[str, str]:
        return {"MessageSid": message_id or f"SM{uuid.uuid4().hex}", "AccountSid": SETTINGS["TWILIO_ACCOUNT_SID"],
                "From": self.number, "To": SETTINGS["TWILIO_NUMBER"], "Body": text, "NumMedia": "0", **extra}

    def signature(self, fields: Dict[str, str], token: str = SETTINGS["TWILIO_AUTH_TOKEN"]) -> str:
        data = self.public_url + TWILIO_PATH + "".join(k + v for k, v in sorted(fields.items()))
        return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()

    def deliver(self, body: bytes, signature: Optional[str]) -> Tuple[int, List[Dict[str, str]]]:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature:
            headers["X-Twilio-Signature"] = signature
        mark = self.twilio.mark()
        status, _ = post(self.public_url + TWILIO_PATH, body, headers)
        return status, [r.body for r in self.twilio.since(mark, self.number) if r.status == 201]

    def send(self, fields: Dict[str, str]) -> Tuple[int, List[Dict[str, str]]]:
        return self.deliver(urllib.parse.urlencode(fields).encode(), self.signature(fields))

    def say(self, text: str) -> List[Dict[str, str]]:
        status, sent = self.send(self.fields(text))
        assert status == 200
        return sent


def leaked_internals(shown: str) -> List[str]:
    """Payload syntax or intent names in text a patient reads (there should be none)."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    intents = [i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])]
    found = re.findall(r"(?:^|\s)(/[a-z_]{3,})", shown) + re.findall(r'\{"', shown)
    return found + [i for i in intents if "_" in i and i in shown]
