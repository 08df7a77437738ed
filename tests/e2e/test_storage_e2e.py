"""Stored assessments, proven over HTTP against the real Rasa server and action server.

Each class starts one server pair on its own database (class scope, so at most one
pair runs at a time): a SQLite file, then a PostgreSQL schema. Every test talks to
the bot only through the contract (REST webhook, tracker API, `python -m bot.report`)
and checks what landed in the database by reading it directly.

Run: pytest -m e2e tests/e2e/test_storage_e2e.py -s   (-s shows the timing figures)
"""
from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml

from tests.e2e.bot_servers import MODEL, ROOT, BotServers, reply_text
from tests.e2e.storage_helpers import (
    OUTCOMES,
    RED_FLAGS,
    Database,
    PostgresDatabase,
    SQLiteDatabase,
    conversation_key,
    new_phone_sender,
    outbox_entries,
    postgres_server_url,
    run_report,
    start_servers,
)

pytestmark = pytest.mark.e2e

BOOKING = ("07935 869938", "JJTHERPAY365@gmail.com", "https://wa.me/447935869938")
PSOAS = ("hi", "none of those", "left side only", "yes, stooping takes the edge off", "no")
QUICK_PSOAS = ("pain on the right side when i walk, it eases when i bend forward, no tingling below the knee",
               "none of those")
URGENT = ("since my back went i keep dribbling wee and can't feel the paper when i wipe",)
PARALLEL = 50


