"""The one home for J&J Therapy's own facts: contact details, opening hours, languages.

Every number, address and time here is copied exactly from the clinic's page
(shared/seeds/000_…txt). No other file in the project spells them out: import them
from here. The functions return the short texts the bot uses; the wording is ours.

Nothing runs at import time beyond building these constants.
"""
from __future__ import annotations

import re
from datetime import time
from types import MappingProxyType
from typing import Mapping, Optional, Tuple

CLINIC_NAME = "J&J Therapy"

# Contact, exactly as the page gives them (the email's spelling is the clinic's own).
PHONE = "07935 869938"  # WhatsApp and text
EMAIL = "JJTHERPAY365@gmail.com"
WHATSAPP_LINK = "https://wa.me/447935869938"

TIMEZONE = "Europe/London"

LANGUAGES = ("English", "Korean")

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

OpeningSpan = Tuple[time, time]

# Weekday (datetime.weekday(): Monday is 0) -> (opening time, closing time), or None
# when closed all day. Times are clinic (UK) local time; the clinic is open from the
# opening time up to, not including, the closing time.
OPENING_HOURS: Mapping[int, Optional[OpeningSpan]] = MappingProxyType(
    {
        0: None,  # Monday: closed
        1: (time(11, 0), time(21, 40)),  # Tuesday
        2: (time(9, 0), time(19, 40)),  # Wednesday
        3: (time(9, 0), time(19, 40)),  # Thursday
        4: (time(9, 0), time(19, 40)),  # Friday
        5: (time(9, 0), time(19, 40)),  # Saturday
        6: (time(9, 0), time(18, 20)),  # Sunday
    }
)

# What the page does not say: words a patient would use -> how we name the topic.
_UNKNOWN_TOPICS = (  # checked in order: "where can I park" is about parking
    (("parking", "park", "car"), "parking"),
    (("insurance", "insurer", "insured", "bupa", "axa", "vitality", "aviva", "cigna"),
     "which insurers the clinic works with"),
    (("nhs",), "whether sessions are available on the NHS"),
    (("price", "prices", "cost", "costs", "fee", "fees", "much", "charge", "pay"),
     "prices"),
    (("wheelchair", "access", "accessible", "stairs"), "access details"),
    (("holiday", "holidays", "christmas", "easter"), "holiday opening"),
    (("address", "location", "located", "where", "postcode", "based", "directions", "find"),
     "the clinic's address"),
)


def format_time(value: time) -> str:
    """A clock time the way a patient reads it: 9:00 am, 9:40 pm, 12:00 pm."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d} {suffix}"


def span_text(span: Optional[OpeningSpan]) -> str:
    """One day's hours, e.g. "9:00 am–7:40 pm", or "closed"."""
    if span is None:
        return "closed"
    return f"{format_time(span[0])}–{format_time(span[1])}"


def hours_text() -> str:
    """The whole week, one line per run of days with the same hours, Monday first."""
    lines = []
    start = 0
    for day in range(1, 8):
        if day < 7 and OPENING_HOURS[day] == OPENING_HOURS[start]:
            continue
        first, last = DAY_ABBREVIATIONS[start], DAY_ABBREVIATIONS[day - 1]
        days = first if start == day - 1 else f"{first}–{last}"
        lines.append(f"{days} {span_text(OPENING_HOURS[start])}")
        start = day
    return "\n".join(lines)


def languages_text() -> str:
    """Which languages sessions are offered in."""
    return f"Sessions are available in {' and '.join(LANGUAGES)}."


def contact_lines() -> str:
    """Phone, email and WhatsApp link, each on its own short line."""
    return "\n".join(
        [
            f"WhatsApp or text: {PHONE}",
            f"Email: {EMAIL}",
            f"WhatsApp link: {WHATSAPP_LINK}",
        ]
    )


def _topic_name(topic: Optional[str]) -> str:
    words = set(re.findall(r"[a-z]+", (topic or "").lower()))
    for keys, name in _UNKNOWN_TOPICS:
        if words.intersection(keys):
            return name
    return "that detail"


def unknown_detail_text(topic: Optional[str] = None) -> str:
    """A reply for what the clinic's page does not list (address, prices, insurance…).

    Never guesses: says the page doesn't give it and how to ask the clinic directly.
    """
    name = _topic_name(topic)
    return (
        f"I'm afraid our page doesn't list {name}, and I'd rather not guess.\n\n"
        "The team will happily tell you: send a WhatsApp or text to "
        f"{PHONE}, or email {EMAIL}.\n"
        f"{WHATSAPP_LINK}"
    )
