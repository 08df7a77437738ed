"""`make explain TEXT="..."`: why the trained bot read a message as it did, for a clinician
reviewing a decision (bot/nlu/explain.py), run as a clinician would run it."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.e2e.bot_servers import MODEL, ROOT

pytestmark = pytest.mark.e2e


MESSAGES = {
    "bladder": "I've lost control of my bladder since yesterday",
    "negated": "no problems with my bladder or bowels at all",
    "clauses": "my legs keep buckling on the stairs, and my back aches when I walk",
}


@pytest.fixture(scope="module")
def explained():
    """One `python -m bot.nlu.explain` run for every message (the model loads once)."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    proc = subprocess.run([sys.executable, "-m", "bot.nlu.explain", "--no-neighbours", *MESSAGES.values()],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    parts = proc.stdout.split("message: ")[1:]
    assert len(parts) == len(MESSAGES), proc.stdout[-2000:]
    for part, text in zip(parts, MESSAGES.values()):
        assert part.startswith(repr(text)), part[:200]  # each explanation, in the order asked
    return dict(zip(MESSAGES, parts))


def test_explain_names_the_rule_the_words_and_the_escalation(explained):
    out = explained["bladder"]
    rules = out.split("semantic reader")[0]
    assert "bladder_bowel" in rules and "lost control of my bladder" in rules
    assert "intent: report_red_flag" in out and "red flags: bladder_bowel" in out


def test_explain_shows_the_negation_that_ruled_a_flag_out(explained):
    out = explained["negated"]
    assert "negated" in out.split("semantic reader")[0]
    assert "red flags: none" in out


def test_explain_shows_each_clause_scored_by_the_semantic_reader(explained):
    out = explained["clauses"]
    semantic = out.split("semantic reader")[1].split("what the bot does")[0]
    assert "'my legs keep buckling on the stairs'" in semantic and "leg_weakness" in semantic
    assert "thresholds: escalate at" in semantic and "semantic verdict: escalate leg_weakness" in semantic
