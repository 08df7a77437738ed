"""Per-sender flood control, so one sender cannot slow the bot down for everyone else.

Two rules, per sender id, in this Rasa server's memory:

- at most 1 + `settings.sender_waiting()` of their messages in the server at once (one being
  answered, the others waiting for Rasa's lock on their conversation);
- a token bucket: `settings.sender_burst()` messages at once, then
  `settings.sender_per_minute()` a minute.

A message over either limit is not handled at all (the channel answers "slow down"). A person
typing, even tapping buttons quickly, never meets these limits; a script sending hundreds
a second does. Several Rasa servers each apply the limits to what they receive.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, Optional

from bot import settings

logger = logging.getLogger(__name__)

FORGET_AFTER_S = 600.0  # an idle sender's entry is dropped after this long
PRUNE_EVERY = 1000  # admissions between two sweeps of idle entries


@dataclass
class _Sender:
    tokens: float
    updated: float
    in_flight: int = 0
    refused: int = 0


@dataclass
class Throttle:
    burst: int
    per_minute: int
    waiting: int
    clock: Callable[[], float] = time.monotonic
    _senders: Dict[str, _Sender] = field(default_factory=dict)
    _admissions: int = 0

    @classmethod
    def from_settings(cls) -> "Throttle":
        return cls(settings.sender_burst(), settings.sender_per_minute(), settings.sender_waiting())

    def retry_after(self, sender_id: str) -> int:
        """Whole seconds until this sender may send again (for a Retry-After header)."""
        state = self._senders.get(sender_id)
        if state is None or state.tokens >= 1 or self.per_minute <= 0:
            return 1
        return max(1, int((1 - state.tokens) * 60 / self.per_minute + 0.999))

    def admit(self, sender_id: str) -> bool:
        """Take one message from this sender if the limits allow it; pair with `done`."""
        now = self.clock()
        self._prune(now)
        state = self._senders.get(sender_id)
        if state is None:
            state = self._senders[sender_id] = _Sender(tokens=float(self.burst), updated=now)
        state.tokens = min(float(self.burst), state.tokens + (now - state.updated) * self.per_minute / 60)
        state.updated = now
        if state.in_flight > self.waiting or state.tokens < 1:
            if not state.refused:
                logger.info("A sender went over the flood limits: their messages are refused for now")
            state.refused += 1
            return False
        if state.refused:
            logger.info("A sender back within the flood limits (%d messages were refused)", state.refused)
            state.refused = 0
        state.tokens -= 1
        state.in_flight += 1
        return True

    def done(self, sender_id: str) -> None:
        state = self._senders.get(sender_id)
        if state is not None and state.in_flight > 0:
            state.in_flight -= 1

    @contextmanager
    def turn(self, sender_id: str) -> Iterator[bool]:
        """``with throttle.turn(sender) as admitted:`` handle the message only if admitted."""
        admitted = self.admit(sender_id)
        try:
            yield admitted
        finally:
            if admitted:
                self.done(sender_id)

    def _prune(self, now: float) -> None:
        self._admissions += 1
        if self._admissions % PRUNE_EVERY:
            return
        idle = [s for s, st in self._senders.items() if not st.in_flight and now - st.updated > FORGET_AFTER_S]
        for sender_id in idle:
            del self._senders[sender_id]


_shared: Optional[Throttle] = None


def shared() -> Throttle:
    """This process's throttle (created on first use, from the settings)."""
    global _shared
    if _shared is None:
        _shared = Throttle.from_settings()
    return _shared