def advice(outcome: str) -> str:
    """The first sentence of the advice the domain gives with `outcome`."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return domain["responses"][f"utter_advice_{outcome}"][0]["text"].split(":")[0]


class Stack:
    """A server pair, its database, and what its conversations should have stored."""

    def __init__(self, servers: BotServers, db: Database):
        self.servers = servers
        self.db = db
        self.expected: Dict[str, Tuple[str, Tuple[str, ...]]] = {}  # sender -> (outcome, flags)
        self.senders: set = set()

    def play(self, sender: str, *messages: str) -> List[List[dict]]:
        self.senders.add(sender)
        return [self.servers.send(sender, m) for m in messages]

    def slots(self, sender: str) -> dict:
        return self.servers.slots(sender)

    def reach(self, sender: str, messages: Tuple[str, ...], outcome: str, flags=()) -> List[List[dict]]:
        replies = self.play(sender, *messages)
        assert self.slots(sender)["triage_outcome"] == outcome, reply_text(replies[-1])
        self.expected[sender] = (outcome, tuple(sorted(flags)))
        return replies


def _stack(tmp_path_factory, db_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    workdir = tmp_path_factory.mktemp("storage-e2e")
    db = db_factory(workdir)
    try:
        servers = start_servers(workdir, db)
        try:
            yield Stack(servers, db)
        finally:
            servers.stop()
    finally:
        db.drop()


@pytest.fixture(scope="class")
def sqlite_stack(tmp_path_factory):
    yield from _stack(tmp_path_factory, lambda workdir: SQLiteDatabase(workdir / "bot.db"))


@pytest.fixture(scope="class")
def postgres_stack(tmp_path_factory):
    server = postgres_server_url()

    def make(_workdir: Path) -> PostgresDatabase:
        db = PostgresDatabase(server)
        db.migrate()
        return db

    yield from _stack(tmp_path_factory, make)


# ---------------------------------------------------------------- the flows, on either database

def flow_outcome_is_stored_and_a_correction_updates_it(stack: Stack) -> None:
    sender = new_phone_sender()
    replies = stack.reach(sender, PSOAS, "psoas_likely")
    assert all(term in reply_text(replies[-1]) for term in BOOKING)

    row = stack.db.assessment(sender)
    assert row is not None, "the outcome was told but no assessment was stored"
    assert row["outcome"] == "psoas_likely"
    assert (row["pain_side"], bool(row["pain_one_sided"])) == ("left", True)
    assert bool(row["forward_bend_relief"]) is True and bool(row["leg_numbness_below_knee"]) is False
    assert row["red_flags"] == [] and row["channel"] == "rest" and row["language"] == "en"
    assert bool(row["booking_shown"]) is True
    assert row["started_at"] is not None and row["decided_at"] is not None
    assert row["conversation_key"] == conversation_key(sender)
    # The sender id (a phone number here) is stored nowhere, not even in Rasa's
    # tracker table: conversations are keyed by its HMAC there too.
    dump = stack.db.dump()
    assert sender not in dump and conversation_key(sender) in dump
    assert stack.db.events(sender), "Rasa's events are stored under the conversation key"
    first_id, first_started = row["id"], row["started_at"]

    stack.servers.send(sender, "actually it's both sides")
    assert stack.slots(sender)["triage_outcome"] == "general"
    stack.expected[sender] = ("general", ())
    rows = [r for r in stack.db.assessments() if r["conversation_key"] == conversation_key(sender)]
    assert len(rows) == 1, "a correction must update the same record, not add one"
    row = stack.db.assessment(sender)
    assert (row["id"], row["outcome"], row["pain_side"]) == (first_id, "general", "both")
    assert bool(row["pain_one_sided"]) is False
    assert row["started_at"] == first_started
    assert row["decided_at"] >= row["started_at"]


def flow_delete_my_data(stack: Stack) -> None:
    sender = new_phone_sender()
    other = new_phone_sender()
    stack.reach(sender, PSOAS, "psoas_likely")
    stack.reach(other, URGENT, "urgent", ("bladder_bowel", "saddle_numbness"))
    assert stack.db.assessment(sender) is not None
    assert any(e["type_name"] == "user" for e in stack.db.events(sender))

    told = reply_text(stack.servers.send(sender, "delete my data"))
    stack.expected.pop(sender)
    assert "deleted" in told.lower()

    assert stack.db.assessment(sender) is None
    left = stack.db.events(sender)
    assert not [e for e in left if e["type_name"] == "user"], "the patient's messages are still stored"
    stored_text = " ".join(e["data"] for e in left)
    for said in PSOAS + ("delete my data",):
        assert json.dumps(said) not in stored_text
    assert "left" not in stored_text and "psoas_likely" not in stored_text
    # Someone else's records are untouched.
    assert stack.db.assessment(other)["outcome"] == "urgent"
    assert any(e["type_name"] == "user" for e in stack.db.events(other))

    # The next message starts fresh: nothing remembered, the triage begins again.
    stack.servers.send(sender, "hi")
    slots = stack.slots(sender)
    for name in ("pain_side", "forward_bend_relief", "leg_numbness_below_knee", "red_flags", "triage_outcome"):
        assert slots[name] is None, name
    texts = [e.get("text") for e in stack.servers.tracker(sender)["events"] if e["event"] == "user"]
    assert texts == ["hi"]
    assert stack.db.assessment(sender) is None


def flow_restart_resumes(stack: Stack) -> None:
    sender = new_phone_sender()
    stack.play(sender, "hi", "none of those", "left side only")
    before = stack.slots(sender)
    assert before["requested_slot"] == "forward_bend_relief"
    assert before["pain_side"] == "left" and before["red_flags"] == []

    started = time.monotonic()
    stack.servers.stop_rasa()
    stack.servers.start_rasa()
    print(f"\n[{type(stack.db).__name__}] Rasa server restarted in {time.monotonic() - started:.1f} s")

    after = stack.slots(sender)
    for name in ("requested_slot", "pain_side", "pain_one_sided", "red_flags"):
        assert after[name] == before[name], name
    stack.servers.send(sender, "yes, stooping takes the edge off")
    assert stack.slots(sender)["requested_slot"] == "leg_numbness_below_knee"
    stack.reach(sender, ("no",), "psoas_likely")
    assert stack.db.assessment(sender)["outcome"] == "psoas_likely"


def flow_parallel(stack: Stack, label: str) -> None:
    senders = [f"e2e-par-{uuid.uuid4().hex[:10]}" for _ in range(PARALLEL)]
    before = len(stack.db.assessments())

    def converse(sender: str) -> str:
        stack.play(sender, *QUICK_PSOAS)
        return stack.slots(sender)["triage_outcome"]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = list(pool.map(converse, senders))
    elapsed = time.monotonic() - started

    rows = stack.db.assessments()
    keys = Counter(r["conversation_key"] for r in rows)
    print(f"\n[{label}] {PARALLEL} conversations in parallel ({len(QUICK_PSOAS) * PARALLEL} messages) "
          f"reached their outcome in {elapsed:.1f} s; assessments stored: {len(rows) - before} "
          f"(table total {len(rows)})")
    assert outcomes == ["psoas_likely"] * PARALLEL
    for sender in senders:
        stack.expected[sender] = ("psoas_likely", ())
    assert len(rows) - before == PARALLEL
    assert all(keys[conversation_key(s)] == 1 for s in senders)
    assert all(count == 1 for count in keys.values())
    assert not outbox_entries(stack.servers)


def flow_report_json(stack: Stack) -> None:
    stack.reach(new_phone_sender(), QUICK_PSOAS, "psoas_likely")
    stack.reach(new_phone_sender(), URGENT, "urgent", ("bladder_bowel", "saddle_numbness"))

    done = run_report(stack.servers, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    by_outcome = Counter({o: 0 for o in OUTCOMES})
    flags = Counter({f: 0 for f in RED_FLAGS})
    for outcome, reported in stack.expected.values():
        by_outcome[outcome] += 1
        flags.update(reported)
    assert report == {
        "assessments": len(stack.expected),
        "by_outcome": dict(by_outcome),
        "red_flags": dict(flags),
    }
    assert report["assessments"] == len(stack.db.assessments())
    assert "447700" not in done.stdout


def flow_logs_are_clean(stack: Stack) -> None:
    """No sender id (phone number) and no message text in either server's log.
    The servers run at Rasa's default level (INFO)."""
    stack.reach(new_phone_sender(), URGENT, "urgent", ("bladder_bowel", "saddle_numbness"))
    said = set(PSOAS + QUICK_PSOAS + URGENT + ("actually it's both sides",)) - {"hi", "no"}
    for name in ("rasa.log", "actions.log"):
        log = (stack.servers.workdir / name).read_text(errors="replace")
        leaked = [s for s in stack.senders if s in log] + [t for t in said if t in log]
        assert not leaked, f"{name} holds {leaked[:3]}"


