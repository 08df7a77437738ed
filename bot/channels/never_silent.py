"""Every patient's message gets an answer: the one wrapper each input channel uses.

A channel wraps the `on_new_message` callable Rasa gives its blueprint, and hands every
message to the wrapped one::

    def blueprint(self, on_new_message):
        on_new_message = never_silent(on_new_message)
        ...
        await on_new_message(UserMessage(text, output_channel, sender_id, input_channel=...))

A channel built on one of Rasa's (Socket.IO, Twilio) needs only::

    def blueprint(self, on_new_message):
        return super().blueprint(never_silent(on_new_message))

For each message the wrapper:

- tidies the text (control characters out, broken Unicode replaced) and declares the text
  and the sender id to the log privacy layer (bot.log_privacy) for the whole turn;
- a message over `settings.max_message_chars()` is not read: the patient is asked, kindly,
  to send it in shorter parts (outcome TOO_LONG);
- a sender over the flood limits (bot.channels.throttle) is asked to slow down and the
  message is not read (THROTTLED; the REST channel answers 429);
- otherwise Rasa handles the message. If that raised, ran past `settings.turn_seconds()`,
  or sent the patient nothing at all (the action server or the database down, a bug), the
  patient gets a short apology with the clinic's contacts (APOLOGISED). It never raises
  for a failed turn: the patient has been answered.

Red flags do not depend on this: the urgent advice comes from the Rasa server's own
responses, so it is sent even when the action server is down.
"""
from __future__ import annotations

import asyncio
import enum
import logging
import re
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import clinic, log_privacy, settings
from bot.channels import throttle

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# C0 and C1 control characters other than tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Outcome(enum.Enum):
    ANSWERED = "answered"
    APOLOGISED = "apologised"
    TOO_LONG = "too_long"
    THROTTLED = "throttled"


def apology_text() -> str:
    return (
        "Sorry, I can't answer that properly right now: something went wrong on our side. "
        "Please try again in a few minutes, or contact the clinic directly:\n"
        f"{clinic.contact_lines()}\n"
        "If it's an emergency, call 999."
    )


def too_long_text(limit: int) -> str:
    return (
        f"That message is longer than I can read at once (over {limit:,} characters). "
        "Could you send it again in shorter parts? A few sentences at a time is perfect."
    )


def slow_down_text() -> str:
    return (
        "You've sent a lot of messages very quickly, so I've skipped the last one. "
        "Please wait a few seconds, then send your answer again."
    )


def tidy(text: str) -> str:
    """The text without control characters (they become spaces) and with any broken
    Unicode (lone surrogates) replaced, so storage and logging always accept it."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub(" ", text)


def _watch(out: OutputChannel) -> list[int]:
    """Count what the turn sends through `out` (every bot message goes through send_response)."""
    sent: list[int] = []
    original = out.send_response

    async def send_response(recipient_id: str, message: dict[str, Any]) -> None:
        sent.append(1)
        await original(recipient_id, message)

    out.send_response = send_response
    return sent


async def handle(on_new_message: OnNewMessage, message: UserMessage) -> Outcome:
    """Hand one message to Rasa so that the patient always gets an answer (module doc)."""
    out, sender = message.output_channel, message.sender_id
    with throttle.shared().turn(sender) as admitted:
        if not admitted:  # checked first: a flood must cost as little as possible
            await out.send_text_message(sender, slow_down_text())
            return Outcome.THROTTLED
        limit = settings.max_message_chars()
        if isinstance(message.text, str) and len(message.text) > limit:  # nothing of it is read
            logger.info("A message over %d characters was not read; the patient was asked to shorten it", limit)
            await out.send_text_message(sender, too_long_text(limit))
            return Outcome.TOO_LONG
        message.text = tidy(message.text) if isinstance(message.text, str) else message.text
        with log_privacy.sensitive(message.text, sender):
            return await _turn(on_new_message, message)


async def _turn(on_new_message: OnNewMessage, message: UserMessage) -> Outcome:
    out = message.output_channel
    sent = _watch(out)
    try:
        await asyncio.wait_for(on_new_message(message), settings.turn_seconds())
    except asyncio.TimeoutError:
        logger.error("A turn ran over %s s and was stopped", settings.turn_seconds())
    except Exception as exc:  # the patient is answered below; details at DEBUG
        logger.error("A turn failed (%s)", type(exc).__name__)
        logger.debug("Turn failure details", exc_info=True)
    if sent:
        return Outcome.ANSWERED
    logger.warning("A turn produced no reply: the patient got the apology")
    await out.send_text_message(message.sender_id, apology_text())
    return Outcome.APOLOGISED


def never_silent(on_new_message: OnNewMessage) -> Callable[[UserMessage], Awaitable[Outcome]]:
    """`on_new_message`, wrapped so that every message gets an answer (module doc)."""

    async def wrapped(message: UserMessage) -> Outcome:
        return await handle(on_new_message, message)

    return wrapped
