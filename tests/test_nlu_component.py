"""The clinical reader as a Rasa NLU component: what it does to a parsed message."""
from __future__ import annotations

from typing import List, Optional

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import ClinicalEntityExtractor


def parsed(text: str, guess: str = "inform_symptoms", confidence: float = 0.9,
           ranking: Optional[List[dict]] = None) -> Message:
    """A message as the statistical classifier left it, before the clinical reader."""
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": guess, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, ranking or [{"name": guess, "confidence": confidence}])
    return message


def read(message: Message) -> Message:
    return ClinicalEntityExtractor().process([message])[0]


def entity_values(message: Message, name: str) -> list:
    return [e["value"] for e in message.get(ENTITIES) if e["entity"] == name]


def test_a_red_flag_always_becomes_report_red_flag_whatever_the_classifier_guessed():
    message = read(parsed("i keep wetting myself since my back went", guess="faq", confidence=1.0))
    assert message.get(INTENT)["name"] == "report_red_flag"
    assert entity_values(message, "red_flag") == ["bladder_bowel"]


def test_cauda_equina_signs_route_to_999_and_a_fever_to_111():
    emergency = read(parsed("my bum has gone numb"))
    urgent_care = read(parsed("i've had a fever since yesterday"))
    assert entity_values(emergency, "urgent_route") == ["emergency"]
    assert entity_values(urgent_care, "urgent_route") == ["urgent_care"]


def test_slot_facts_become_entities_with_offsets_into_the_text():
    text = "left side, eases when i bend forward, tingling in my toes"
    message = read(parsed(text))
    by_name = {e["entity"]: e for e in message.get(ENTITIES)}
    assert by_name["pain_side"]["value"] == "left"
    assert by_name["forward_bend_relief"]["value"] is True
    assert by_name["leg_numbness_below_knee"]["value"] is True
    side = by_name["pain_side"]
    assert text[side["start"]:side["end"]].startswith("left")


def test_a_red_flag_guess_the_reader_cannot_name_becomes_a_hint_to_ask_about():
    message = read(parsed("things are not right down below", guess="report_red_flag", confidence=0.8))
    assert message.get(INTENT)["name"] == "hint_red_flag"
    assert entity_values(message, "red_flag") == []


def test_a_red_flag_guess_on_a_negated_flag_is_not_a_hint():
    ranking = [{"name": "report_red_flag", "confidence": 0.7}, {"name": "inform_symptoms", "confidence": 0.2}]
    message = read(parsed("no bladder problems, just a stiff back", guess="report_red_flag",
                          confidence=0.7, ranking=ranking))
    assert message.get(INTENT)["name"] == "inform_symptoms"
    assert entity_values(message, "red_flag") == []


def test_someone_elses_cancer_is_neither_a_flag_nor_a_hint():
    ranking = [{"name": "report_red_flag", "confidence": 0.9}]
    message = read(parsed("my mum had cancer", guess="report_red_flag", confidence=0.9, ranking=ranking))
    assert message.get(INTENT)["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", ["허리가 아파요", "مرحبا", "你好"])
def test_a_message_in_another_script_is_marked_as_another_language(text):
    assert read(parsed(text, guess="greet")).get(INTENT)["name"] == "use_other_language"


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "<b>hi</b>", "x" * 20000])
def test_bad_input_is_read_without_errors_or_invented_findings(text):
    message = read(parsed(text, guess="nlu_fallback"))
    assert message.get(INTENT)["name"] in ("nlu_fallback", "use_other_language")
    assert entity_values(message, "red_flag") == []


@pytest.mark.parametrize("text", ["centre", "dead centre", "only in my thigh", "none below the knee"])
def test_a_triage_fact_the_classifier_missed_is_still_an_answer(text):
    assert read(parsed(text, guess="nlu_fallback", confidence=0.55)).get(INTENT)["name"] == "inform_symptoms"


def test_a_question_that_mentions_a_side_stays_a_question():
    message = read(parsed("why does my left side hurt when i walk?", guess="faq", confidence=0.9))
    assert message.get(INTENT)["name"] == "faq"
