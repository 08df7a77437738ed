"""Twilio's webhook: the signature scheme, the fields, and our number for WhatsApp replies."""
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from bot.channels.common import Incoming
from bot.channels.twilio import form_params, incoming, sender_number, signature_valid

TOKEN = "twilio-auth-token"
URL = "https://bot.jjtherapy.example/webhooks/twilio/webhook"
FIELDS = [("MessageSid", "SM1"), ("From", "+447700900123"), ("To", "+447700900999"),
          ("Body", "left side"), ("NumMedia", "0"), ("SmsStatus", "")]


def twilio_signature(url, fields, token=TOKEN) -> str:
    """Twilio's documented scheme, written out independently of the code under test."""
    data = url + "".join(name + value for name, value in sorted(fields))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def test_a_request_signed_by_twilio_is_valid_blank_fields_included():
    assert signature_valid(TOKEN, URL, FIELDS, twilio_signature(URL, FIELDS))
    assert signature_valid(TOKEN, URL, [], twilio_signature(URL, []))  # an empty body


@pytest.mark.parametrize("signature, url, fields", [
    (None, URL, FIELDS), ("", URL, FIELDS),
    (twilio_signature(URL, FIELDS, "another-token"), URL, FIELDS),
    (twilio_signature(URL, FIELDS), URL, [*FIELDS[:3], ("Body", "right side"), *FIELDS[4:]]),  # changed
    (twilio_signature(URL, FIELDS), URL, FIELDS[:-1]),  # a field dropped
    (twilio_signature(URL, FIELDS), "https://evil.example/webhooks/twilio/webhook", FIELDS),
    (twilio_signature(URL, FIELDS), URL + "?x=1", FIELDS),
])
def test_a_missing_or_forged_signature_is_invalid(signature, url, fields):
    assert not signature_valid(TOKEN, url, fields, signature)


def test_the_form_is_read_with_blank_fields_and_odd_bodies_give_nothing():
    assert form_params(b"Body=hi+there&NumMedia=0&SmsStatus=") == [
        ("Body", "hi there"), ("NumMedia", "0"), ("SmsStatus", "")]
    assert form_params(b"") == [] and form_params(b"\xff\xfe") == []


def test_a_text_message_is_read_and_carrier_mangled_at_signs_restored():
    assert incoming(dict(FIELDS)) == Incoming("SM1", "+447700900123", "left side")
    mangled = dict(FIELDS, Body="jjtherpay365¡gmail.com", From="whatsapp:+447700900123")
    assert incoming(mangled) == Incoming("SM1", "whatsapp:+447700900123", "jjtherpay365@gmail.com")


def test_a_photo_or_location_alone_is_unreadable_and_status_callbacks_are_no_messages():
    photo = dict(FIELDS, Body="", NumMedia="1")
    assert incoming(photo) == Incoming("SM1", "+447700900123", None)
    location = dict(FIELDS, Body="", Latitude="51.5", Longitude="-0.1")
    assert incoming(location).text is None
    status = {"MessageSid": "SM1", "From": "+447700900999", "MessageStatus": "delivered"}
    assert incoming(status) is None


@pytest.mark.parametrize("fields", [{}, {"From": "+447700900123"}, {"MessageSid": "SM1"},
                                    dict(FIELDS, Body="   "), dict(FIELDS, Body="", NumMedia="x")])
def test_fields_without_a_message_give_nothing(fields):
    assert incoming(fields) is None


def test_replies_on_whatsapp_come_from_our_whatsapp_number():
    assert sender_number("+447700900999", "whatsapp:+447700900123") == "whatsapp:+447700900999"
    assert sender_number("whatsapp:+447700900999", "whatsapp:+447700900123") == "whatsapp:+447700900999"
    assert sender_number("+447700900999", "+447700900123") == "+447700900999"
