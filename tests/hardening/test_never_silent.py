"""The never-silent wrapper, the per-sender throttle and the REST body checks, in-process.
(Over HTTP against the real servers: tests/e2e/test_hardening.py and test_outages.py.)"""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot import clinic
from bot.channels import never_silent as ns
from bot.channels import rest, throttle


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    monkeypatch.setattr(throttle, "_shared", None)


async def turn(on_new_message, text="hi", sender="patient"):
    out = CollectingOutputChannel()
    outcome = await ns.never_silent(on_new_message)(UserMessage(text, out, sender))
    return outcome, [m.get("text") for m in out.messages]


async def answers(message):
    await message.output_channel.send_response(message.sender_id, {"text": f"you said {message.text}"})


async def says_nothing(message):
    return None


async def fails(message):
    raise RuntimeError("the action server is down")


async def test_an_answered_turn_passes_through_untouched():
    assert await turn(answers) == (ns.Outcome.ANSWERED, ["you said hi"])


@pytest.mark.parametrize("handler", [says_nothing, fails], ids=["silent", "raising"])
async def test_a_silent_or_failed_turn_gets_the_apology_with_the_clinics_contacts(handler):
    outcome, texts = await turn(handler)
    assert outcome is ns.Outcome.APOLOGISED and len(texts) == 1
    assert all(fact in texts[0] for fact in (clinic.PHONE, clinic.EMAIL, clinic.WHATSAPP_LINK, "999"))


async def test_a_turn_that_hangs_is_stopped_and_apologised_for(monkeypatch):
    monkeypatch.setenv("BOT_TURN_SECONDS", "0.1")

    async def hangs(message):
        await asyncio.sleep(30)

    outcome, texts = await turn(hangs)
    assert outcome is ns.Outcome.APOLOGISED and clinic.PHONE in texts[0]


async def test_a_message_over_the_limit_is_not_read_and_the_patient_is_asked_to_shorten_it(monkeypatch):
    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "10")
    seen = []

    async def records(message):
        seen.append(message.text)

    outcome, texts = await turn(records, text="x" * 11)
    assert outcome is ns.Outcome.TOO_LONG and not seen
    assert "shorter parts" in texts[0]
    assert (await turn(answers, text="x" * 10))[0] is ns.Outcome.ANSWERED


async def test_control_characters_and_broken_unicode_never_reach_rasa():
    seen = []

    async def records(message):
        seen.append(message.text)
        await answers(message)

    await turn(records, text="left\x00 side\x07\ud800 please\nthanks")
    assert seen == ["left  side ? please\nthanks"]
    seen[0].encode("utf-8")


async def test_a_flooding_sender_is_asked_to_slow_down_and_others_are_not(monkeypatch):
    monkeypatch.setenv("BOT_SENDER_BURST", "3")
    outcomes = [(await turn(answers, sender="flood"))[0] for _ in range(5)]
    assert outcomes == [ns.Outcome.ANSWERED] * 3 + [ns.Outcome.THROTTLED] * 2
    outcome, texts = await turn(answers, sender="flood")
    assert outcome is ns.Outcome.THROTTLED and "wait a few seconds" in texts[0]
    assert (await turn(answers, sender="someone else"))[0] is ns.Outcome.ANSWERED


def test_the_bucket_refills_at_the_sustained_rate():
    now = [0.0]
    bucket = throttle.Throttle(burst=2, per_minute=60, waiting=5, clock=lambda: now[0])
    assert [bucket.admit("s") for _ in range(3)] == [True, True, False]
    assert bucket.retry_after("s") == 1
    now[0] += 1.0
    assert bucket.admit("s") and not bucket.admit("s")


def test_at_most_one_answered_and_a_few_waiting_per_sender():
    bucket = throttle.Throttle(burst=100, per_minute=60, waiting=2, clock=lambda: 0.0)
    assert [bucket.admit("s") for _ in range(4)] == [True, True, True, False]
    bucket.done("s")
    assert bucket.admit("s")


@pytest.mark.parametrize("body, problem", [
    (b"", "empty"),
    (b"   ", "empty"),
    (b"not json", "not valid JSON"),
    (b"\xff\xfe", "not valid JSON"),
    (b"[]", "JSON object"),
    (b"5", "JSON object"),
    (b'{"message": "hi"}', '"sender"'),
    (b'{"sender": 5, "message": "hi"}', '"sender"'),
    (b'{"sender": "  ", "message": "hi"}', '"sender"'),
    (b'{"sender": "a\\u0000b", "message": "hi"}', '"sender"'),
    (b'{"sender": "' + b"x" * 257 + b'", "message": "hi"}', '"sender"'),
    (b'{"sender": "x"}', '"message"'),
    (b'{"sender": "x", "message": null}', '"message"'),
    (b'{"sender": "x", "message": ["hi"]}', '"message"'),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
])
def test_bodies_outside_the_contract_are_explained(body, problem):
    with pytest.raises(rest.BadRequest, match=problem):
        rest.parse(body)


def test_an_empty_message_is_passed_on_for_the_bot_to_answer():
    assert rest.parse(b'{"sender": "x", "message": " "}') == ("x", " ")


def test_the_contract_is_read_as_it_always_was():
    assert rest.parse(b'{"sender": "+447700900123", "message": "my back hurts", "metadata": {"a": 1}}') == (
        "+447700900123", "my back hurts")
