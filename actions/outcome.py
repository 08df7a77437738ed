"""Telling the outcome, and escalating when a red flag is reported."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.records import save_outcome
from bot.clinic import contact_lines
from bot.triage.outcome import URGENT, is_one_sided, outcome_from_slots, outcome_message
from bot.triage.red_flags import FLAGS

CONTRACT_SLOTS = ("pain_side", "forward_bend_relief", "leg_numbness_below_knee", "red_flags")


def _known_flags(value: Any) -> List[str]:
    return [f for f in value or [] if f in FLAGS] if isinstance(value, list) else []


class ActionGiveOutcome(Action):
    """Decides the outcome by the contract's rules and tells it, with advice and booking."""

    def name(self) -> Text:
        return "action_give_outcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        slots = {name: tracker.get_slot(name) for name in CONTRACT_SLOTS}
        slots["pain_one_sided"] = is_one_sided(slots["pain_side"])
        outcome = outcome_from_slots(slots)
        if outcome == URGENT:
            dispatcher.utter_message(response="utter_urgent")
        else:
            dispatcher.utter_message(text=outcome_message(slots, outcome))
            dispatcher.utter_message(response=f"utter_advice_{outcome}")
            dispatcher.utter_message(response="utter_offer_booking", contacts=contact_lines())
        saved_flags = _known_flags(slots["red_flags"])
        save_outcome(tracker, outcome, saved_flags, booking_shown=outcome != URGENT)
        return [SlotSet("pain_one_sided", slots["pain_one_sided"]), SlotSet("triage_outcome", outcome)]


class ActionEscalate(Action):
    """Writes the urgent record. The Rasa server has already told the patient what to do and
    set the red flags and the outcome (bot/triage/safety.py): this action only records."""

    def name(self) -> Text:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        save_outcome(tracker, URGENT, _known_flags(tracker.get_slot("red_flags")))
        return []
