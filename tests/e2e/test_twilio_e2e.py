"""The Twilio channel over real HTTP: Twilio's signed form webhook into the real Rasa server,
the answers out to a local stand-in of Twilio's REST API that records them."""
from __future__ import annotations

import urllib.parse

import pytest

from tests.e2e.channel_clients import SETTINGS, TwilioPhone, leaked_internals, numbered_choices
from tests.e2e.triage_plan import BOOKING, URGENT_OPENING, walk_triage

pytestmark = pytest.mark.e2e


def shown(sent) -> str:
    return "\n".join(m["Body"] for m in sent)


def last_options(sent):
    return numbered_choices(sent[-1]["Body"]) if sent else []


def user_texts(channels, sender: str) -> list:
    return [e.get("text") for e in channels.servers.tracker(sender)["events"] if e["event"] == "user"]


@pytest.fixture
def phone(channels):
    return TwilioPhone(channels.url, channels.twilio)


def test_a_whole_triage_by_sms_with_numbered_replies(channels, phone):
    sent = phone.say("hi")
    everything, chosen = walk_triage(lambda: channels.servers.slots(phone.number), sent, last_options,
                                     lambda choice: phone.say(choice.answer))
    assert all(c.kind == "number" for c in chosen)
    slots = channels.servers.slots(phone.number)
    assert slots["red_flags"] == [] and slots["pain_side"] == "left" and slots["pain_one_sided"] is True
    assert slots["forward_bend_relief"] is True and slots["leg_numbness_below_knee"] is False
    assert slots["triage_outcome"] == "psoas_likely"
    assert channels.servers.tracker(phone.number)["latest_input_channel"] == "twilio"

    booking = phone.say("How do I book?")
    assert all(term in shown(booking) for term in BOOKING)
    everything += booking
    assert not leaked_internals(shown(everything))
    assert all(m["From"] == SETTINGS["TWILIO_NUMBER"] and len(m["Body"]) <= 1600 for m in everything)
    recorded = channels.twilio.since(0, phone.number)[0]
    assert recorded.path == f"/2010-04-01/Accounts/{SETTINGS['TWILIO_ACCOUNT_SID']}/Messages.json"
    assert recorded.headers["Authorization"].startswith("Basic ")


def test_whatsapp_through_twilio_answers_from_our_whatsapp_number(channels):
    phone = TwilioPhone(channels.url, channels.twilio, prefix="whatsapp:")
    told = phone.say(URGENT_OPENING)
    assert all(term in shown(told) for term in ("A&E", "111", "999"))
    assert all(m["From"] == "whatsapp:" + SETTINGS["TWILIO_NUMBER"] for m in told)
    assert channels.servers.slots(phone.number)["triage_outcome"] == "urgent"


def test_a_number_that_numbers_no_option_is_read_as_text(channels, phone):
    sent = phone.say("hi")
    count = len(last_options(sent))
    assert count
    phone.say(str(count + 5))
    assert user_texts(channels, phone.number) == ["hi", str(count + 5)]


@pytest.mark.parametrize("how", ["forged", "missing", "changed after signing", "another URL"])
def test_a_request_without_a_valid_signature_is_refused_and_not_processed(channels, phone, how):
    fields = phone.fields("hi")
    body = urllib.parse.urlencode(fields).encode()
    signature = {
        "forged": phone.signature(fields, token="not-the-auth-token"),
        "missing": None,
        "changed after signing": phone.signature({**fields, "Body": "hello"}),
        "another URL": TwilioPhone("https://evil.example", channels.twilio).signature(fields),
    }[how]
    status, sent = phone.deliver(body, signature)
    assert status == 403 and sent == []
    assert user_texts(channels, phone.number) == []


def test_an_empty_body_is_refused_unsigned_and_ignored_signed(channels, phone):
    assert phone.deliver(b"", None) == (403, [])
    assert phone.deliver(b"", phone.signature({})) == (200, [])
    status, _ = phone.deliver(b"\xff\xfe", phone.signature({}))
    assert status == 200
    status_callback = {"MessageSid": "SM1", "MessageStatus": "delivered", "From": SETTINGS["TWILIO_NUMBER"]}
    assert phone.send(status_callback) == (200, [])
    assert phone.say("hi"), "the channel still answers"


def test_a_photo_alone_gets_a_kind_answer(channels, phone):
    status, sent = phone.send(phone.fields("", NumMedia="1", MediaUrl0="https://api.twilio.com/media/1"))
    assert status == 200 and len(sent) == 1 and "type" in sent[0]["Body"]
    assert user_texts(channels, phone.number) == []


def test_a_repeated_message_sid_is_processed_once(channels, phone):
    fields = phone.fields("hi", message_id="SM" + "d" * 32 + phone.number[-6:])
    status, first = phone.send(fields)
    assert status == 200 and first
    assert phone.send(fields) == (200, [])
    assert user_texts(channels, phone.number) == ["hi"]


def test_a_twilio_api_failure_is_retried_then_logged_and_the_conversation_goes_on(channels, phone):
    channels.twilio.fail_next(1)
    mark = channels.twilio.mark()
    sent = phone.say("hi")
    attempts = channels.twilio.since(mark, phone.number)
    assert [a.status for a in attempts[:2]] == [500, 201] and attempts[0].body == attempts[1].body
    assert sent and sent[0] == attempts[0].body

    channels.twilio.fail_next(100)
    try:
        status, lost = phone.send(phone.fields("none of those"))
    finally:
        channels.twilio.fail_next(0)
    assert status == 200 and lost == []
    log = (channels.servers.workdir / "rasa.log").read_text()
    assert "Twilio message to" in log and "not delivered: status 500" in log
    slots = channels.servers.slots(phone.number)
    assert slots["red_flags"] == [] and slots["requested_slot"] not in (None, "red_flags")
    pending = slots["requested_slot"]
    booking = phone.say("How do I book?")
    assert all(term in shown(booking) for term in BOOKING)
    assert channels.servers.slots(phone.number)["requested_slot"] == pending
