"""The recent-events window of a conversation, so a turn's cost does not grow with its length.

Rasa's SQL tracker store rebuilds a conversation from every event of its session on every
turn, and then sends them all to the action server on every action call and featurizes
them all for every prediction: +1.3 ms per earlier message, 384 ms a turn at 200 messages.

The window keeps the turn bounded: the tracker a turn works with holds the conversation's
state (every slot that is set, the active form) followed by its most recent events only.
Every event is still stored in Rasa's `events` table as before (the tracker API, the
report and retention read them all); beside it, the `tracker_windows` row of the
conversation says where the window starts (an event id) and holds the state just before
that event, as the few events that rebuild it. When the window has grown by half its size
it slides forward to the first `action_listen` among the last `size` events.

Policies only look a few turns back and slots carry the rest, so the dialogue is the same;
what changes is that an action server sees the last `size` events, not the whole history.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import sqlalchemy as sa
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, ConversationPaused, Event, SlotSet
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

TABLE = sa.Table(
    "tracker_windows",
    sa.MetaData(),
    sa.Column("sender_id", sa.String(255), primary_key=True),  # the conversation key, as in `events`
    sa.Column("start_id", sa.Integer, nullable=False),  # id of the first event in the window
    sa.Column("state", sa.Text, nullable=False),  # JSON events that rebuild the state before it
    sa.Column("timestamp", sa.Float, nullable=False),  # when it last slid (retention)
)


def state_events(sender_id: str, events: Sequence[Event], slots: Iterable[Slot]) -> List[Dict[str, Any]]:
    """Events that rebuild the state `events` leave: set slots, the active loop, a pause."""
    tracker = DialogueStateTracker.from_events(sender_id, list(events), list(slots))
    stamp = events[-1].timestamp if events else None
    state = [SlotSet(name, slot.value, timestamp=stamp).as_dict()
             for name, slot in tracker.slots.items() if slot.value != slot.initial_value]
    if tracker.active_loop_name:
        state.append(ActiveLoop(tracker.active_loop_name, timestamp=stamp).as_dict())
    if tracker.is_paused():
        state.append(ConversationPaused(timestamp=stamp).as_dict())
    return state


def new_start(events: Sequence[Event], size: int) -> Optional[int]:
    """Index of the first `action_listen` among the last `size` events (None: there is none)."""
    for index in range(max(0, len(events) - size), len(events)):
        event = events[index]
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            return index
    return None


def current_session(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Only the latest session's events, as Rasa's own query returns them."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "session_started":
            before = events[index - 1] if index else {}
            if before.get("event") == "action" and before.get("name") == "action_session_start":
                index -= 1
            return events[index:]
    return events


def load(session: Any, key: str) -> Optional[Tuple[int, List[Dict[str, Any]]]]:
    """(start_id, state events) of the conversation's window, or None."""
    row = session.execute(sa.select(TABLE.c.start_id, TABLE.c.state).where(TABLE.c.sender_id == key)).first()
    return (row.start_id, json.loads(row.state)) if row else None


def store(session: Any, key: str, start_id: int, state: List[Dict[str, Any]], timestamp: float) -> None:
    session.execute(sa.delete(TABLE).where(TABLE.c.sender_id == key))
    session.execute(sa.insert(TABLE).values(sender_id=key, start_id=start_id, state=json.dumps(state),
                                            timestamp=timestamp))


def forget(session: Any, key: str) -> int:
    return int(session.execute(sa.delete(TABLE).where(TABLE.c.sender_id == key)).rowcount)
