"""What the WhatsApp and Twilio channels share: reading what a patient typed, numbered
options and the numeric replies that pick them, text split to a channel's size limit,
pseudonymous log ids, and sending to a messaging API with retries.

Plain functions; only `post_with_retries` does I/O.
"""
from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Sequence

from bot.privacy import conversation_key

logger = logging.getLogger(__name__)

# Said when a patient sends what the bot cannot read (a photo, a voice note, a sticker).
ONLY_TEXT = ("Sorry, I can only read typed messages, not photos, voice notes or files. "
             "Please type your answer, or choose one of the options.")

SEND_ATTEMPTS = 3
RETRY_DELAYS_S = (0.5, 1.0)  # before the 2nd and the 3rd attempt
SEND_TIMEOUT_S = 15.0

_NUMBER_REPLY = re.compile(r"^\s*(?:option\s*)?#?(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")


@dataclass(frozen=True)
class Incoming:
    """One message a patient sent, as a channel delivered it."""

    message_id: str
    sender: str  # the channel's id for the patient (a phone number): never log it
    text: Optional[str]  # what the bot reads; None for what it cannot (photo, voice note)
    chosen: bool = False  # text is the answer of a button we sent, not typed


def log_id(sender_id: str) -> str:
    """What logs show instead of a sender id (a phone number): the start of its HMAC."""
    return conversation_key(sender_id)[:12]


def typed_text(text: Optional[str]) -> str:
    """A typed message as the bot should read it: leading slashes removed, because Rasa
    takes "/intent{...}" as an instruction, and only the buttons we send may give those."""
    return (text or "").strip().lstrip("/").strip()


def plain_links(text: str) -> str:
    """Markdown links as the label and the bare URL: messaging apps show URLs as they are."""
    return _MARKDOWN_LINK.sub(lambda m: f"{m.group(1)}: {m.group(2)}", text)


def titled(buttons: Optional[Iterable[Mapping[str, Any]]]) -> List[Mapping[str, Any]]:
    """The buttons a patient can be shown: those with a title (a payload is never shown)."""
    return [b for b in buttons or [] if str(b.get("title") or "").strip()]


def answer_of(button: Mapping[str, Any]) -> str:
    """What choosing a button sends to the bot: its payload, else its title."""
    return str(button.get("payload") or "").strip() or str(button.get("title")).strip()


def numbered_options(text: str, buttons: Sequence[Mapping[str, Any]]) -> str:
    """The message followed by its options as "1. Left", "2. Right", ..."""
    options = "\n".join(f"{i}. {str(b['title']).strip()}" for i, b in enumerate(buttons, 1))
    return f"{text.rstrip()}\n\n{options}" if text.strip() else options


def chosen_number(text: str) -> Optional[int]:
    """The number in a reply such as "2", "2.", "#2" or "option 2"; None for other text."""
    match = _NUMBER_REPLY.match(text or "")
    return int(match.group(1)) if match else None


def numbered_choice(number: int, buttons: Sequence[Mapping[str, Any]]) -> Optional[str]:
    """The answer the option with this number sends, or None if there is no such option."""
    return answer_of(buttons[number - 1]) if 1 <= number <= len(buttons) else None


def last_offered_buttons(events: Iterable[Any]) -> List[Mapping[str, Any]]:
    """The options of the bot's last message with buttons since the patient last wrote."""
    offered: List[Mapping[str, Any]] = []
    for event in events:
        kind = getattr(event, "type_name", None)
        if kind == "user":
            offered = []
        elif kind == "bot":
            buttons = titled((getattr(event, "data", None) or {}).get("buttons"))
            if buttons:
                offered = buttons
    return offered


def split_text(text: str, limit: int) -> List[str]:
    """`text` in pieces of at most `limit` characters, cut between paragraphs, lines or
    words where possible."""
    pieces: List[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut if cut > limit // 2 else limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def retryable(status: Optional[int]) -> bool:
    """A failure worth trying again: no answer, rate limited, or a server error."""
    return status is None or status == 429 or status >= 500


async def post_with_retries(what: str, recipient: str, url: str, **request: Any) -> bool:
    """POST to a messaging API, retrying a failure that may pass. True when accepted.

    Never raises: a message that cannot be delivered is logged (the API's status and
    error code; never the recipient or the text) and the conversation goes on.
    """
    import aiohttp

    status: Optional[int] = None
    detail = ""
    timeout = aiohttp.ClientTimeout(total=SEND_TIMEOUT_S)
    for attempt in range(SEND_ATTEMPTS):
        if attempt:
            await asyncio.sleep(RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S)) - 1])
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(url, **request) as response:
                    status = response.status
                    if status < 300:
                        return True
                    detail = _error_code(await response.text())
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            status, detail = None, type(exc).__name__
        if not retryable(status):
            break
        logger.debug("%s send attempt %d failed (status %s)", what, attempt + 1, status)
    logger.error("%s message to %s not delivered: status %s %s after %d attempt(s)",
                 what, log_id(recipient), status, detail, attempt + 1)
    return False


def _error_code(body: str) -> str:
    """The API's error code from its JSON answer, without its message (it may quote us)."""
    import json

    try:
        error = json.loads(body)
    except ValueError:
        return ""
    if isinstance(error, dict):
        error = error.get("error", error)
    code = error.get("code") if isinstance(error, dict) else None
    return f"(error code {code})" if code is not None else ""
