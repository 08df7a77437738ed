"""Misunderstandings, starting again and forgetting the patient."""
from __future__ import annotations

from typing import Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.clinic import contact_lines
from bot.conversation import CORE_FALLBACK_ACTION, MISUNDERSTOOD_ACTION, misunderstandings_in_a_row
from bot.triage.answers import flags_found
from bot.triage.red_flags import FLAGS

RESETTABLE = ("pain_side", "pain_one_sided", "forward_bend_relief", "leg_numbness_below_knee",
              "triage_outcome", "ask_variant", "unsure_slots", "requested_slot", "flag_to_confirm")


class ActionHandleMisunderstanding(Action):
    """Outside the questions: once, ask again; twice in a row, offer buttons; three times, the
    clinic's contacts. During the questions it only apologises: the form then asks again, and
    bot/triage/no_loop.py makes sure the same question never comes back a fourth time."""

    def name(self) -> Text:
        return MISUNDERSTOOD_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        count = misunderstandings_in_a_row(tracker.events)
        if tracker.active_loop_name:
            dispatcher.utter_message(response="utter_default" if count == 1 else "utter_misunderstood_in_triage")
        elif count >= 3:
            dispatcher.utter_message(response="utter_misunderstood_contacts", contacts=contact_lines())
        elif count == 2:
            dispatcher.utter_message(response="utter_misunderstood_choices")
        else:
            dispatcher.utter_message(response="utter_default")
        return []


class ActionCoreFallback(ActionHandleMisunderstanding):
    """RulePolicy's fallback when no rule expects the intent ("ok" after a goodbye): the same
    answers as a misunderstanding (buttons the second time in a row, the clinic's contacts
    the third), and, as Rasa's own fallback does, the message is taken back so that the bot
    then listens instead of predicting the fallback again."""

    def name(self) -> Text:
        return CORE_FALLBACK_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        return await super().run(dispatcher, tracker, domain) + [UserUtteranceReverted()]


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
