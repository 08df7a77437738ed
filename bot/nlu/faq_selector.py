"""A Rasa response selector: the FAQ answer from a linear model over the sentence features.

Rasa's ResponseSelector is a TensorFlow model trained from scratch: 80 epochs of training,
a 110 MB checkpoint, and 401 MB more in the Rasa server once loaded (`make bench`, README
"Performance"). Choosing one of a few dozen FAQ answers is the same task as choosing the
intent, so this component uses the intent classifier's model (bot.nlu.intent_classifier:
logistic regression over the MiniLM sentence vector and tf-idf weighted n-grams), trained on
the `faq/*` examples with their full retrieval intent ("faq/ask_opening_hours") as label.

Its output is the ResponseSelector's, key for key (`response_selector` in the parse data),
so Rasa's `utter_faq` (ActionRetrieveResponse), `rasa test` and the HTTP API read it as
before.
"""
from __future__ import annotations

import json
import warnings
import zlib
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key as template_key

from bot.nlu import skops_files
from bot.nlu.intent_classifier import TRUSTED_TYPES, _Model, sentence_features

MODEL_FILE = "faq_selector.skops"
META_FILE = "faq_selector.json"

# Rasa's config check warns when no ResponseSelector is configured although the data has
# response examples; this component is the one that reads them.
warnings.filterwarnings("ignore", message="You have defined training data with examples for training a response selector")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearResponseSelector(GraphComponent):
    """The answer to a retrieval intent from a linear model (see the module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "C": 20.0, "dense_weight": 1.5}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[_Model] = None, meta: Optional[Dict[Text, Any]] = None) -> None:
        self._config, self._storage, self._resource, self._model = config, model_storage, resource, model
        self._meta = meta or {"retrieval_intents": [], "responses": {}}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearResponseSelector":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        intent = self._config["retrieval_intent"]
        featured = [(m.get(INTENT_RESPONSE_KEY), sentence_features(m)) for m in training_data.intent_examples
                    if m.get(INTENT) == intent and m.get(INTENT_RESPONSE_KEY)]
        examples = [(key, row) for key, row in featured if row is not None]
        keys = sorted({key for key, _ in examples})
        if len(keys) < 2:
            raise ValueError(f"LinearResponseSelector needs examples of at least two {intent}/* answers "
                             "with dense and sparse features (is the featurizer before it in config.yml?)")
        self._model = _Model(self._config["dense_weight"], self._config["C"]).fit(
            [row for _, row in examples], [key for key, _ in examples])
        self._meta = {"retrieval_intents": sorted(training_data.retrieval_intents),
                      "responses": {key: training_data.responses.get(template_key(key), []) for key in keys}}
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            row = sentence_features(message) if self._model else None
            if self._model is None or row is None:
                continue
            self._set_prediction(message, self._model.ranking(row))
        return messages

    def _set_prediction(self, message: Message, ranking: List[Dict[Text, Any]]) -> None:
        best = ranking[0]["name"]
        properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self._meta["retrieval_intents"]
        properties[self._config["retrieval_intent"]] = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: self._meta["responses"].get(best, []),
                PREDICTED_CONFIDENCE_KEY: ranking[0]["confidence"],
                INTENT_RESPONSE_KEY: best,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: template_key(best),
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {"id": zlib.crc32(r["name"].encode()), PREDICTED_CONFIDENCE_KEY: r["confidence"],
                 INTENT_RESPONSE_KEY: r["name"]} for r in ranking],
        }
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)

    def persist(self) -> None:
        with self._storage.write_to(self._resource) as directory:
            skops_files.dump(self._model, directory / MODEL_FILE)
            (directory / META_FILE).write_text(json.dumps(self._meta), encoding="utf-8")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearResponseSelector":
        with model_storage.read_from(resource) as directory:
            meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
            return cls(config, model_storage, resource, skops_files.load(directory / MODEL_FILE, TRUSTED_TYPES), meta)
