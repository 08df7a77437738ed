"""Misunderstandings, starting again and forgetting the patient."""
from __future__ import annotations

from typing import Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.clinic import contact_lines
from bot.conversation import misunderstandings_in_a_row
from bot.triage.answers import flags_found, leave_unanswered
from bot.triage.red_flags import FLAGS

RESETTABLE = ("pain_side", "pain_one_sided", "forward_bend_relief", "leg_numbness_below_knee",
              "triage_outcome", "ask_variant", "unsure_slots", "requested_slot")


class ActionHandleMisunderstanding(Action):
    """Once: ask again. Twice in a row: offer buttons. Three times: the clinic's contacts, and
    a triage question is left unanswered (null) so the conversation moves on."""

    def name(self) -> Text:
        return "action_handle_misunderstanding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        count = misunderstandings_in_a_row(tracker.events)
        asking = tracker.get_slot("requested_slot") if tracker.active_loop_name else None
        if count >= 3:
            dispatcher.utter_message(response="utter_misunderstood_contacts", contacts=contact_lines())
            if asking:  # leave that question for the clinic and go on to the next
                dispatcher.utter_message(response="utter_leaving_question")
                return [SlotSet(k, v) for k, v in leave_unanswered(asking, tracker.get_slot("unsure_slots")).items()]
        elif count == 2:
            in_triage = bool(tracker.active_loop_name)
            dispatcher.utter_message(response="utter_misunderstood_in_triage" if in_triage else "utter_misunderstood_choices")
        else:
            dispatcher.utter_message(response="utter_default")
        return []


class ActionRestartTriage(Action):
    """Clears the answers so the questions start again; known red flags stay (they are sticky)."""

    def name(self) -> Text:
        return "action_restart_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        events: List[Dict] = [SlotSet(name, None) for name in RESETTABLE]
        flags = [f for f in tracker.get_slot("red_flags") or [] if f in FLAGS]
        if flags:
            events += [SlotSet(k, v) for k, v in flags_found(flags).items()]
            dispatcher.utter_message(response="utter_restart_keeps_red_flags")
        else:
            events.append(SlotSet("red_flags", None))
            dispatcher.utter_message(response="utter_restarting")
        return events


class ActionForgetMe(Action):
    """Deletes the stored assessment; the tracker store drops this conversation's events."""

    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        from bot.storage import forget_conversation

        forget_conversation(tracker.sender_id)
        dispatcher.utter_message(response="utter_data_deleted")
        events: List[Dict] = [SlotSet(name, None) for name in RESETTABLE + ("red_flags", "urgent_route")]
        return events
