""""Are you open now?": the clinic's opening hours in its own time zone (UK time).

Pure functions: every one takes the moment to reason about (``now`` is injectable and
only defaults to the real clock), works in any time zone, and answers in UK time, so
British Summer Time and the clock changes are handled by ``zoneinfo``.

``parse_when`` reads a question into a :class:`When` (a day, with a clock time or a
part of the day, or "right now"), or ``None`` when the question names no day or time
(answer with the whole week). ``answer_when`` turns a question into the bot's reply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

from bot.clinic import (
    DAY_NAMES,
    OPENING_HOURS,
    TIMEZONE,
    OpeningSpan,
    format_time,
    hours_text,
    span_text,
)

# Parts of the day a patient may name without a clock time: [start, end).
PARTS_OF_DAY = {
    "morning": (time(6, 0), time(12, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), time(23, 59)),
}


@dataclass(frozen=True)
class When:
    """What an opening-hours question asks about, in clinic (UK) time.

    day:    the calendar date asked about (UK date).
    time:   the clock time asked about, or None when no clock time was given.
    part:   "morning", "afternoon" or "evening" when named without a clock time.
    is_now: True for "are you open now?" (day and time are then the present moment).
    """

    day: date
    time: Optional[time] = None
    part: Optional[str] = None
    is_now: bool = False

    def moment(self) -> Optional[datetime]:
        """The aware UK datetime asked about, or None when only a day was asked about."""
        if self.time is None:
            return None
        return datetime.combine(self.day, self.time, tzinfo=clinic_zone())


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(TIMEZONE)  # zoneinfo caches instances itself


def _local(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("need a time-zone-aware datetime")
    return at.astimezone(clinic_zone())


def _opening_span(day: date) -> Optional[OpeningSpan]:
    return OPENING_HOURS[day.weekday()]


def is_open(at: datetime) -> bool:
    """Whether the clinic is open at ``at`` (aware, any zone): from opening up to closing."""
    local = _local(at)
    span = _opening_span(local.date())
    return span is not None and span[0] <= local.time() < span[1]


def closing_time(at: datetime) -> Optional[datetime]:
    """When the clinic closes, if it is open at ``at``; otherwise None."""
    if not is_open(at):
        return None
    local = _local(at)
    span = _opening_span(local.date())
    return None if span is None else datetime.combine(local.date(), span[1], tzinfo=clinic_zone())


def next_opening(at: datetime) -> datetime:
    """The next opening time at or after ``at``, as an aware UK datetime.

    When the clinic is open at ``at`` this is the start of the next opening day.
    """
    local = _local(at)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        span = _opening_span(day)
        if span is None:
            continue
        opens = datetime.combine(day, span[0], tzinfo=clinic_zone())
        if opens >= local:
            return opens
    raise AssertionError("the clinic opens at least once a week")  # pragma: no cover


def _day_label(day: date, today: date) -> str:
    """"today", "tomorrow (Tuesday)" or "Tuesday"."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return f"tomorrow ({DAY_NAMES[day.weekday()]})"
    return DAY_NAMES[day.weekday()]


def _now(now: Optional[datetime]) -> datetime:
    return _local(now) if now is not None else datetime.now(clinic_zone())


def open_now_text(now: Optional[datetime] = None) -> str:
    """"Are you open now?", answered in UK time."""
    local = _now(now)
    closes = closing_time(local)
    if closes is not None:
        return f"Yes, we're open now until {format_time(closes.time())} (UK time)."
    opens = next_opening(local)
    when = f"{_day_label(opens.date(), local.date())} at {format_time(opens.time())}"
    if _opening_span(local.date()) is None:
        reason = f" ({DAY_NAMES[local.weekday()]}s we're closed)"
    elif opens.date() == local.date():
        reason = ""
    else:
        span = _opening_span(local.date())
        reason = f" (we closed at {format_time(span[1])})" if span else ""
    return f"We're closed right now{reason}; we next open {when} (UK time)."


# --- reading the question ------------------------------------------------------------

_WEEKDAYS = {
    **{name.lower(): i for i, name in enumerate(DAY_NAMES)},
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3,
    "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
    "tuseday": 1, "wednesay": 2, "wensday": 2, "wednsday": 2, "thursay": 3, "thrusday": 3,
    "saterday": 5, "satuday": 5, "sundy": 6,
    "월요일": 0, "화요일": 1, "수요일": 2, "목요일": 3, "금요일": 4, "토요일": 5, "일요일": 6,
}
_WEEKDAY_RE = re.compile(
    r"(?<!\w)(?P<next>next\s+)?(?P<day>"
    + "|".join(sorted(map(re.escape, _WEEKDAYS), key=len, reverse=True))
    + r")(?:'?s)?(?!\w)"
)
_TODAY_RE = re.compile(r"(?<!\w)(today|tonight|this (morning|afternoon|evening)|오늘)(?!\w)")
_TOMORROW_RE = re.compile(r"(?<!\w)(tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmw|내일)(?!\w)")
_NOW_RE = re.compile(
    r"(?<!\w)(now|rn|right now|at the moment|atm|currently|still open|지금)(?!\w)"
)
# A bare hour ("at 9") counts only after one of these words ("for 2 weeks" is no time).
_INTRODUCED_RE = re.compile(
    r"(?<!\w)(at|around|about|by|before|after|till|until|til|from|@)\s*$"
)
_PART_RE = re.compile(r"(?<!\w)(morning|afternoon|evening|tonight|late|night)(?!\w)")
_PART_ALIASES = {"tonight": "evening", "late": "evening", "night": "evening"}
_CLOCK_RE = re.compile(
    r"(?<![\w:.])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?(?![\w:])"
    r"|(?<!\w)(?P<word>noon|midday)(?!\w)"
    r"|(?P<kor>(?P<kpart>오전|오후)?\s*(?P<khour>\d{1,2})\s*시)"
)


