"""Turning a conversation into the stored assessment (storage lives in bot.storage)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from rasa_sdk import Tracker

CONTRACT_ANSWERS = ("pain_side", "pain_one_sided", "forward_bend_relief", "leg_numbness_below_knee")


def _started_at(tracker: Tracker) -> Optional[datetime]:
    stamps = [e.get("timestamp") for e in tracker.events if e.get("event") == "user" and e.get("timestamp")]
    return datetime.fromtimestamp(min(stamps), tz=timezone.utc) if stamps else None


def save_outcome(tracker: Tracker, outcome: str, red_flags: list, booking_shown: bool = False) -> bool:
    """Stores (or updates) this conversation's assessment; never breaks the conversation."""
    from bot.storage import AssessmentRecord, save_assessment

    answers = {slot: tracker.get_slot(slot) for slot in CONTRACT_ANSWERS}
    record = AssessmentRecord(
        sender_id=tracker.sender_id,
        outcome=outcome,
        red_flags=list(red_flags),
        channel=tracker.get_latest_input_channel(),
        language="en",
        started_at=_started_at(tracker),
        decided_at=datetime.now(timezone.utc),
        booking_shown=booking_shown,
        extra={"unsure": sorted(set(tracker.get_slot("unsure_slots") or []))},
        **answers,
    )
    return save_assessment(record)