# ---------------------------------------------------------------- SQLite (the default)

class TestSQLite:
    def test_an_outcome_is_stored_once_and_a_correction_updates_it(self, sqlite_stack):
        flow_outcome_is_stored_and_a_correction_updates_it(sqlite_stack)
        raw = b"".join(p.read_bytes() for p in sqlite_stack.db.path.parent.glob("bot.db*"))
        assert b"assessments" in raw and b"events" in raw  # the file the servers write
        for sender in sqlite_stack.senders:
            assert sender.encode() not in raw, "a raw sender id is in the database file"

    def test_delete_my_data_removes_the_assessment_and_the_tracker_events(self, sqlite_stack):
        flow_delete_my_data(sqlite_stack)

    def test_a_rasa_restart_mid_conversation_resumes_the_pending_question(self, sqlite_stack):
        flow_restart_resumes(sqlite_stack)

    def test_fifty_parallel_conversations_store_exactly_fifty_records(self, sqlite_stack):
        flow_parallel(sqlite_stack, "SQLite")

    def test_the_report_json_matches_the_conversations(self, sqlite_stack):
        flow_report_json(sqlite_stack)

    def test_the_logs_hold_no_sender_ids_or_message_text(self, sqlite_stack):
        flow_logs_are_clean(sqlite_stack)


# ---------------------------------------------------------------- PostgreSQL

class TestPostgreSQL:
    def test_assessments_and_tracker_events_land_in_postgresql(self, postgres_stack):
        flow_outcome_is_stored_and_a_correction_updates_it(postgres_stack)
        sender = next(iter(postgres_stack.expected))
        assert [e for e in postgres_stack.db.events(sender) if e["type_name"] == "user"]
        workdir = postgres_stack.servers.workdir
        assert not list(workdir.rglob("*.db")), "nothing may go to a SQLite file"

    def test_delete_my_data_removes_the_assessment_and_the_tracker_events(self, postgres_stack):
        flow_delete_my_data(postgres_stack)

    def test_a_rasa_restart_mid_conversation_resumes_the_pending_question(self, postgres_stack):
        flow_restart_resumes(postgres_stack)

    def test_fifty_parallel_conversations_store_exactly_fifty_records(self, postgres_stack):
        flow_parallel(postgres_stack, "PostgreSQL")

    def test_an_unwritable_assessments_table_queues_the_record_until_it_is_back(self, postgres_stack):
        """The servers log in as a non-superuser role; a superuser REVOKEs its INSERT/UPDATE/
        DELETE on the assessments table, so every save there fails (InsufficientPrivilege)
        while Rasa's own events table, on the same database, keeps working. Stopping the
        server or breaking DATABASE_URL would also stop Rasa's turn, so the patient would
        get no reply at all: that is not the failure the outbox is for."""
        stack, db = postgres_stack, postgres_stack.db
        sender = new_phone_sender()
        db.block_assessments()
        try:
            replies = stack.reach(sender, PSOAS, "psoas_likely")
            told = reply_text(replies[-1])
            assert "left side" in told and advice("psoas_likely") in told
            assert all(term in told for term in BOOKING)
            assert db.assessment(sender) is None
            queued = outbox_entries(stack.servers)
            assert [p.name for p in queued] == [f"{conversation_key(sender)}.json"]
            entry = json.loads(queued[0].read_text())["row"]
            assert entry["outcome"] == "psoas_likely" and entry["pain_side"] == "left"
            assert sender not in queued[0].read_text()
            # Still down: a second outcome waits too, and the first stays queued.
            later = new_phone_sender()
            stack.reach(later, URGENT, "urgent", ("bladder_bowel", "saddle_numbness"))
            assert len(outbox_entries(stack.servers)) == 2
        finally:
            db.unblock_assessments()

        # The database is back: the next save writes what waited, once.
        stack.reach(new_phone_sender(), QUICK_PSOAS, "psoas_likely")
        assert not outbox_entries(stack.servers)
        assert db.assessment(sender)["outcome"] == "psoas_likely"
        assert db.assessment(later)["red_flags"] == ["bladder_bowel", "saddle_numbness"]
        keys = Counter(r["conversation_key"] for r in db.assessments())
        assert all(count == 1 for count in keys.values())
        log = (stack.servers.workdir / "actions.log").read_text(errors="replace")
        assert sender not in log and "dribbling" not in log

    def test_the_report_json_matches_the_conversations(self, postgres_stack):
        flow_report_json(postgres_stack)

    def test_the_logs_hold_no_sender_ids_or_message_text(self, postgres_stack):
        flow_logs_are_clean(postgres_stack)
