"""The Socket.IO channel the chat widget talks to: Rasa's own protocol, with its faults fixed.

`credentials.yml` names this class instead of Rasa's built-in `socketio`. The protocol is
Rasa's, unchanged, so other Socket.IO clients for Rasa work too: `session_request` ->
`session_confirm` (the session id), `user_uttered` {"message", "session_id"} ->
`bot_uttered` {"text", "quick_replies"?}. What differs from Rasa 3.6's channel:

- It awaits `AsyncServer.enter_room`, a coroutine since python-socketio 5.10. Rasa 3.6
  calls it without `await`, so with `session_persistence` the client never joined its
  session's room and no `bot_uttered` ever reached it.
- A connection from a web page is accepted only from CORS_ORIGINS, the list `--cors` gets.
  Rasa switches python-engineio's origin check off (`cors_allowed_origins=[]`), so any
  page could open a WebSocket (browsers apply no CORS to WebSockets). Switching it on
  instead would send every CORS header twice (engine.io's and the Rasa server's
  sanic-cors), which browsers reject; so the check is made here, at `connect`.
- A session id is 32 hex digits (128 bits, `bot.web.sessions`); anything else requested
  gets a fresh one, as Rasa does for none. A socket sends messages only for the session it
  was confirmed, so nobody posts into a conversation by naming it.
- With SOCKETIO_JWT_SECRET set, a connection needs a token issued by the page server
  (`auth: {"token": ...}`), and the session is the one the token was issued for.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer
from socketio.exceptions import ConnectionRefusedError

from bot import settings
from bot.channels.never_silent import never_silent
from bot.web import sessions

logger = logging.getLogger(__name__)


def origin_allowed(origin: Optional[str], host: Optional[str]) -> bool:
    """Pages on CORS_ORIGINS may connect; so may clients that send no Origin (scripts,
    servers) and pages of the Rasa server's own origin (`host`, as browsers do anyway)."""
    if not origin:
        return True
    allowed = settings.cors_origins()
    return "*" in allowed or origin.rstrip("/") in allowed or urlsplit(origin).netloc == host


class WidgetSocketIOInput(SocketIOInput):
    """Rasa's socket.io input channel, as `credentials.yml` configures it (see module doc)."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.jwt_key = settings.socketio_jwt_secret()  # never from a file in git
        channel.jwt_algorithm = sessions.ALGORITHM
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = never_silent(on_new_message)  # every message gets an answer
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])  # checked in connect()
        self.sio = sio  # get_output_channel() needs it
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        namespace = self.namespace
        confirmed: Dict[str, str] = {}  # socket id -> the session it may talk in
        granted: Dict[str, str] = {}  # socket id -> the session its token names (JWT on)

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict[str, Any], auth: Optional[Dict[str, Any]] = None) -> bool:
            if not origin_allowed(environ.get("HTTP_ORIGIN"), environ.get("HTTP_HOST")):
                raise ConnectionRefusedError("this page's origin is not in CORS_ORIGINS")
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                session_id = sessions.session_from_token(self.jwt_key, token)
                if session_id is None:
                    raise ConnectionRefusedError("a valid session token is needed")
                granted[sid] = session_id
            logger.debug("Socket %s connected.", sid)
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: Text, *_: Any) -> None:
            confirmed.pop(sid, None)
            granted.pop(sid, None)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id: str
            if sid in granted:
                session_id = granted[sid]
            elif sessions.is_session_id(requested):
                session_id = requested
            else:
                session_id = sessions.new_session_id()
            previous = confirmed.get(sid)
            if previous and previous != session_id:
                await sio.leave_room(sid, previous, namespace=namespace)
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            confirmed[sid] = session_id
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                logger.warning("Ignored a malformed %s event.", self.user_message_evt)
                return
            session_id = confirmed.get(sid) if self.session_persistence else sid
            if session_id is None or (
                self.session_persistence and data.get("session_id") not in (None, session_id)
            ):
                logger.warning(
                    "Ignored a message from socket %s: it names no session confirmed to it "
                    "(send session_request first and use the id in session_confirm).", sid
                )
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            message = UserMessage(
                data.get("message", ""),
                SocketIOOutput(sio, self.bot_message_evt),
                session_id,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else {},
            )
            await on_new_message(message)

        return socketio_webhook
