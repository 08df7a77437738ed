"""The question on screen reads the answer first: a table of phrasings per question
(interpreter_table.yml), each read as the live bot reads it, with the classifier guessing
"faq" (the guess that used to turn answers into FAQ replies and loops)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml

from bot.nlu.reading import Reading, read
from bot.triage.questions import Question

TABLE: Dict[str, List[List[Any]]] = yaml.safe_load((Path(__file__).parent / "interpreter_table.yml").read_text())
QUESTIONS = {
    "side": Question("side", "pain_side"),
    "forward_bend_relief": Question("yes_no", "forward_bend_relief"),
    "leg_numbness_below_knee": Question("yes_no", "leg_numbness_below_knee"),
    "screen": Question("screen", "red_flags"),
    "check": Question("yes_no", "red_flag_check", "saddle_numbness"),
}
# YAML reads a bare yes / no as a boolean: the table means the answer words
ROWS = [(name, text, {True: "yes", False: "no"}.get(expected, expected)) if isinstance(expected, bool)
        else (name, text, expected) for name, rows in TABLE.items() for text, expected in rows]


def answer_read(name: str, reading: Reading) -> Optional[str]:
    """The answer the bot took from the message, in the table's terms."""
    values = {entity: value for entity, value, _, _ in reading.entities}
    if name == "check":
        return {"report_red_flag": "yes", "rule_out_red_flag": "no", "not_sure_of_red_flag": "unsure"}.get(
            reading.intent or "")
    if name == "screen":
        return {"deny_red_flags": "none", "affirm": "some", "not_sure": "unsure", "report_red_flag": "flag"}.get(
            reading.intent or "")
    if reading.intent == "not_sure":
        return "unsure"
    slot = QUESTIONS[name].slot
    if reading.intent != "inform_symptoms" or slot not in values:
        return None
    value = values[slot]
    return value if isinstance(value, str) else ("yes" if value else "no")


def test_each_question_has_at_least_40_phrasings():
    assert {name: len(rows) for name, rows in TABLE.items() if len(rows) < 40} == {}


@pytest.mark.parametrize("name,text,expected", ROWS, ids=[f"{n}: {t}" for n, t, _ in ROWS])
def test_the_question_on_screen_reads_the_answer(name, text, expected):
    assert answer_read(name, read(text, "faq", QUESTIONS[name])) == expected
