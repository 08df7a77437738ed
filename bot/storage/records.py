"""The record the action server hands over, and its pseudonymous row form."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from bot.privacy import conversation_key
from bot.storage.models import to_utc, utcnow

# Columns a later save of the same conversation overwrites. `started_at` keeps
# the first value and `booking_shown` stays true once true (see repository).
ROW_FIELDS = (
    "conversation_key",
    "outcome",
    "pain_side",
    "pain_one_sided",
    "forward_bend_relief",
    "leg_numbness_below_knee",
    "red_flags",
    "extra",
    "channel",
    "language",
    "started_at",
    "decided_at",
    "updated_at",
    "booking_shown",
)
DATETIME_FIELDS = ("started_at", "decided_at", "updated_at")


@dataclass
class AssessmentRecord:
    """One conversation's outcome, as the action server knows it.

    Fields after `channel` have defaults (`decided_at` defaults to now), so the
    positional order matches the documented API.
    """

    sender_id: str
    outcome: str
    pain_side: Optional[str]
    pain_one_sided: Optional[bool]
    forward_bend_relief: Optional[bool]
    leg_numbness_below_knee: Optional[bool]
    red_flags: list[str]
    channel: Optional[str]
    language: Optional[str] = "en"
    started_at: Optional[datetime] = None
    decided_at: datetime = field(default_factory=utcnow)
    booking_shown: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # never show the sender id (may be a phone number)
        return f"AssessmentRecord(outcome={self.outcome!r}, channel={self.channel!r})"


def to_row(record: AssessmentRecord, updated_at: Optional[datetime] = None) -> dict[str, Any]:
    """Validate `record` and turn it into column values keyed by conversation key."""
    if not record.outcome:
        raise ValueError("an assessment needs an outcome")
    extra = dict(record.extra or {})
    json.dumps(extra)  # fail now, not later in the outbox or the database
    return {
        "conversation_key": conversation_key(record.sender_id),
        "outcome": record.outcome,
        "pain_side": record.pain_side,
        "pain_one_sided": _opt_bool(record.pain_one_sided),
        "forward_bend_relief": _opt_bool(record.forward_bend_relief),
        "leg_numbness_below_knee": _opt_bool(record.leg_numbness_below_knee),
        "red_flags": [str(flag) for flag in (record.red_flags or [])],
        "extra": extra,
        "channel": record.channel,
        "language": record.language,
        "started_at": to_utc(record.started_at) if record.started_at else None,
        "decided_at": to_utc(record.decided_at),
        "updated_at": to_utc(updated_at) if updated_at else utcnow(),
        "booking_shown": bool(record.booking_shown),
    }


def row_to_json(row: dict[str, Any]) -> str:
    data = {
        name: (row[name].isoformat() if name in DATETIME_FIELDS and row[name] else row[name])
        for name in ROW_FIELDS
    }
    return json.dumps({"version": 1, "row": data}, sort_keys=True)


def row_from_json(text: str) -> dict[str, Any]:
    try:
        row = json.loads(text)["row"]
        missing = [name for name in ROW_FIELDS if name not in row]
        if missing:
            raise ValueError(f"outbox entry lacks {missing}")
        for name in DATETIME_FIELDS:
            if row[name]:
                row[name] = to_utc(datetime.fromisoformat(row[name]))
    except (KeyError, TypeError) as exc:
        raise ValueError("malformed outbox entry") from exc
    return {name: row[name] for name in ROW_FIELDS}


def _opt_bool(value: Any) -> Optional[bool]:
    return None if value is None else bool(value)
