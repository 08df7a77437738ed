"""The WhatsApp Cloud API's shapes: handshake, signature, incoming and outgoing messages."""
from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from bot.channels.common import Incoming
from bot.channels.whatsapp_api import (
    incoming_messages,
    messages_for,
    signature_valid,
    text_messages,
    verification_answer,
)

SECRET = "app-secret"
NUMBER_ID = "1234567890"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
SIDES = [
    {"title": "Left", "payload": '/inform_symptoms{"pain_side": "left"}'},
    {"title": "Right", "payload": '/inform_symptoms{"pain_side": "right"}'},
    {"title": "Both sides", "payload": '/inform_symptoms{"pain_side": "both"}'},
    {"title": "In the middle", "payload": '/inform_symptoms{"pain_side": "central"}'},
    {"title": "Still not sure", "payload": "/not_sure"},
]


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- handshake and signature

@pytest.mark.parametrize("params, answer", [
    ({"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "1158201444"}, "1158201444"),
    ({"hub.mode": "subscribe", "hub.verify_token": "other", "hub.challenge": "1"}, None),  # wrong token
    ({"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}, None),  # empty token
    ({"hub.mode": "subscribe", "hub.challenge": "1"}, None),  # no token
    ({"hub.mode": "unsubscribe", "hub.verify_token": "vt", "hub.challenge": "1"}, None),  # other mode
    ({"hub.mode": "subscribe", "hub.verify_token": "vt"}, None),  # nothing to echo
    ({"hub.mode": "subscribe", "hub.verify_token": "vté", "hub.challenge": "1"}, None),  # non-ASCII
])
def test_the_handshake_echoes_the_challenge_only_for_our_verify_token(params, answer):
    assert verification_answer(params, "vt") == answer


def test_a_body_signed_with_the_app_secret_is_valid():
    body = b'{"object": "whatsapp_business_account"}'
    assert signature_valid(SECRET, body, sign(body))
    assert signature_valid(SECRET, body, sign(body).upper().replace("SHA256=", "sha256="))


@pytest.mark.parametrize("header", [
    None, "", "sha256=", "sha1=abc", "sha256=" + "0" * 64, sign(b"{}", "another-secret"),
    sign(b'{"object": "whatsapp_business_account"} '),  # the body changed after signing
    "sha256=é" + "0" * 63,
])
def test_a_missing_forged_or_stale_signature_is_invalid(header):
    assert not signature_valid(SECRET, b'{"object": "whatsapp_business_account"}', header)


# ---------------------------------------------------------------- what a webhook delivers

def webhook(*messages, statuses=(), number_id=NUMBER_ID):
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": number_id},
             "contacts": [{"wa_id": "447700900123"}], "messages": list(messages), "statuses": list(statuses)}
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "waba", "changes": [{"field": "messages", "value": value}]}]}


def message(kind, mid="wamid.1", **content):
    return {"from": "447700900123", "id": mid, "timestamp": "1700000000", "type": kind, **content}


def test_text_button_and_list_replies_are_read():
    found, failures = incoming_messages(webhook(
        message("text", "m1", text={"body": " left side "}),
        message("interactive", "m2", interactive={"type": "button_reply", "button_reply": {"id": "/affirm", "title": "Yes"}}),
        message("interactive", "m3", interactive={"type": "list_reply", "list_reply": {"id": "/deny", "title": "No"}}),
        message("button", "m4", button={"payload": "/ask_booking", "text": "Book"}),
    ), NUMBER_ID)
    assert found == [
        Incoming("m1", "447700900123", "left side"),
        Incoming("m2", "447700900123", "/affirm", chosen=True),
        Incoming("m3", "447700900123", "/deny", chosen=True),
        Incoming("m4", "447700900123", "/ask_booking", chosen=True),
    ]
    assert failures == []


def test_photos_and_voice_notes_are_marked_unreadable_and_reactions_ignored():
    found, _ = incoming_messages(webhook(
        message("image", "m1", image={"id": "media", "caption": "my back"}),
        message("audio", "m2", audio={"id": "media", "voice": True}),
        message("reaction", "m3", reaction={"message_id": "x", "emoji": "👍"}),
        message("text", "m4", text={"body": "   "}),
    ), NUMBER_ID)
    assert found == [Incoming("m1", "447700900123", None), Incoming("m2", "447700900123", None)]


def test_status_callbacks_are_no_messages_and_failures_are_reported():
    statuses = [{"id": "wamid.9", "status": "delivered", "recipient_id": "447700900123"},
                {"id": "wamid.8", "status": "failed", "errors": [{"code": 131047, "title": "Re-engagement"}]}]
    assert incoming_messages(webhook(statuses=statuses), NUMBER_ID) == ([], [131047])