def _read_clock(text: str, part: Optional[str]) -> Optional[time]:
    """A clock time in the text. Without am/pm, 1–7 o'clock and evening words mean pm."""
    for match in _CLOCK_RE.finditer(text):
        if match.group("word"):
            return time(12, 0)
        if match.group("kor"):
            hour = int(match.group("khour"))
            if match.group("kpart") == "오후" and hour < 12:
                hour += 12
            return time(hour, 0) if hour < 24 else None
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        ampm = (match.group("ampm") or "").replace(".", "")
        if not ampm and match.group("minute") is None and not _INTRODUCED_RE.search(
            text[: match.start()]
        ):
            continue  # a bare number not introduced by "at" (e.g. "2 weeks") is no time
        if hour > 23 or minute > 59 or (ampm and not 1 <= hour <= 12):
            continue
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        elif not ampm and hour < 12 and (hour <= 7 or part == "evening"):
            hour += 12
        return time(hour, minute)
    return None


def parse_when(text: str, now: datetime) -> Optional[When]:
    """Read what day and time an opening-hours question is about.

    Returns a :class:`When` in UK time, or None when no day, time or "now" is named
    (the patient wants the whole week). A weekday means its next occurrence, today
    included ("next Sunday" skips today). A clock time without a day means today, or
    tomorrow once that time has passed today.
    """
    local = _local(now)
    lowered = " ".join(text.lower().replace("’", "'").split())
    today = local.date()

    part_match = _PART_RE.search(lowered)
    part = None
    if part_match:
        part = _PART_ALIASES.get(part_match.group(1), part_match.group(1))
    clock = _read_clock(lowered, part)

    day: Optional[date] = None
    weekday_match = _WEEKDAY_RE.search(lowered)
    if weekday_match:
        ahead = (_WEEKDAYS[weekday_match.group("day")] - today.weekday()) % 7
        if ahead == 0 and weekday_match.group("next"):
            ahead = 7
        day = today + timedelta(days=ahead)
    elif _TOMORROW_RE.search(lowered):
        day = today + timedelta(days=1)
    elif _TODAY_RE.search(lowered):
        day = today

    if clock is None and part is None and day in (None, today) and _NOW_RE.search(lowered):
        return When(day=today, time=local.time().replace(microsecond=0), is_now=True)
    if day is None and clock is None and part is None:
        return None
    if day is None:
        day = today
        if clock is not None and clock <= local.time():
            day = today + timedelta(days=1)
    if clock is not None:
        return When(day=day, time=clock)
    return When(day=day, part=part)


# --- answering it --------------------------------------------------------------------


def _day_phrase(day: date, today: date) -> str:
    label = _day_label(day, today)
    return label if label == "today" or label.startswith("tomorrow") else f"on {label}"


def _closed_day_text(day: date, today: date) -> str:
    phrase, weekly = _day_phrase(day, today), f"{DAY_NAMES[day.weekday()]}s"
    if phrase.startswith("on "):
        first = f"Sorry, we're closed on {weekly}."
    else:
        first = f"Sorry, we're closed {phrase}: the clinic is closed on {weekly}."
    opens = next_opening(datetime.combine(day, time(0), tzinfo=clinic_zone()))
    at = f"at {format_time(opens.time())} (UK time)"
    if day == today:
        return f"{first} We next open {_day_label(opens.date(), today)} {at}."
    return f"{first} On {DAY_NAMES[opens.weekday()]} we open {at}."


def _answer_moment(asked: When, today: date) -> str:
    moment = asked.moment()
    span = _opening_span(asked.day)
    if span is None or moment is None or asked.time is None:
        return _closed_day_text(asked.day, today)
    at = f"{_day_phrase(asked.day, today)} at {format_time(asked.time)}"
    hours = f"{span_text(span)} (UK time)"
    if is_open(moment):
        return f"Yes, we're open {at}. That day we're open {hours}."
    return f"No, we're not open {at}, sorry. That day we're open {hours}."


def _answer_day(asked: When, today: date) -> str:
    span = _opening_span(asked.day)
    if span is None:
        return _closed_day_text(asked.day, today)
    phrase = _day_phrase(asked.day, today)
    hours = f"{span_text(span)} (UK time)"
    if asked.part is None:
        return f"{phrase[0].upper()}{phrase[1:]} we're open {hours}."
    start, end = PARTS_OF_DAY[asked.part]
    if span[0] < end and start < span[1]:
        return f"Yes, {phrase} we're open {hours}."
    return f"No, we're not open {phrase} in the {asked.part}, sorry. That day we're open {hours}."


def answer_when(text: str, now: Optional[datetime] = None) -> str:
    """The reply to an opening-hours question such as "open on sunday?"."""
    local = _now(now)
    asked = parse_when(text, local)
    if asked is None:
        return f"Our opening hours (UK time):\n{hours_text()}\n\n{open_now_text(local)}"
    if asked.is_now:
        return open_now_text(local)
    if asked.time is not None:
        return _answer_moment(asked, local.date())
    return _answer_day(asked, local.date())
