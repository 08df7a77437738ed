"""No loops, as a property of the whole bot (issue 9): whatever a patient sends, in any order,
no question is asked three times in a row in the same words, no question more than three
times in a row in any words (twice as usual, then once plainly with buttons), every message
gets an answer, and from wherever at most 15 messages lead, a patient who then taps the
buttons reaches an outcome.

Over HTTP against the real Rasa server and action server; the pool is
tests/e2e/no_loop_pool.yml plus every answer of tests/triage/interpreter_table.yml. A
question is known by its words (every wording of domain.yml's utter_ask_* responses).
NO_LOOP_EXAMPLES sets how many conversations hypothesis tries (default 40; derandomized, so
CI tries the same ones every run).
"""
from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent
TABLE = HERE.parent / "triage" / "interpreter_table.yml"
FINISHING_TURNS = 15  # the longest honest path: nine warning signs one at a time, then three questions
# Which button a patient who wants to finish taps: none of the warning signs, left, no.
FINISHING_TITLES = (r"^none of these", r"^no\b", r"^no difference", r"^left$")
START_AGAIN = "I'd like to check my lower back pain when walking"


def load_pool() -> List[str]:
    pool = [text for group in yaml.safe_load((HERE / "no_loop_pool.yml").read_text()).values()
            for text in group]
    table = yaml.safe_load(TABLE.read_text())
    pool += [row[0] for rows in table.values() for row in rows]
    return sorted(set(pool))


POOL = load_pool()


def test_the_pool_holds_a_few_hundred_messages():
    assert len(POOL) >= 300


def question_words() -> Dict[str, str]:
    """Every wording of every question in domain.yml (utter_ask_*): words -> response name."""
    responses = yaml.safe_load((HERE.parent.parent / "domain.yml").read_text())["responses"]
    return {variant["text"].strip(): name for name, variants in responses.items()
            if name.startswith("utter_ask_") for variant in variants}


QUESTIONS = question_words()


def questions_in(replies: List[Dict[str, Any]]) -> List[Tuple[str, str]]:
    """(response name, words) of each question among the bot's replies to one message."""
    return [(QUESTIONS[words], words) for words in ((r.get("text") or "").strip() for r in replies)
            if words in QUESTIONS]


def longest_run(items: List[Any]) -> Tuple[int, Any]:
    best, run, previous = (0, None), 0, object()
    for item in items:
        run = run + 1 if item == previous else 1
        previous = item
        if run > best[0]:
            best = (run, item)
    return best


def question_identity(name: str, words: str) -> str:
    """The three triage questions are one question in any wording; the screen's walk-through
    asks each warning sign in its own words, so there the words tell the questions apart
    (the plain ask of the screen is still the screen)."""
    if name != "utter_ask_red_flags" or words.startswith("To keep you safe"):
        return name
    return f"{name}:{words[:40]}"


def finishing_choice(buttons: List[Dict[str, Any]]) -> Optional[str]:
    for pattern in FINISHING_TITLES:
        for button in buttons:
            if re.search(pattern, (button.get("title") or "").strip(), re.IGNORECASE):
                return str(button["payload"])
    return None


def last_buttons(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    for reply in reversed(replies):
        if reply.get("buttons"):
            return list(reply["buttons"])
    return []


def answered(replies: List[Dict[str, Any]]) -> bool:
    return any((r.get("text") or "").strip() for r in replies)


@settings(max_examples=int(os.environ.get("NO_LOOP_EXAMPLES", "40")), deadline=None,
          derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
          print_blob=True)
@given(messages=st.lists(st.sampled_from(POOL), min_size=1, max_size=15))
def test_no_question_loops_and_every_conversation_can_still_finish(bot, messages):
    sender = f"e2e-noloop-{uuid.uuid4().hex[:12]}"
    replies: List[Dict[str, Any]] = []
    asked: List[Tuple[str, str]] = []
    for text in messages:
        replies = bot.send(sender, text)
        assert answered(replies), f"no answer to {text!r} after {messages}"
        asked += questions_in(replies)

    for _ in range(FINISHING_TURNS):
        slots = bot.slots(sender)
        if slots.get("triage_outcome"):
            break
        tap = finishing_choice(last_buttons(replies)) if slots.get("requested_slot") else None
        replies = bot.send(sender, tap or START_AGAIN)
        assert answered(replies), f"no answer to {tap or START_AGAIN!r} after {messages}"
        asked += questions_in(replies)
    else:
        pytest.fail(f"no outcome {FINISHING_TURNS} taps after {messages}: slots {bot.slots(sender)}")

    same_words, words_asked = longest_run(asked)
    assert same_words < 3, f"{words_asked} three times in a row after {messages}"
    same_question, question = longest_run([question_identity(n, w) for n, w in asked])
    assert same_question <= 3, f"{question} {same_question} times in a row after {messages}"
