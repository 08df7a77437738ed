"""A Rasa graph component that reads each message clinically with spaCy.

It adds entities for the triage slots (red flags, side, forward-bend relief, numbness
below the knee) from `bot.nlu.clinical.analyse`, and makes red flags deterministic:
a message with a red flag always has the intent `report_red_flag`, and a message without
one never has it, whatever the statistical classifier guessed. It also marks messages
written in another script (no Latin letters) as `use_other_language`.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language import is_other_language
from bot.triage.red_flags import EMERGENCY_FLAGS

RED_FLAG_INTENT = "report_red_flag"
HINT_INTENT = "hint_red_flag"
INFORM_INTENT = "inform_symptoms"
# Guesses that the reader overrules when the message states a triage fact.
NOT_AN_ANSWER = ("nlu_fallback", "out_of_scope", "faq", "greet")
SLOT_FACTS = ("pain_side", "forward_bend_relief", "leg_numbness_below_knee")
QUESTION_WORDS = frozenset({"what", "why", "how", "when", "where", "which", "who", "is", "are", "do",
                            "does", "can", "could", "should", "will", "would", "shall", "am"})
OTHER_LANGUAGE_INTENT = "use_other_language"
EXTRACTOR = "ClinicalEntityExtractor"


def _entity(entity: str, value: Any, start: int, end: int) -> Dict[Text, Any]:
    return {
        "entity": entity,
        "value": value,
        "start": start,
        "end": end,
        "confidence_entity": 1.0,
        "extractor": EXTRACTOR,
    }


def urgent_route(flags: List[str]) -> str:
    """`emergency` (999 / A&E) for cauda-equina-type or abdominal signs, else `urgent_care` (111)."""
    return "emergency" if set(flags) & set(EMERGENCY_FLAGS) else "urgent_care"


def _looks_like_question(text: str) -> bool:
    words = text.strip().lower().split()
    return "?" in text or bool(words) and words[0] in QUESTION_WORDS


def _set_intent(message: Message, name: str, confidence: float = 1.0) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    top = {"name": name, "confidence": confidence}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)


def _next_best_intent(message: Message, exclude: Tuple[Text, ...]) -> Optional[Dict[Text, Any]]:
    for candidate in message.get(INTENT_RANKING_KEY) or []:
        if candidate.get("name") not in exclude + (None,):
            return candidate
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER],
    is_trainable=False,
)
class ClinicalEntityExtractor(GraphComponent):
    """Clinical entities and the deterministic red-flag intent (see module docstring)."""

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

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        from bot.nlu.clinical import analyse, flag_ruled_out  # spaCy loads on first use

        text = message.get(TEXT) or ""
        findings = analyse(text)
        entities = list(message.get(ENTITIES) or [])
        entities += [_entity(f.entity, f.value, f.start, f.end) for f in findings]
        flags = sorted({f.value for f in findings if f.entity == "red_flag"})
        guessed = (message.get(INTENT) or {}).get("name")
        if flags:
            entities.append(_entity("urgent_route", urgent_route(flags), 0, len(text)))
            _set_intent(message, RED_FLAG_INTENT)
        elif guessed in (RED_FLAG_INTENT, HINT_INTENT) and not flag_ruled_out(text):
            _set_intent(message, HINT_INTENT, (message.get(INTENT) or {}).get("confidence") or 1.0)
        elif guessed in (RED_FLAG_INTENT, HINT_INTENT):
            best = _next_best_intent(message, (RED_FLAG_INTENT, HINT_INTENT))
            best = best or {"name": "nlu_fallback", "confidence": 1.0}
            _set_intent(message, best["name"], best["confidence"])
        elif guessed in NOT_AN_ANSWER and any(f.entity in SLOT_FACTS for f in findings) \
                and not _looks_like_question(text):
            _set_intent(message, INFORM_INTENT)  # "centre", "only in my thigh": an answer, not noise
        if not flags and is_other_language(text):
            _set_intent(message, OTHER_LANGUAGE_INTENT)
        message.set(ENTITIES, entities, add_to_output=True)
