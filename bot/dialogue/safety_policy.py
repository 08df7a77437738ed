"""A Rasa policy that runs the safety layer (bot/triage/safety.py) in the Rasa server.

Rasa lets an active form run before any rule, and a form needs the action server. A red
flag must not wait for either: this policy's predictions are made as "no user" predictions
with a priority above the RulePolicy's, which is how Rasa ranks a form's own happy path, so
a red flag mid-form escalates at once and the urgent advice comes from the server's own
responses. When the safety layer has nothing to say, the policy abstains (all zeros) and
the RulePolicy decides.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.tracker_state import greeted, question_on_screen, recent_asks, slot_list
from bot.triage.answers import TRIAGE_QUESTIONS
from bot.triage.safety import RECENT_WINDOW, Snapshot, next_step

PRIORITY = 5  # RulePolicy: 4


def snapshot(tracker: DialogueStateTracker) -> Snapshot:
    message = tracker.latest_message
    intent = (message.intent or {}).get("name") if message else None
    entities = message.entities if message else []
    possible = [e.get("value") for e in entities if e.get("entity") == "possible_red_flag"]
    return Snapshot(
        latest_action=tracker.latest_action_name or "",
        intent=intent,
        reported=[str(e.get("value")) for e in entities if e.get("entity") == "red_flag"],
        possible=str(possible[0]) if possible else None,
        known_flags=slot_list(tracker, "red_flags"),
        question=question_on_screen(tracker, skip_latest_message=True),
        loop_active=tracker.active_loop_name is not None,
        outcome=tracker.get_slot("triage_outcome"),
        greeted=greeted(tracker),
        recent_asks=recent_asks(tracker, RECENT_WINDOW),
        facts={str(e.get("entity")): e.get("value") for e in entities if e.get("entity") in TRIAGE_QUESTIONS},
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyPolicy(Policy):
    """Escalation, the one-flag check and its answers (see the module docstring)."""

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": PRIORITY}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, featurizer: Optional[Any] = None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(self, training_trackers: List[Any], domain: Domain, **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource):
            pass  # nothing to learn: the safety layer is written, reviewed and tested code
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        step = next_step(snapshot(tracker))
        probabilities = self._default_predictions(domain)
        if step is None:
            return self._prediction(probabilities)
        events: List[Event] = [SlotSet(name, value) for name, value in step.slots.items()]
        if step.stop_form:
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        if step.action is None:
            return self._prediction(probabilities, events=events)
        probabilities[domain.index_for_action(step.action)] = 1.0
        return self._prediction(probabilities, events=events, is_no_user_prediction=True)
