"""Helpers for the Socket.IO tests: a patient on python-socketio, and the tracker's view of a turn."""
from __future__ import annotations

import queue
import time
from typing import Any, Dict, List, Optional

import socketio

from tests.e2e.bot_servers import BotServers

WAIT = 90.0  # seconds: a guard against a hang on a busy machine, not a speed check


def sent_messages(tracker: Dict[str, Any]) -> List[str]:
    """The bot_uttered messages Rasa's socket.io output sends for this tracker's bot events.

    Its output channel sends each paragraph ("\\n\\n") of a reply as a message of its own.
    """
    parts: List[str] = []
    for event in tracker["events"]:
        if event.get("event") == "bot" and event.get("text"):
            parts += event["text"].strip().split("\n\n")
    return parts


def settled(bot: BotServers, session_id: str, user_turns: int) -> List[str]:
    """Waits until the bot has handled `user_turns` messages in this session; its messages so far."""
    deadline = time.monotonic() + WAIT
    while True:
        tracker = bot.tracker(session_id)
        events = tracker["events"]
        users = sum(1 for e in events if e.get("event") == "user")
        if users >= user_turns and events and events[-1].get("name") == "action_listen":
            return sent_messages(tracker)
        if time.monotonic() > deadline:
            raise AssertionError(f"the bot did not finish turn {user_turns} of session {session_id}")
        time.sleep(0.25)


class SocketPatient:
    """One visitor on the python-socketio client library, speaking Rasa's socket.io protocol.

    The library's threaded client: its asyncio client's WebSocket transport needs
    aiohttp>=3.10, which Rasa 3.6 does not allow.
    """

    def __init__(self, bot: BotServers):
        self.bot = bot
        self.sio = socketio.Client(reconnection=False)
        self.replies: queue.Queue = queue.Queue()
        self.confirms: queue.Queue = queue.Queue()
        self.session_id: Optional[str] = None
        self.turns = 0  # user messages in the session so far
        self.seen = 0  # bot messages in the session so far
        self.sio.on("bot_uttered", self.replies.put)
        self.sio.on("session_confirm", self.confirms.put)

    def connect(self, transport: str = "websocket", origin: Optional[str] = None,
                auth: Optional[Dict[str, str]] = None) -> None:
        """Connects as a page on `origin` would (None: as a script, with no page)."""
        headers = {}
        if transport == "websocket":  # websocket-client sends an Origin of its own: replace it
            self.sio.eio.websocket_extra_options = {"origin": origin} if origin else {"suppress_origin": True}
        elif origin:
            headers["Origin"] = origin
        self.sio.connect(self.bot.url, transports=[transport], headers=headers, auth=auth, wait_timeout=WAIT)

    def request_session(self, session_id: Optional[str] = None) -> str:
        self.sio.emit("session_request", {"session_id": session_id})
        return self.confirmed()

    def confirmed(self) -> str:
        """The session_confirm's id; a resumed session's past is counted in."""
        self.session_id = self.confirms.get(timeout=WAIT)
        tracker = self.bot.tracker(self.session_id)
        self.turns = sum(1 for e in tracker["events"] if e.get("event") == "user")
        self.seen = len(sent_messages(tracker))
        return self.session_id

    def say(self, text: str) -> List[Dict[str, Any]]:
        """Sends one message and returns every bot_uttered of the bot's answer."""
        self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})
        self.turns += 1
        expected = settled(self.bot, self.session_id, self.turns)
        new = []
        while self.seen + len(new) < len(expected):
            new.append(self.replies.get(timeout=WAIT))
        self.seen += len(new)
        return new

    def close(self) -> None:
        self.sio.disconnect()


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
