"""The FAQ answer chooser, trained through the real tokenizer and featurizers, and read the
way Rasa's `utter_faq` reads a ResponseSelector's output."""
from __future__ import annotations

import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.faq_selector import LinearResponseSelector
from tests.test_intent_classifier import Pipeline

QUESTIONS = {
    "faq/ask_parking": ["is there parking", "where can I park my car", "do you have a car park",
                        "can I leave my car outside", "is parking free"],
    "faq/ask_ice_or_heat": ["should I use ice or heat", "is a hot water bottle good for my back",
                            "ice pack or heat pad", "does heat help back pain", "should I put ice on it"],
    "faq/ask_stretches": ["what stretches can I do", "any exercises for my back", "how do I stretch my hip flexors",
                          "is stretching good for me", "which stretches help the psoas"],
}
ANSWERS = {f"utter_{key}": [{"text": f"the answer to {key}"}] for key in QUESTIONS}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    pipeline = Pipeline(tmp_path_factory.mktemp("storage"))
    examples = [Message(data={TEXT: text, INTENT: "faq", INTENT_RESPONSE_KEY: key})
                for key, texts in QUESTIONS.items() for text in texts]
    examples += [Message(data={TEXT: t, INTENT: "greet"}) for t in ["hello", "hi there", "good morning"]]
    data = TrainingData(examples, responses=ANSWERS)
    pipeline.featurize_training(data)
    resource = Resource("faq")
    selector = LinearResponseSelector.create(
        LinearResponseSelector.get_default_config(), pipeline.storage, resource, pipeline.context)
    selector.train(data)
    return pipeline, selector, resource


def selected(selector, pipeline, text):
    return selector.process(pipeline.featurize([text]))[0].get("response_selector")


def test_a_question_worded_anew_gets_its_answer_in_the_response_selectors_format(trained):
    pipeline, selector, _ = trained
    out = selected(selector, pipeline, "where do I leave the car when I come in?")
    assert out["all_retrieval_intents"] == ["faq"]
    response = out["faq"]["response"]
    assert response["intent_response_key"] == "faq/ask_parking"
    assert response["utter_action"] == "utter_faq/ask_parking"  # what Rasa's utter_faq looks up
    assert response["responses"] == [{"text": "the answer to faq/ask_parking"}]
    ranking = out["faq"]["ranking"]
    assert ranking[0]["intent_response_key"] == "faq/ask_parking"
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
    assert response["confidence"] == ranking[0]["confidence"]


def test_each_answer_is_told_apart(trained):
    pipeline, selector, _ = trained
    asked = {"would a heat pad help tonight": "faq/ask_ice_or_heat",
             "show me an exercise to loosen my hips": "faq/ask_stretches"}
    for text, key in asked.items():
        assert selected(selector, pipeline, text)["faq"]["response"]["intent_response_key"] == key


def test_a_saved_and_reloaded_selector_chooses_the_same(trained):
    pipeline, selector, resource = trained
    reloaded = LinearResponseSelector.load(
        LinearResponseSelector.get_default_config(), pipeline.storage, resource, pipeline.context)
    text = "is it ok to park on the street"
    assert selected(reloaded, pipeline, text) == selected(selector, pipeline, text)


def test_training_with_fewer_than_two_answers_fails_loudly(trained):
    pipeline, _, _ = trained
    data = TrainingData([Message(data={TEXT: t, INTENT: "faq", INTENT_RESPONSE_KEY: "faq/ask_parking"})
                         for t in QUESTIONS["faq/ask_parking"]])
    pipeline.featurize_training(data)
    selector = LinearResponseSelector.create(
        LinearResponseSelector.get_default_config(), pipeline.storage, Resource("one"), pipeline.context)
    with pytest.raises(ValueError, match="at least two"):
        selector.train(data)
