"""The WhatsApp channel over real HTTP: Meta's signed webhook into the real Rasa server,
the answers out to a local stand-in of the Graph API that records them."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.e2e.bot_servers import BotServers
from tests.e2e.channel_clients import (
    SETTINGS,
    WHATSAPP_PATH,
    WhatsAppPhone,
    leaked_internals,
    post,
    whatsapp_choices,
    whatsapp_shown,
)
from tests.e2e.triage_plan import BOOKING, PSOAS_PLAN, URGENT_OPENING, walk_triage

pytestmark = pytest.mark.e2e


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def user_texts(servers: BotServers, sender: str) -> list:
    return [e.get("text") for e in servers.tracker(sender)["events"] if e["event"] == "user"]


@pytest.fixture
def phone(channels):
    return WhatsAppPhone(channels.url, channels.graph)


def test_a_whole_triage_with_button_replies_reaches_the_outcome_and_the_booking(channels, phone):
    sent = phone.say("hi")
    everything, chosen = walk_triage(lambda: channels.servers.slots(phone.number), sent,
                                     whatsapp_choices, phone.choose)
    assert {c.kind for c in chosen} & {"button_reply", "list_reply"}, "the options came as buttons or lists"
    slots = channels.servers.slots(phone.number)
    assert slots["red_flags"] == [] and slots["pain_side"] == "left" and slots["pain_one_sided"] is True
    assert slots["forward_bend_relief"] is True and slots["leg_numbness_below_knee"] is False
    assert slots["triage_outcome"] == "psoas_likely"
    assert channels.servers.tracker(phone.number)["latest_input_channel"] == "whatsapp"

    booking = phone.say("How do I book?")
    assert all(term in whatsapp_shown(booking) for term in BOOKING)
    everything += booking
    assert all(m["to"] == phone.number and m["messaging_product"] == "whatsapp" for m in everything)
    assert not leaked_internals(whatsapp_shown(everything))
    assert all(m["text"]["preview_url"] is False for m in everything if m["type"] == "text")
    for message in everything:
        for button in message.get("interactive", {}).get("action", {}).get("buttons", []):
            assert len(button["reply"]["title"]) <= 20
    recorded = channels.graph.since(0, phone.number)
    assert recorded[0].path == f"/{SETTINGS['WHATSAPP_PHONE_NUMBER_ID']}/messages"
    assert recorded[0].headers["Authorization"] == f"Bearer {SETTINGS['WHATSAPP_ACCESS_TOKEN']}"


def test_a_red_flag_on_whatsapp_gets_the_urgent_advice(channels, phone):
    told = whatsapp_shown(phone.say(URGENT_OPENING))
    assert all(term in told for term in ("A&E", "111", "999"))
    assert channels.servers.slots(phone.number)["triage_outcome"] == "urgent"


def test_the_verification_handshake_echoes_the_challenge_only_for_the_verify_token(channels):
    def handshake(token: str) -> tuple[int, str]:
        query = urllib.parse.urlencode({"hub.mode": "subscribe", "hub.verify_token": token,
                                        "hub.challenge": "1158201444"})
        return get(f"{channels.url}{WHATSAPP_PATH}?{query}")

    assert handshake(SETTINGS["WHATSAPP_VERIFY_TOKEN"]) == (200, "1158201444")
    assert handshake("a-wrong-token")[0] == 403
    assert get(f"{channels.url}{WHATSAPP_PATH}")[0] == 403


@pytest.mark.parametrize("how", ["forged", "missing", "changed after signing", "not sha256"])
def test_a_body_without_a_valid_signature_is_refused_and_not_processed(channels, phone, how):
    body = phone.webhook({"type": "text", "text": {"body": "hi"}})
    signature = {
        "forged": WhatsAppPhone.signature(body, "not-the-app-secret"),
        "missing": None,
        "changed after signing": WhatsAppPhone.signature(body.replace(b'"hi"', b'"ho"')),
        "not sha256": "sha1=" + WhatsAppPhone.signature(body)[7:],
    }[how]
    status, sent = phone.deliver(body, signature)
    assert status == 403 and sent == []
    assert user_texts(channels.servers, phone.number) == []


def test_malformed_json_is_refused_without_a_crash(channels, phone):
    for body in (b"{not json", b"\xff\xfe", b""):
        status, sent = phone.deliver(body)
        assert status == 400 and sent == []
    assert phone.say("hi"), "the channel still answers"


def test_odd_but_signed_bodies_and_status_callbacks_are_accepted_and_ignored(channels, phone):
    statuses = {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "metadata": {"phone_number_id": SETTINGS["WHATSAPP_PHONE_NUMBER_ID"]},
        "statuses": [{"id": "wamid.x", "status": "read", "recipient_id": phone.number}]}}]}]}
    for payload in ([], {"object": "page"}, {"entry": [{"changes": "x"}]}, statuses):
        status, sent = phone.deliver(json.dumps(payload).encode())
        assert status == 200 and sent == []
    status, sent = phone.deliver(phone.webhook({"type": "reaction", "reaction": {"emoji": "👍"}}))
    assert status == 200 and sent == []
    assert user_texts(channels.servers, phone.number) == []


def test_a_photo_or_voice_note_gets_a_kind_answer_and_the_question_stays(channels, phone):
    phone.say("hi")
    asked = channels.servers.slots(phone.number)["requested_slot"]
    for message in ({"type": "image", "image": {"id": "1", "caption": "my back"}},
                    {"type": "audio", "audio": {"id": "2", "voice": True}}):
        status, sent = phone.deliver(phone.webhook(message))
        assert status == 200 and len(sent) == 1 and sent[0]["type"] == "text"
        assert "type" in sent[0]["text"]["body"]
    assert channels.servers.slots(phone.number)["requested_slot"] == asked
    assert user_texts(channels.servers, phone.number) == ["hi"]


def test_a_redelivered_message_is_processed_once(channels, phone):
    body = phone.webhook({"type": "text", "text": {"body": "hi"}}, message_id="wamid.e2e-redelivered-" + phone.number)
    status, first = phone.deliver(body)
    assert status == 200 and first
    status, again = phone.deliver(body)
    assert status == 200 and again == []
    assert user_texts(channels.servers, phone.number) == ["hi"]


def test_a_redelivery_to_another_rasa_server_sharing_the_database_is_processed_once(channels, phone):
    second = BotServers(channels.servers.workdir, env={
        k: channels.servers.env[k] for k in (*SETTINGS, "WHATSAPP_API_BASE", "DATABASE_URL", "ACTIONS_URL")})
    second.env["PUBLIC_URL"] = second.url
    try:
        second.start_rasa()
        body = phone.webhook({"type": "text", "text": {"body": "hi"}})
        status, first = phone.deliver(body)
        assert status == 200 and first
        other = WhatsAppPhone(second.url, channels.graph, phone.number)
        status, again = other.deliver(body)
        assert status == 200 and again == []
        assert user_texts(second, phone.number) == ["hi"]
    finally:
        second.stop()


def test_a_graph_api_failure_is_retried_and_the_conversation_goes_on(channels, phone):
    phone.say("hi")
    channels.graph.fail_next(1)
    mark = channels.graph.mark()
    sent = phone.say("none of those")
    attempts = channels.graph.since(mark, phone.number)
    assert [a.status for a in attempts[:2]] == [500, 200] and attempts[0].body == attempts[1].body
    assert sent and sent[0] == attempts[0].body, "the failed message was delivered on the retry"
    assert channels.servers.slots(phone.number)["red_flags"] == []

    channels.graph.fail_next(100)  # this turn's answers cannot be delivered at all
    try:
        status, lost = phone.deliver(phone.webhook({"type": "text", "text": {"body": "left side"}}))
    finally:
        channels.graph.fail_next(0)
    assert status == 200 and lost == []
    log = (channels.servers.workdir / "rasa.log").read_text()
    assert "WhatsApp message to" in log and "not delivered: status 500" in log
    slots = channels.servers.slots(phone.number)
    pending = slots["requested_slot"]
    assert slots["pain_side"] == "left" and pending in PSOAS_PLAN and pending != "pain_side"

    booking = phone.say("How do I book?")  # the conversation goes on where it was
    assert all(term in whatsapp_shown(booking) for term in BOOKING)
    slots = channels.servers.slots(phone.number)
    assert slots["pain_side"] == "left" and slots["requested_slot"] == pending


def test_the_logs_hold_no_phone_numbers(channels, phone):
    phone.say("hi")
    log = (channels.servers.workdir / "rasa.log").read_text()
    numbers = {r.body.get("to") for r in channels.graph.requests} | {r.body.get("To") for r in channels.twilio.requests}
    numbers = {n.split(":")[-1].lstrip("+") for n in numbers if n}
    assert numbers and not [n for n in numbers if n in log]


def test_without_settings_the_channels_are_off(bot):
    assert get(f"{bot.url}{WHATSAPP_PATH}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")[0] == 404
    assert post(f"{bot.url}{WHATSAPP_PATH}", b"{}", {"Content-Type": "application/json"})[0] == 404
    assert post(f"{bot.url}/webhooks/twilio/webhook", b"", {})[0] == 404