def test_messages_to_another_number_of_the_business_are_not_ours():
    body = webhook(message("text", text={"body": "hi"}), number_id="999")
    assert incoming_messages(body, NUMBER_ID) == ([], [])


@pytest.mark.parametrize("payload", [
    None, [], "text", 42, {}, {"entry": "x"}, {"entry": [None, {"changes": [1, {"value": []}]}]},
    {"entry": [{"changes": [{"field": "messages", "value": {"metadata": {"phone_number_id": NUMBER_ID},
                                                            "messages": [None, {"type": "text"}, {"id": "m"}]}}]}]},
    webhook(message("interactive", interactive={"type": "button_reply"})),
])
def test_odd_shapes_are_ignored_without_an_exception(payload):
    found, _ = incoming_messages(payload, NUMBER_ID)
    assert all(m.text is None for m in found)


# ---------------------------------------------------------------- what we send

def shown(messages) -> str:
    """Everything a patient can see in the messages (bodies, titles, descriptions)."""
    seen = []
    for m in messages:
        if m["type"] == "text":
            seen.append(m["text"]["body"])
        else:
            i = m["interactive"]
            seen.append(i["body"]["text"])
            for b in i["action"].get("buttons", []):
                seen.append(b["reply"]["title"])
            for section in i["action"].get("sections", []):
                for row in section["rows"]:
                    seen += [row["title"], row.get("description", "")]
    return "\n".join(seen)


def test_up_to_three_short_choices_are_reply_buttons_answering_their_payloads():
    [sent] = messages_for("447700900123", "Does bending forward ease it?", YES_NO)
    assert sent["to"] == "447700900123" and sent["type"] == "interactive"
    assert sent["interactive"]["type"] == "button"
    assert sent["interactive"]["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": "/affirm", "title": "Yes"}},
        {"type": "reply", "reply": {"id": "/deny", "title": "No"}}]
    assert "/affirm" not in shown([sent])


def test_more_choices_or_long_titles_make_a_list_of_up_to_ten():
    [sent] = messages_for("447700900123", "Which side?", SIDES)
    assert sent["interactive"]["type"] == "list"
    rows = sent["interactive"]["action"]["sections"][0]["rows"]
    assert [r["title"] for r in rows] == ["Left", "Right", "Both sides", "In the middle", "Still not sure"]
    assert rows[0]["id"] == '/inform_symptoms{"pain_side": "left"}'
    assert len(sent["interactive"]["action"]["button"]) <= 20
    long = [{"title": "First 48 hours: do's and don'ts", "payload": "what should I do first?"}, *YES_NO]
    [sent] = messages_for("447700900123", "More?", long)
    row = sent["interactive"]["action"]["sections"][0]["rows"][0]
    assert len(row["title"]) <= 24 and row["title"].endswith("…")
    assert row["description"] == "First 48 hours: do's and don'ts"


def test_beyond_ten_choices_are_numbered_text_without_payloads():
    many = [{"title": f"Option {i}", "payload": f'/pick{{"n": {i}}}'} for i in range(1, 12)]
    [sent] = messages_for("447700900123", "Pick one", many)
    assert sent["type"] == "text"
    body = sent["text"]["body"]
    assert body.startswith("Pick one\n\n1. Option 1\n2. Option 2") and "11. Option 11" in body
    assert "/pick" not in body and "{" not in body


def test_a_text_too_long_for_an_interactive_message_goes_first_as_text():
    text = ("A long explanation. " * 60).strip() + "\n\nDoes it ease?"
    first, second = messages_for("447700900123", text, YES_NO)
    assert first["type"] == "text" and first["text"]["body"].startswith("A long explanation.")
    assert second["interactive"]["body"]["text"] == "Does it ease?"


def test_buttons_without_titles_are_never_shown_by_payload():
    sent = messages_for("447700900123", "Hello", [{"payload": "/greet"}])
    assert shown(sent) == "Hello"


def test_links_are_plain_text_without_previews():
    [sent] = text_messages("447700900123", "Message us on [WhatsApp](https://wa.me/447935869938)")
    assert sent["text"] == {"preview_url": False, "body": "Message us on WhatsApp: https://wa.me/447935869938"}


def test_long_texts_are_split_within_the_limit():
    sent = text_messages("447700900123", "\n\n".join(["word " * 300] * 5))
    assert len(sent) > 1 and all(len(m["text"]["body"]) <= 4096 for m in sent)
    assert all(json.dumps(m) for m in sent)
