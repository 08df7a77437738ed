"""Several Rasa servers sharing PostgreSQL and Redis, and the faults around them.

Two Rasa servers and one action server, as `make rasa` / `make actions` start them with the
same DATABASE_URL (a PostgreSQL schema) and REDIS_URL. Twenty simulated patients talk at
once, each conversation's turns alternating between the two servers, as a load balancer
without sticky routing would send them. Then one server is killed (SIGKILL) mid-conversation
and started again. Last, a server whose REDIS_URL points at a Redis that is down.
"""
from __future__ import annotations

import signal
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Tuple

import pytest

from tests.e2e.bot_servers import MODEL, BotServers, free_port
from tests.e2e.storage_helpers import HASH_SECRET, PostgresDatabase, conversation_key, postgres_server_url
from tests.redis_server import redis_server_url

pytestmark = pytest.mark.e2e

PATIENTS = 20
# (messages, the slots they must leave): the contract's slots, each conversation's own
TRIAGES: List[Tuple[Tuple[str, ...], Dict[str, object]]] = [
    (("hi", "none of those", "left side only", "yes, bending forward helps", "no"),
     {"pain_side": "left", "forward_bend_relief": True, "leg_numbness_below_knee": False, "red_flags": [],
      "triage_outcome": "psoas_likely"}),
    (("hi", "none of those", "both sides", "no", "no"),
     {"pain_side": "both", "forward_bend_relief": False, "leg_numbness_below_knee": False, "red_flags": [],
      "triage_outcome": "general"}),
    (("hi", "none", "left", "oh and i've had a fever since yesterday"),
     {"pain_side": "left", "red_flags": ["fever_unwell"], "triage_outcome": "urgent"}),
    (("hi", "none of those", "left", "yes", "no", "actually it's both sides"),
     {"pain_side": "both", "pain_one_sided": False, "forward_bend_relief": True, "triage_outcome": "general"}),
    (("pain on the right side when i walk, it eases when i bend forward, no tingling below the knee",
      "none of those"),
     {"pain_side": "right", "pain_one_sided": True, "forward_bend_relief": True,
      "leg_numbness_below_knee": False, "triage_outcome": "psoas_likely"}),
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    db = PostgresDatabase(postgres_server_url())
    redis_url = redis_server_url()
    workdir = tmp_path_factory.mktemp("scale-out")
    shared = {"DATABASE_URL": db.url, "BOT_HASH_SECRET": HASH_SECRET, "REDIS_URL": redis_url}
    first = BotServers(workdir / "a", env=shared)
    servers = [first]
    try:
        (workdir / "a").mkdir()
        second = BotServers(workdir / "b", env={**shared, "ACTIONS_URL": first.env["ACTIONS_URL"]})
        (workdir / "b").mkdir()
        servers.append(second)
        first.start_actions(wait=False)
        first.start_rasa(wait=False)
        second.start_rasa(wait=False)
        first.wait_actions()
        first.wait_rasa()
        second.wait_rasa()
        yield servers, db
    finally:
        for server in servers:
            server.stop()
        db.drop()


def test_twenty_patients_alternating_between_two_servers_each_get_their_outcome_once(cluster):
    servers, db = cluster
    senders = [f"scale-{i}-{uuid.uuid4().hex[:8]}" for i in range(PATIENTS)]

    def converse(index: int) -> Dict[str, object]:
        messages, _ = TRIAGES[index % len(TRIAGES)]
        for turn, text in enumerate(messages):
            replies = servers[(turn + index) % 2].send(senders[index], text)
            assert replies, f"no reply to turn {turn}"
        return servers[index % 2].slots(senders[index])

    with ThreadPoolExecutor(max_workers=PATIENTS) as pool:
        slots = list(pool.map(converse, range(PATIENTS)))

    for index, got in enumerate(slots):
        _, want = TRIAGES[index % len(TRIAGES)]
        assert {name: got[name] for name in want} == want, senders[index]
    keys = Counter(row["conversation_key"] for row in db.assessments())
    for index, sender in enumerate(senders):
        assert keys[conversation_key(sender)] == 1, "each conversation stores exactly one record"
        row = db.assessment(sender)
        assert row["outcome"] == TRIAGES[index % len(TRIAGES)][1]["triage_outcome"]


def test_a_server_killed_mid_conversation_resumes_it_after_a_restart(cluster):
    servers, db = cluster
    first, second = servers
    sender = f"scale-kill-{uuid.uuid4().hex[:8]}"
    second.send(sender, "hi")
    second.send(sender, "none of those")
    second.send(sender, "left side only")
    assert second.slots(sender)["requested_slot"] == "forward_bend_relief"

    second.rasa.send_signal(signal.SIGKILL)  # no shutdown: as a crash or an OOM kill would stop it
    second.rasa.wait(timeout=30)
    first.send(sender, "yes, bending forward helps")  # the other server carries on meanwhile
    assert first.slots(sender)["requested_slot"] == "leg_numbness_below_knee"

    second.start_rasa()
    second.send(sender, "no")
    slots = second.slots(sender)
    assert (slots["pain_side"], slots["forward_bend_relief"], slots["leg_numbness_below_knee"]) == \
        ("left", True, False)
    assert slots["triage_outcome"] == "psoas_likely"
    assert db.assessment(sender)["outcome"] == "psoas_likely"


def test_a_server_whose_redis_is_down_stops_at_start_with_a_clear_message(tmp_path):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    closed = free_port()  # nothing listens there
    servers = BotServers(tmp_path, env={"REDIS_URL": f"redis://:s3cret@127.0.0.1:{closed}/0"})
    try:
        with pytest.raises(RuntimeError, match="exited"):
            servers.start_rasa()
    finally:
        servers.stop()
    log = (tmp_path / "rasa.log").read_text(errors="replace")
    assert f"REDIS_URL is set to redis://:***@127.0.0.1:{closed}/0 but Redis does not answer" in log
    assert "s3cret" not in log
