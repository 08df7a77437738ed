"""Clinic questions: booking, opening hours, languages, details the page doesn't give."""
from __future__ import annotations

from typing import Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import booking, clinic, hours
from bot.triage.outcome import URGENT

SUMMARY_SLOTS = ("pain_side", "forward_bend_relief", "leg_numbness_below_knee", "red_flags", "triage_outcome")


def _chosen_summary(tracker: Tracker) -> Optional[str]:
    """A summary only when the patient said yes to the offer after a non-urgent outcome."""
    outcome = tracker.get_slot("triage_outcome")
    accepted = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
    if not accepted or outcome in (None, URGENT):
        return None
    return booking.summary_sentence({name: tracker.get_slot(name) for name in SUMMARY_SLOTS})


class ActionShowBooking(Action):
    def name(self) -> Text:
        return "action_show_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        dispatcher.utter_message(text=booking.booking_text(_chosen_summary(tracker)))
        if tracker.get_slot("triage_outcome"):
            from bot.storage import mark_booking_shown

            mark_booking_shown(tracker.sender_id)
        return []


class ActionAnswerHours(Action):
    def name(self) -> Text:
        return "action_answer_hours"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        dispatcher.utter_message(text=hours.answer_when(tracker.latest_message.get("text") or ""))
        return []


class ActionAnswerLanguages(Action):
    def name(self) -> Text:
        return "action_answer_languages"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        dispatcher.utter_message(text=clinic.languages_text())
        return []


class ActionAnswerClinicUnknown(Action):
    def name(self) -> Text:
        return "action_answer_clinic_unknown"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        dispatcher.utter_message(text=clinic.unknown_detail_text(tracker.latest_message.get("text") or ""))
        return []


class ActionAnswerOtherLanguage(Action):
    def name(self) -> Text:
        return "action_answer_other_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        dispatcher.utter_message(response="utter_english_only", languages=clinic.languages_text())
        return []
