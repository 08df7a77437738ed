"""Reading the conversation's state off Rasa's tracker, for the NLU and the safety policy."""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List, Optional

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.triage.questions import Question, pending_question


def last_question(tracker: DialogueStateTracker, skip_latest_message: bool) -> Optional[str]:
    """The response the bot last asked with before the patient's latest message.

    With `skip_latest_message`, the tracker already holds the message being answered (the
    policy's view); without, the message is still being read (the NLU's view).
    """
    seen_user = not skip_latest_message
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return None  # the bot asked nothing between two messages
            seen_user = True
        elif isinstance(event, BotUttered) and seen_user:
            name = (event.metadata or {}).get("utter_action")
            if name:
                return str(name)
    return None


def question_on_screen(tracker: Optional[DialogueStateTracker], skip_latest_message: bool = False) -> Optional[Question]:
    """The question the patient's latest (or incoming) message answers, if any."""
    if tracker is None:
        return None
    return pending_question(
        tracker.active_loop_name,
        tracker.get_slot("requested_slot"),
        tracker.get_slot("ask_variant"),
        tracker.get_slot("flag_to_confirm"),
        last_question(tracker, skip_latest_message),
    )


def slot_list(tracker: Optional[DialogueStateTracker], name: str) -> List[Any]:
    value = tracker.get_slot(name) if tracker is not None else None
    return list(value) if isinstance(value, list) else []


def greeted(tracker: DialogueStateTracker) -> bool:
    return any(isinstance(e, ActionExecuted) and e.action_name == "utter_greet" for e in tracker.events)


def recent_asks(tracker: DialogueStateTracker, window: int) -> Dict[str, int]:
    """How often each response was said among the bot's last `window` responses."""
    said = [str((e.metadata or {}).get("utter_action") or "") for e in tracker.events if isinstance(e, BotUttered)]
    return dict(Counter(name for name in said[-window:] if name))
