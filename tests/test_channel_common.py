"""What the WhatsApp and Twilio channels share: typed text, numbered options, splitting."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import BotUttered, UserUttered

from bot.channels.common import (
    chosen_number,
    last_offered_buttons,
    log_id,
    numbered_choice,
    numbered_options,
    plain_links,
    retryable,
    split_text,
    typed_text,
)

SIDES = [
    {"title": "Left", "payload": '/inform_symptoms{"pain_side": "left"}'},
    {"title": "Right", "payload": '/inform_symptoms{"pain_side": "right"}'},
    {"title": "Not sure", "payload": ""},
]


@pytest.mark.parametrize("typed, read", [
    ("  left side ", "left side"),
    ("/affirm", "affirm"),  # a typed intent is not an instruction
    ('//inform_symptoms{"pain_side": "left"}', 'inform_symptoms{"pain_side": "left"}'),
    ("", ""), (None, ""), ("  /  ", ""),
])
def test_typed_text_never_reaches_the_bot_as_an_intent(typed, read):
    assert typed_text(typed) == read


def test_options_are_numbered_by_title_and_never_show_a_payload():
    text = numbered_options("Which side?", SIDES)
    assert text == "Which side?\n\n1. Left\n2. Right\n3. Not sure"
    assert numbered_options("", SIDES[:1]) == "1. Left"


@pytest.mark.parametrize("reply, number", [
    ("2", 2), (" 2. ", 2), ("#3", 3), ("2)", 2), ("option 1", 1), ("Option 10", 10),
    ("2 days", None), ("left", None), ("", None), ("123", None), ("1.5", None),
])
def test_a_numeric_reply_is_recognised(reply, number):
    assert chosen_number(reply) == number


def test_a_number_picks_the_option_it_numbers():
    assert numbered_choice(1, SIDES) == '/inform_symptoms{"pain_side": "left"}'
    assert numbered_choice(3, SIDES) == "Not sure"  # no payload: its title is the answer
    assert numbered_choice(0, SIDES) is None and numbered_choice(4, SIDES) is None
    assert numbered_choice(1, []) is None


def test_the_options_offered_are_those_of_the_last_bot_message_since_the_patient_wrote():
    events = [
        BotUttered("Which side?", data={"buttons": SIDES}),
        UserUttered("left"),
        BotUttered("Does bending ease it?", data={"buttons": [{"title": "Yes", "payload": "/affirm"}]}),
        BotUttered("(a note without buttons)"),
    ]
    assert [b["title"] for b in last_offered_buttons(events)] == ["Yes"]
    assert last_offered_buttons(events + [UserUttered("yes")]) == []
    assert last_offered_buttons([]) == []


def test_markdown_links_become_label_and_url():
    assert plain_links("Book [here](https://wa.me/447935869938).") == "Book here: https://wa.me/447935869938."
    assert plain_links("see https://example.org") == "see https://example.org"


def test_texts_are_split_at_paragraphs_lines_or_words():
    text = "first paragraph\n\nsecond paragraph that is longer"
    assert split_text(text, 100) == [text]
    assert split_text(text, 20) == ["first paragraph", "second paragraph", "that is longer"]
    assert all(len(p) <= 7 for p in split_text("x" * 20, 7))
    assert split_text("   ", 10) == []


def test_only_failures_that_may_pass_are_retried():
    assert retryable(None) and retryable(429) and retryable(500) and retryable(503)
    assert not retryable(400) and not retryable(401) and not retryable(404)


def test_log_ids_are_pseudonymous(monkeypatch):
    monkeypatch.setenv("BOT_HASH_SECRET", "s")
    assert "447700900123" not in log_id("447700900123") and len(log_id("447700900123")) == 12
    assert log_id("447700900123") == log_id("447700900123") != log_id("447700900124")


def test_channels_are_named_in_credentials_and_off_until_every_setting_is_set(monkeypatch):
    import yaml

    from bot import settings
    from bot.channels.twilio import TwilioInput
    from bot.channels.whatsapp import WhatsAppInput
    from tests.conftest import ROOT

    named = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert {"bot.channels.whatsapp.WhatsAppInput", "bot.channels.twilio.TwilioInput"} <= set(named)
    for channel, names in ((WhatsAppInput, settings.WHATSAPP_VARIABLES), (TwilioInput, settings.TWILIO_VARIABLES)):
        for name in names:
            monkeypatch.setenv(name, "set")
        assert channel.from_credentials(None).get_output_channel() is not None
        assert channel.from_credentials(None).name() in ("whatsapp", "twilio")
        monkeypatch.setenv(names[-1], " ")
        assert channel.from_credentials(None).get_output_channel() is None
        for name in names:
            monkeypatch.delenv(name)
        assert channel.from_credentials(None).get_output_channel() is None
