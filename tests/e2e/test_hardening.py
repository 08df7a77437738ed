"""Bad input, floods and private logs, over HTTP against the real servers run at DEBUG.

The fuzz (hypothesis) throws arbitrary bodies at every webhook in tests/e2e/webhooks.py:
never a 5xx, valid requests keep the contract, the server keeps serving. The last test
reads both servers' logs, written at DEBUG during all of it: no message text, sender id or
phone number in any line.
"""
from __future__ import annotations

import itertools
import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.e2e.bot_servers import MODEL, BotServers, reply_text
from tests.e2e.webhooks import WEBHOOKS, Webhook, post

pytestmark = pytest.mark.e2e

SAID: list = []  # distinctive things sent (canaries, sender ids, numbers): never in a log
_serial = itertools.count()


def canary() -> str:
    word = f"Quokka{uuid.uuid4().hex[:8]}"
    SAID.append(word)
    return word


def fresh_sender(kind: str = "fz") -> str:
    sender = f"{kind}-{canary()}-{next(_serial)}"
    SAID.append(sender)
    return sender


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    servers = BotServers(tmp_path_factory.mktemp("hardening"))
    try:
        servers.start("--debug")
        yield servers
    finally:
        servers.stop()


class Raw(bytes):
    """A body sent exactly as drawn (not JSON-encoded)."""


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
contract_like = st.fixed_dictionaries(
    {},
    optional={
        "sender": json_values | st.text(max_size=300),
        "message": json_values | st.text(max_size=3000),
        "metadata": json_values,
        "input_channel": json_values,
    },
)
bodies = st.one_of(json_values, contract_like, st.binary(max_size=300).map(Raw))


def unique_sender(data):
    """A drawn string sender gets a unique prefix, so conversations never mix and no
    sender is throttled; empty and blank senders stay as drawn (they must get 400)."""
    if isinstance(data, dict) and isinstance(data.get("sender"), str) and data["sender"].strip():
        return {**data, "sender": fresh_sender() + data["sender"]}
    return data


def send(webhook: Webhook, bot: BotServers, data):
    if isinstance(data, Raw):
        return post(bot.url + webhook.path, bytes(data), {"Content-Type": "application/json"})
    return webhook.send(bot.url, data)


def check(webhook: Webhook, data, resp) -> None:
    assert resp.status < 500, (resp.status, resp.body[:300])
    if isinstance(data, Raw) or not webhook.valid(data):
        assert resp.status in webhook.refused, (resp.status, resp.body[:300])
        assert "error" in resp.json()
        return
    assert resp.status == 200, (resp.status, resp.body[:300])
    replies = resp.json()
    assert isinstance(replies, list) and replies, "a valid message always gets an answer"
    for reply in replies:
        assert reply["recipient_id"] == data["sender"]
        assert set(reply) <= {"recipient_id", "text", "buttons", "image", "custom", "attachment"}


@pytest.mark.parametrize("webhook", WEBHOOKS, ids=lambda w: w.name)
@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=bodies)
@example(data=Raw(b""))
@example(data=[])
@example(data={"message": "hi"})
@example(data={"sender": "", "message": "hi"})
@example(data={"sender": "   ", "message": "hi"})
@example(data={"sender": "x", "message": None})
@example(data={"sender": "x", "message": 5})
@example(data={"sender": "x", "message": ["hi"]})
@example(data={"sender": "x", "message": " \n "})
@example(data={"sender": "x", "message": ""})
@example(data={"sender": "x", "message": "a\x00b\x07c\ud800 end"})
def test_any_body_gets_a_clear_answer_and_never_a_5xx(bot, webhook, data):
    data = unique_sender(data)
    check(webhook, data, send(webhook, bot, data))


@pytest.mark.parametrize("webhook", WEBHOOKS, ids=lambda w: w.name)
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=400))
def test_any_text_from_a_patient_gets_an_answer(bot, webhook, text):
    data = {"sender": fresh_sender(), "message": f"{text} {canary()}"}
    check(webhook, data, send(webhook, bot, data))


