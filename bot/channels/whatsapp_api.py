"""The WhatsApp Cloud API's shapes, as plain functions: Meta's verification handshake,
the webhook signature, the messages a webhook delivers, and the messages we send.

Outgoing choices: reply buttons for at most 3 options with titles of at most 20
characters; a list message for up to 10 (a long title shortened, in full underneath);
numbered text beyond that, which a numeric reply answers (bot.channels.common).
A choice's id is the button's payload, so a tap answers exactly what was tapped, even
on an older message; the patient sees titles only.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.channels.common import Incoming, answer_of, numbered_options, plain_links, split_text, titled

TEXT_LIMIT = 4096
BODY_LIMIT = 1024  # an interactive message's text
MAX_BUTTONS, BUTTON_TITLE = 3, 20
MAX_ROWS, ROW_TITLE, ROW_DESCRIPTION = 10, 24, 72
ID_LIMIT = 200
LIST_BUTTON = "Choose one"


# ---------------------------------------------------------------- verification and signature

def verification_answer(params: Mapping[str, Any], verify_token: str) -> Optional[str]:
    """hub.challenge when Meta's GET carries our verify token (hub.mode=subscribe), else None."""
    token = str(params.get("hub.verify_token") or "")
    challenge = str(params.get("hub.challenge") or "")
    if params.get("hub.mode") != "subscribe" or not token or not challenge:
        return None
    same = hmac.compare_digest(token.encode("utf-8"), verify_token.encode("utf-8"))
    return challenge if same else None


def signature_valid(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """X-Hub-Signature-256 is "sha256=" + HMAC-SHA256(app secret, raw body), in hex."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    given = header[len("sha256="):].strip().lower()
    return hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8", "replace"))


# ---------------------------------------------------------------- what a webhook delivers

IGNORED_TYPES = {"reaction", "system", "ephemeral", "request_welcome"}


def incoming_messages(payload: Any, phone_number_id: str) -> Tuple[List[Incoming], List[Any]]:
    """The patients' messages to our number in a webhook body, and the error codes of
    failed-delivery statuses. Any other shape is ignored, never an exception."""
    messages: List[Incoming] = []
    failures: List[Any] = []
    for value in _values(payload):
        metadata = _dict(value.get("metadata"))
        if str(metadata.get("phone_number_id", "")) != phone_number_id:
            continue  # another number of the same business account
        for status in _list(value.get("statuses")):
            if _dict(status).get("status") == "failed":
                failures += [_dict(e).get("code") for e in _list(_dict(status).get("errors"))] or [None]
        for message in _list(value.get("messages")):
            parsed = _incoming(_dict(message))
            if parsed is not None:
                messages.append(parsed)
    return messages, failures


def _values(payload: Any) -> List[Dict[str, Any]]:
    values = []
    for entry in _list(_dict(payload).get("entry")):
        for change in _list(_dict(entry).get("changes")):
            if _dict(change).get("field", "messages") == "messages":
                values.append(_dict(_dict(change).get("value")))
    return values


def _incoming(message: Dict[str, Any]) -> Optional[Incoming]:
    message_id, sender, kind = (str(message.get(k) or "") for k in ("id", "from", "type"))
    if not message_id or not sender or kind in IGNORED_TYPES:
        return None
    if kind == "text":
        body = str(_dict(message.get("text")).get("body") or "").strip()
        return Incoming(message_id, sender, body) if body else None
    if kind == "interactive":
        interactive = _dict(message.get("interactive"))
        reply = _dict(interactive.get("button_reply") or interactive.get("list_reply"))
        answer = str(reply.get("id") or reply.get("title") or "").strip()
        return Incoming(message_id, sender, answer or None, chosen=bool(answer))
    if kind == "button":  # a quick reply on a template message
        button = _dict(message.get("button"))
        answer = str(button.get("payload") or button.get("text") or "").strip()
        return Incoming(message_id, sender, answer or None, chosen=bool(answer))
    return Incoming(message_id, sender, None)  # image, audio, video, document, sticker, ...


def _dict(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> List[Any]:
    return value if isinstance(value, list) else []


# ---------------------------------------------------------------- what we send

def text_messages(to: str, text: str) -> List[Dict[str, Any]]:
    """Text messages (links as plain text, no link previews), split to WhatsApp's limit."""
    return [
        {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
         "type": "text", "text": {"preview_url": False, "body": piece}}
        for piece in split_text(plain_links(text), TEXT_LIMIT)
    ]


def messages_for(to: str, text: str, buttons: Optional[Sequence[Mapping[str, Any]]]) -> List[Dict[str, Any]]:
    """What to send for a bot message with buttons: reply buttons, a list, or numbered text."""
    options = titled(buttons)
    text = plain_links(text or "")
    if not options:
        return text_messages(to, text)
    titles = [str(b["title"]).strip() for b in options]
    ids = [_choice_id(b) for b in options]
    head, body = _split_body(text)
    interactive = None
    if body and len(set(ids)) == len(ids) and len(set(titles)) == len(titles):
        if len(options) <= MAX_BUTTONS and max(map(len, titles)) <= BUTTON_TITLE:
            interactive = {"type": "button", "body": {"text": body}, "action": {"buttons": [
                {"type": "reply", "reply": {"id": i, "title": t}} for i, t in zip(ids, titles)]}}
        elif len(options) <= MAX_ROWS and max(map(len, titles)) <= ROW_DESCRIPTION:
            interactive = {"type": "list", "body": {"text": body}, "action": {
                "button": LIST_BUTTON, "sections": [{"rows": [_row(i, t) for i, t in zip(ids, titles)]}]}}
    if interactive is None:
        return text_messages(to, numbered_options(text, options))
    head_messages = text_messages(to, head) if head else []
    return head_messages + [{"messaging_product": "whatsapp", "recipient_type": "individual",
                             "to": to, "type": "interactive", "interactive": interactive}]


def _choice_id(button: Mapping[str, Any]) -> str:
    answer = answer_of(button)
    return answer if len(answer) <= ID_LIMIT else str(button["title"]).strip()[:ID_LIMIT]


def _row(choice_id: str, title: str) -> Dict[str, str]:
    if len(title) <= ROW_TITLE:
        return {"id": choice_id, "title": title}
    cut = title[: ROW_TITLE - 1].rsplit(" ", 1)[0].rstrip(" ,:;-")
    return {"id": choice_id, "title": f"{cut}…", "description": title}


def _split_body(text: str) -> Tuple[str, str]:
    """(what goes before as plain text, an interactive message's text): the last
    paragraph carries the buttons when the whole is too long for one."""
    if len(text) <= BODY_LIMIT:
        return "", text.strip()
    head, _, last = text.strip().rpartition("\n\n")
    return (head, last.strip()) if len(last.strip()) <= BODY_LIMIT else (text, "")
