"""A Rasa graph component that reads each message clinically, knowing the question on screen.

Last in the pipeline. It hands the message, the classifier's guess, the semantic reader's
scores and the conversation's state (Rasa passes the tracker to NLU components that ask for
it) to `bot.nlu.reading.read`, and copies the result onto the message: the intent (a red
flag always wins; an answer to the pending question wins over any guess) and entities for
red flags and the triage facts.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue.tracker_state import question_on_screen
from bot.nlu.reading import Reading, read
from bot.nlu.semantic import SEMANTIC_KEY, SemanticReading

EXTRACTOR = "ClinicalEntityExtractor"


def _entity(entity: str, value: Any, start: int, end: int) -> Dict[Text, Any]:
    return {"entity": entity, "value": value, "start": start, "end": end,
            "confidence_entity": 1.0, "extractor": EXTRACTOR}


def _set_intent(message: Message, name: str, confidence: float) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    top = {"name": name, "confidence": confidence}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER],
    is_trainable=False,
)
class ClinicalEntityExtractor(GraphComponent):
    """Clinical entities, the pending question's answer and the red-flag intent."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ClinicalEntityExtractor":
        from bot.nlu.clinical import warm_up

        warm_up()  # a broken pattern file stops the server here, loudly, not message by message
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        question = question_on_screen(tracker)
        known_side = tracker.get_slot("pain_side") if tracker is not None else None
        for message in messages:
            self._apply(message, self._read(message, question, known_side))
        return messages

    @staticmethod
    def _read(message: Message, question: Any, known_side: Optional[str]) -> Reading:
        guess = message.get(INTENT) or {}
        semantic = message.get(SEMANTIC_KEY)
        return read(
            message.get(TEXT) or "",
            guess.get("name"),
            question,
            semantic if isinstance(semantic, SemanticReading) else None,
            known_side,
            message.get(INTENT_RANKING_KEY) or [],
        )

    @staticmethod
    def _apply(message: Message, reading: Reading) -> None:
        if reading.intent is not None:
            _set_intent(message, reading.intent, reading.confidence)
        entities = list(message.get(ENTITIES) or []) + [_entity(*e) for e in reading.entities]
        message.set(ENTITIES, entities, add_to_output=True)
