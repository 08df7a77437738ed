"""The Socket.IO channel, driven by the python-socketio client library as any Rasa client would."""
from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest
import socketio

from bot.web.sessions import TOKEN_LIFETIME_SECONDS, issue_token
from tests.e2e.conftest import JWT_SECRET
from tests.e2e.socket_helpers import SocketPatient, texts

pytestmark = pytest.mark.e2e

SESSION_ID = re.compile(r"[0-9a-f]{32}")


def user_texts(bot, session_id):
    return [e["text"] for e in bot.tracker(session_id)["events"] if e.get("event") == "user"]


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_message_is_answered_with_bot_uttered(bot, transport):
    patient = SocketPatient(bot)
    patient.connect(transport)
    session_id = patient.request_session()
    assert SESSION_ID.fullmatch(session_id)  # 128 random bits, minted by the server
    replies = patient.say("hi")
    patient.close()
    assert replies and all(isinstance(r.get("text"), str) and r["text"] for r in replies)
    assert user_texts(bot, session_id) == ["hi"]


def test_buttons_arrive_as_quick_replies(bot):
    patient = SocketPatient(bot)
    patient.connect()
    patient.request_session()
    patient.say("hi")
    replies = patient.say("not sure")  # asked again in other words, with buttons (CONTRACT.md)
    patient.close()
    buttons = [b for r in replies for b in r.get("quick_replies") or []]
    assert buttons, texts(replies)
    assert all(b["content_type"] == "text" and b["title"] and b["payload"] for b in buttons)


def test_a_returning_visitor_continues_the_same_conversation(bot):
    first = SocketPatient(bot)
    first.connect()
    session_id = first.request_session()
    first.say("hi")
    first.say("none of those")
    first.close()

    again = SocketPatient(bot)  # a page reload: a new socket asking for the stored session
    again.connect()
    assert again.request_session(session_id) == session_id
    replies = again.say("left side")
    again.close()
    assert replies
    slots = bot.slots(session_id)
    assert slots["red_flags"] == [] and slots["pain_side"] == "left"


def test_a_socket_cannot_post_into_another_session(bot):
    victim = SocketPatient(bot)
    victim.connect()
    victim_session = victim.request_session()
    victim.say("hi")
    before = len(bot.tracker(victim_session)["events"])

    intruder = SocketPatient(bot)
    intruder.connect()
    intruder.request_session()
    intruder.sio.emit("user_uttered", {"message": "delete my data", "session_id": victim_session})
    assert intruder.say("hi")  # its own session still works, after the forged message was handled
    intruder.close()
    victim.close()
    assert len(bot.tracker(victim_session)["events"]) == before


def test_a_guessable_session_id_is_replaced_by_a_random_one(bot):
    patient = SocketPatient(bot)
    patient.connect()
    session_id = patient.request_session("1234")
    patient.close()
    assert SESSION_ID.fullmatch(session_id)


def test_malformed_events_are_ignored_and_the_conversation_goes_on(bot):
    patient = SocketPatient(bot)
    patient.connect()
    patient.sio.emit("session_request", 42)
    assert SESSION_ID.fullmatch(patient.confirmed())
    patient.sio.emit("user_uttered", "not an object")
    patient.sio.emit("user_uttered", {"message": {"nested": 1}, "session_id": patient.session_id})
    assert patient.say("hi")
    patient.close()
    assert user_texts(bot, patient.session_id) == ["hi"]


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_only_the_configured_origins_may_connect(bot, transport):
    allowed = SocketPatient(bot)
    allowed.connect(transport, origin=bot.web_url)
    allowed.close()
    stranger = SocketPatient(bot)
    with pytest.raises(socketio.exceptions.ConnectionError):
        stranger.connect(transport, origin="https://evil.example")


def test_with_a_jwt_secret_a_connection_needs_a_token_from_the_page_server(bot_jwt):
    anonymous = SocketPatient(bot_jwt)
    with pytest.raises(socketio.exceptions.ConnectionError):
        anonymous.connect()
    forged = SocketPatient(bot_jwt)
    with pytest.raises(socketio.exceptions.ConnectionError):
        forged.connect(auth={"token": issue_token("not-the-secret-but-32-characters-long")[1]})

    issued = json.loads(urllib.request.urlopen(
        urllib.request.Request(f"{bot_jwt.web_url}/widget/session", method="POST"), timeout=30).read())
    patient = SocketPatient(bot_jwt)
    patient.connect(auth={"token": issued["token"]})
    # the session is the one the token names, whatever the client asks for
    assert patient.request_session("0" * 32) == issued["session_id"]
    assert patient.say("hi")
    patient.close()


def test_with_a_jwt_secret_an_expired_token_is_refused(bot_jwt):
    patient = SocketPatient(bot_jwt)
    with pytest.raises(socketio.exceptions.ConnectionError):
        patient.connect(auth={"token": issue_token(JWT_SECRET, now=time.time() - 2 * TOKEN_LIFETIME_SECONDS)[1]})
