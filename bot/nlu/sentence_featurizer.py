"""A Rasa dense featurizer: all-MiniLM-L6-v2 vectors for each token and each message.

The sparse features (word and character n-grams) know only the words seen in training;
these vectors carry meaning learnt from a billion sentence pairs, so "my knee hurts" and
"what does it cost" land near their own kind even in words the training data lacks.
Each Rasa token gets the mean of its word pieces' vectors; the message gets the model's
sentence embedding. The model is loaded when the component is created, not at import.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.minilm import Encoding, FloatArray, MiniLM

ENCODING_KEY = "minilm_encoding"  # the message's own encoding, for the semantic red-flag reader


def token_vectors(tokens: List[Token], encoding: Encoding) -> FloatArray:
    """One row per token: the mean of the word pieces that overlap its characters."""
    rows = np.zeros((len(tokens), encoding.sentence.shape[0]), dtype=np.float32)
    for row, token in enumerate(tokens):
        inside = [i for i, (start, end) in enumerate(encoding.spans) if start < token.end and end > token.start]
        if inside:
            rows[row] = encoding.pieces[inside].mean(axis=0)
    return rows


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense features from MiniLM (see module docstring)."""

    @classmethod
    def required_components(cls) -> List[Type[Any]]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "model_dir": None}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def __init__(self, config: Dict[Text, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)
        self._model = MiniLM(config.get("model_dir"))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEmbeddingFeaturizer":
        return cls(config, execution_context)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        jobs: List[Tuple[Message, Text, List[Token]]] = []
        for message in messages:
            for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
                tokens: Optional[List[Token]] = message.get(TOKENS_NAMES[attribute])
                if tokens:
                    jobs.append((message, attribute, tokens))
        # Each distinct text once: in training, every example of a FAQ question carries the
        # same long answer (369 responses, 19 distinct), which was most of the encoding time.
        texts = [message.get(attribute) for message, attribute, _ in jobs]
        distinct = list(dict.fromkeys(texts))
        encoded = dict(zip(distinct, self._model.encode_many(distinct)))
        for (message, attribute, tokens), encoding in zip(jobs, (encoded[t] for t in texts)):
            if attribute == TEXT:
                message.set(ENCODING_KEY, encoding)
            self.add_features_to_message(
                token_vectors(tokens, encoding), encoding.sentence[np.newaxis, :], attribute, message
            )
        return messages
