"""The linear intent classifier, trained through the real tokenizer and featurizers."""
from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import LinearIntentClassifier
from bot.nlu.sentence_featurizer import SentenceEmbeddingFeaturizer

EXAMPLES = {
    "ask_opening_hours": ["what are your opening hours", "when are you open", "are you open on saturday",
                          "what time do you close", "are you open tomorrow morning"],
    "greet": ["hello", "hi there", "good morning", "hey", "hiya"],
    "out_of_scope": ["my knee hurts", "what's the weather like", "tell me a joke", "my shoulder is stiff",
                     "can you order me a pizza"],
}


class Pipeline:
    """Tokenizer, word counts and MiniLM, as config.yml has them before the classifier."""

    def __init__(self, storage_dir: Path) -> None:
        self.storage = LocalModelStorage.create(storage_dir)
        self.context = ExecutionContext(graph_schema=None, node_name="test")  # type: ignore[arg-type]
        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        self.counts = CountVectorsFeaturizer.create(
            CountVectorsFeaturizer.get_default_config(), self.storage, Resource("counts"), self.context)
        self.dense = SentenceEmbeddingFeaturizer.create(
            SentenceEmbeddingFeaturizer.get_default_config(), self.storage, Resource("dense"), self.context)

    def featurize_training(self, data: TrainingData) -> TrainingData:
        self.tokenizer.process_training_data(data)
        self.counts.train(data)
        self.counts.process_training_data(data)
        return self.dense.process_training_data(data)

    def featurize(self, texts: List[str]) -> List[Message]:
        messages = [Message(data={TEXT: t}) for t in texts]
        for step in (self.tokenizer, self.counts, self.dense):
            step.process(messages)
        return messages


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    pipeline = Pipeline(tmp_path_factory.mktemp("storage"))
    data = TrainingData([Message(data={TEXT: text, INTENT: intent})
                         for intent, texts in EXAMPLES.items() for text in texts])
    pipeline.featurize_training(data)
    resource = Resource("intent")
    classifier = LinearIntentClassifier.create(
        LinearIntentClassifier.get_default_config(), pipeline.storage, resource, pipeline.context)
    classifier.train(data)
    return pipeline, classifier, resource


def intents(classifier, messages):
    return [m.get(INTENT)["name"] for m in classifier.process(messages)]


def test_wording_never_seen_in_training_is_classified_by_meaning(trained):
    pipeline, classifier, _ = trained
    texts = ["is the clinic open on sundays?", "howdy", "my elbow aches when i type"]
    assert intents(classifier, pipeline.featurize(texts)) == ["ask_opening_hours", "greet", "out_of_scope"]


def test_the_ranking_is_best_first_and_its_confidences_are_probabilities(trained):
    pipeline, classifier, _ = trained
    message = classifier.process(pipeline.featurize(["what time do you open"]))[0]
    confidences = [r["confidence"] for r in message.get(INTENT_RANKING_KEY)]
    assert confidences == sorted(confidences, reverse=True)
    assert message.get(INTENT) == message.get(INTENT_RANKING_KEY)[0]
    assert sum(confidences) == pytest.approx(1.0)


def test_a_saved_and_reloaded_classifier_gives_the_same_ranking(trained):
    pipeline, classifier, resource = trained
    reloaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), pipeline.storage, resource, pipeline.context)
    text = ["are you open on bank holidays"]
    before = classifier.process(pipeline.featurize(text))[0].get(INTENT_RANKING_KEY)
    after = reloaded.process(pipeline.featurize(text))[0].get(INTENT_RANKING_KEY)
    assert [r["name"] for r in after] == [r["name"] for r in before]
    assert [r["confidence"] for r in after] == pytest.approx([r["confidence"] for r in before])


def test_training_without_the_sentence_featurizer_fails_loudly(tmp_path):
    storage = LocalModelStorage.create(tmp_path)
    data = TrainingData([Message(data={TEXT: "hello", INTENT: "greet"}),
                         Message(data={TEXT: "bye", INTENT: "goodbye"})])
    classifier = LinearIntentClassifier.create(
        LinearIntentClassifier.get_default_config(), storage, Resource("intent"),
        ExecutionContext(graph_schema=None, node_name="test"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="featurizer"):
        classifier.train(data)
