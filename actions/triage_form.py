"""Validation for the triage form: one short validate_<slot> per question."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from bot.triage import answers


def _answer(slot: Text, value: Any, tracker: Tracker) -> Dict[Text, Any]:
    return answers.answer_question(slot, value, tracker.get_slot("unsure_slots"), tracker.get_slot("requested_slot"))


class ValidateTriageForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_triage_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        return answers.required_questions(tracker.get_slot("red_flags"), tracker.get_slot("unsure_slots"))

    def validate_red_flags(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return answers.answer_screening(value, tracker.get_slot("ask_variant"), tracker.get_slot("unsure_slots"))

    def validate_pain_side(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _answer("pain_side", value, tracker)

    def validate_forward_bend_relief(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _answer("forward_bend_relief", value, tracker)

    def validate_leg_numbness_below_knee(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _answer("leg_numbness_below_knee", value, tracker)