def test_json_nested_500_deep_is_not_a_crash(bot):
    deep = "[" * 500 + "]" * 500
    resp = post(bot.url + "/webhooks/rest/webhook",
                f'{{"sender": "{fresh_sender()}", "message": "hi", "metadata": {deep}}}'.encode())
    assert resp.status == 200 and "not a clinician" in reply_text(resp.json())
    resp = post(bot.url + "/webhooks/rest/webhook", ("[" * 10_000 + "]" * 10_000).encode())
    assert resp.status == 400


def test_bodies_over_the_limit_are_refused_and_long_messages_are_not_read(bot):
    sender = fresh_sender()
    big = post(bot.url + "/webhooks/rest/webhook", json.dumps({"sender": sender, "message": "a" * 100_000}).encode())
    assert big.status == 413 and "larger than" in big.json()["error"]
    long = bot.send(sender, f"my back hurts {canary()} " + "and it hurts " * 200)
    assert "shorter parts" in reply_text(long)
    assert not [e for e in bot.tracker(sender)["events"] if e["event"] == "user"], "the NLU never saw it"
    assert "not a clinician" in reply_text(bot.send(sender, "hi")), "the conversation goes on"


def test_without_a_sender_nobody_joins_a_shared_conversation(bot):
    for text in (f"my name is {canary()}", f"I live at {canary()}"):
        resp = post(bot.url + "/webhooks/rest/webhook", json.dumps({"message": text}).encode())
        assert resp.status == 400 and "sender" in resp.json()["error"]
    shared = bot.tracker("default")
    assert not [e for e in shared["events"] if e["event"] == "user"]


def test_a_flood_from_one_sender_is_throttled_and_its_turns_run_one_at_a_time(bot):
    flooder, calm = fresh_sender("flood"), fresh_sender("calm")

    def flood_one(_):
        return post(bot.url + "/webhooks/rest/webhook", json.dumps({"sender": flooder, "message": "hi"}).encode())

    with ThreadPoolExecutor(max_workers=40) as pool:
        flooding = pool.map(flood_one, range(80))
        calm_replies = [bot.send(calm, m) for m in ("hi", "none of those", "left side only",
                                                     "yes, stooping takes the edge off", "no")]
        results = list(flooding)
    statuses = [r.status for r in results]
    assert set(statuses) <= {200, 429} and statuses.count(429) > 0
    for r in results:
        assert r.json(), "every flooded request is answered, if only with 'slow down'"
        if r.status == 429:
            assert "wait a few seconds" in reply_text(r.json()) and int(r.headers["Retry-After"]) >= 1
    users = [e for e in bot.tracker(flooder)["events"] if e["event"] == "user"]
    assert len(users) == statuses.count(200), "every answered turn is stored once: none ran side by side"
    assert bot.slots(calm)["triage_outcome"] == "psoas_likely", reply_text(calm_replies[-1])


def test_the_server_keeps_serving_after_all_of_it(bot):
    sender = fresh_sender("after")
    bot.send(sender, "hi")
    bot.send(sender, "none of those")
    assert bot.slots(sender)["requested_slot"] == "pain_side"


def test_a_phone_number_as_sender_or_in_a_message_is_never_logged(bot):
    phone_sender, phone_said = "+447700900123", "07700 900456"
    SAID.extend([phone_sender, "447700900123", phone_said, "07700900456"])
    bot.send(phone_sender, f"hi, call me on {phone_said}")
    bot.send(phone_sender, "none of those")


def test_no_log_line_at_any_level_holds_what_patients_sent(bot):
    """Runs last: both servers logged at DEBUG through everything above."""
    for name in ("rasa.log", "actions.log"):
        log = (bot.workdir / name).read_text(errors="replace")
        assert " DEBUG " in log, f"{name}: the server was not logging at DEBUG"
        folded = log.casefold()
        leaked = [s for s in SAID if s.casefold() in folded]
        assert not leaked, f"{name} holds {leaked[:5]}"
