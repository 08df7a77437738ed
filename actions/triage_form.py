"""Validation for the triage form: one short validate_<slot> per question, and the choice of
the next question (never the same one three times in a row: bot/triage/no_loop.py)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from bot.triage import answers, no_loop


def _answer(slot: Text, value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    update = answers.answer_question(slot, value, tracker.get_slot("unsure_slots"), tracker.get_slot("requested_slot"))
    changed = answers.changed_answer(slot, answers.before_latest_message(tracker.events, slot), update.get(slot))
    if changed:
        dispatcher.utter_message(response="utter_answer_changed", answer=changed)
    return update


class ValidateTriageForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_triage_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        extracted = await self.get_extraction_events(dispatcher, tracker, domain)
        tracker.add_slots(extracted)
        if not tracker.slots_to_validate() and no_loop.reading_new_message(tracker.events):
            # The message answers no question: returning nothing lets Rasa hand it to the rules
            # (a FAQ, a misunderstanding...); the form comes back afterwards and asks again.
            return []
        validated = await self.get_validation_events(dispatcher, tracker, domain)
        tracker.add_slots(validated)
        return validated + await self._next_question(dispatcher, tracker, domain)

    async def _next_question(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[EventType]:
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        missing = [slot for slot in required if tracker.get_slot(slot) is None]
        slot, updates, left = no_loop.plan_next(
            missing, tracker.events, tracker.get_slot("ask_variant"), tracker.get_slot("unsure_slots")
        )
        for skipped in left:
            dispatcher.utter_message(response="utter_leaving_red_flags" if skipped == "red_flags" else "utter_leaving_question")
        return [SlotSet(name, value) for name, value in updates.items()] + [SlotSet(REQUESTED_SLOT, slot)]

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
        return _answer("pain_side", value, tracker, dispatcher)

    def validate_forward_bend_relief(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _answer("forward_bend_relief", value, tracker, dispatcher)

    def validate_leg_numbness_below_knee(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _answer("leg_numbness_below_knee", value, tracker, dispatcher)
