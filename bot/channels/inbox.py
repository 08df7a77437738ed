"""Handing one channel message to the bot, the same way for WhatsApp and Twilio:
taken once (bot.channels.dedup), a photo or voice note answered kindly, a numeric reply
turned into the option it numbers, and a failure released so the redelivery is taken.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, List, Mapping

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels import dedup
from bot.channels.common import (
    ONLY_TEXT,
    Incoming,
    chosen_number,
    last_offered_buttons,
    log_id,
    numbered_choice,
    typed_text,
)

logger = logging.getLogger(__name__)


class HandlingFailed(Exception):
    """The bot could not handle a message; it was released for redelivery."""


async def take(
    channel: str,
    message: Incoming,
    out: OutputChannel,
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    app: Any,
) -> bool:
    """Hand one message to the bot. False if it was taken before (a redelivery).

    Text None: something the bot cannot read. A chosen answer (a button we sent) is
    passed on as it is; typed text loses leading slashes (bot.channels.common).
    Raises HandlingFailed when the bot failed (the message can then be delivered again).
    """
    message_id, sender, text = message.message_id, message.sender, message.text
    if not await asyncio.to_thread(dedup.first_delivery, channel, message_id):
        logger.info("%s delivered a message from %s again: already taken", channel, log_id(sender))
        return False
    try:
        if text is None:
            await out.send_text_message(sender, ONLY_TEXT)
            return True
        answer = text.strip() if message.chosen else await _typed(typed_text(text), sender, app)
        if answer:
            await on_new_message(UserMessage(answer, out, sender, input_channel=channel))
        return True
    except Exception as exc:  # the next delivery may succeed: let it be taken
        await asyncio.to_thread(dedup.release, channel, message_id)
        logger.error("%s message from %s not handled (%s)", channel, log_id(sender), type(exc).__name__)
        logger.debug("details", exc_info=True)
        raise HandlingFailed() from exc


async def _typed(text: str, sender: str, app: Any) -> str:
    """A numeric reply to a message with options becomes that option's answer."""
    number = chosen_number(text)
    if number is None:
        return text
    return numbered_choice(number, await offered_buttons(app, sender)) or text


async def offered_buttons(app: Any, sender: str) -> List[Mapping[str, Any]]:
    """The options the bot last offered this sender, from the tracker store."""
    store = getattr(getattr(app.ctx, "agent", None), "tracker_store", None)
    if store is None:
        return []
    try:
        tracker = await store.retrieve(sender)
    except Exception as exc:  # the reply is then read as typed text
        logger.warning("Could not read the options last offered (%s)", type(exc).__name__)
        return []
    return last_offered_buttons(tracker.events) if tracker else []
