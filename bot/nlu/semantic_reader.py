"""The semantic red-flag reader as a Rasa graph component (the model is bot/nlu/semantic.py).

Trained at `rasa train` on the bank of descriptions (data/red_flag_bank/, which Rasa's
cache follows through `fingerprint_addon`) and on the NLU examples of every intent that is
not a red flag, as everyday negatives. At run time it reuses the MiniLM encoding the
featurizer already computed (no second pass) and leaves a `SemanticReading` on the message
for the clinical reader (bot/nlu/component.py), which combines it with the rule reader.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import skops_files
from bot.nlu.semantic import (
    BANK_DIR,
    SEMANTIC_KEY,
    ClauseScores,
    FlagModel,
    SemanticReading,
    Thresholds,
    bank_fingerprint,
    load_bank,
    pooled,
    reading_spans,
)
from bot.nlu.sentence_featurizer import ENCODING_KEY
from bot.settings import ROOT
from bot.triage.red_flags import FLAGS

MODEL_FILE = "semantic_red_flags.skops"
RED_FLAG_INTENTS = ("report_red_flag", "hint_red_flag")
TRUSTED_TYPES = (f"{FlagModel.__module__}.FlagModel", "scipy.sparse._csr.csr_matrix")
logger = logging.getLogger(__name__)


def everyday_texts(training_data: TrainingData) -> List[str]:
    """The NLU examples of every intent that is not a red flag: the reader's everyday negatives."""
    return [m.get(TEXT) for m in training_data.intent_examples
            if m.get(INTENT) not in RED_FLAG_INTENTS and m.get(TEXT)]


def everyday_examples(folder: Path = ROOT / "data" / "nlu") -> List[str]:
    """The same, read from the NLU files without a Rasa project (cross-validation, the warmer)."""
    from rasa.shared.nlu.training_data.loading import load_data

    return everyday_texts(load_data(str(folder)))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SemanticRedFlagReader(GraphComponent):
    """Scores every clause of a message for each red flag (see the module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"high": 0.85, "low": 0.6, "override": Thresholds.override, "doubt": Thresholds.doubt,
                "dense_weight": 1.5, "C": 10.0}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return f"{bank_fingerprint()}-{FlagModel.MAX_ITER}"  # a changed bank retrains the reader

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[FlagModel] = None) -> None:
        self._config, self._storage, self._resource, self._model = config, model_storage, resource, model
        self._thresholds = Thresholds(float(config["high"]), float(config["low"]),
                                      float(config["override"]), float(config["doubt"]))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SemanticRedFlagReader":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from bot.nlu.vector_cache import cached_vectors, stop_warmer

        stop_warmer()  # `make train`'s warmer has encoded what it could meanwhile
        bank = load_bank(BANK_DIR)
        everyday = everyday_texts(training_data)
        texts = bank.texts + everyday
        labels = bank.labels + [set() for _ in everyday]
        vectors = cached_vectors(texts)
        self._model = FlagModel(float(self._config["dense_weight"]), float(self._config["C"]))
        self._model.fit(vectors, texts, labels)
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            reading = self._read(message)
            if reading is not None:
                message.set(SEMANTIC_KEY, reading)
        return messages

    def _read(self, message: Message) -> Optional[SemanticReading]:
        text = message.get(TEXT) or ""
        encoding = message.get(ENCODING_KEY)
        if self._model is None or encoding is None or not text.strip():
            return None
        spans = reading_spans(text)
        vectors = np.stack([pooled(encoding.pieces, encoding.spans, span) for span in spans])
        probs = self._model.probabilities(vectors, [text[a:b] for a, b in spans])
        clauses = tuple(ClauseScores(span, {flag: float(probs[i, j]) for j, flag in enumerate(FLAGS)})
                        for i, span in enumerate(spans))
        return SemanticReading(clauses, self._thresholds)

    def persist(self) -> None:
        with self._storage.write_to(self._resource) as directory:
            skops_files.dump(self._model, directory / MODEL_FILE)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SemanticRedFlagReader":
        with model_storage.read_from(resource) as directory:
            model = skops_files.load(directory / MODEL_FILE, TRUSTED_TYPES)
            model.forget_dropped_ngrams()  # models trained before it was done at training
            return cls(config, model_storage, resource, model)
