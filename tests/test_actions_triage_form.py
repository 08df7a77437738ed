"""The triage form's validator, run as the action server runs it, on trackers built here."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.triage_form import ValidateTriageForm


def form_tracker(candidates, slots=None, intent="inform_symptoms"):
    """A tracker as Rasa sends it to the validator: slot candidates after the user's message."""
    all_slots = {**(slots or {}), **candidates}
    events = [{"event": "user", "text": "…", "parse_data": {"intent": {"name": intent}}}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in candidates.items()]
    return Tracker("patient-1", all_slots, {"intent": {"name": intent}}, events, False, None,
                   {"name": "triage_form"}, "action_listen")


async def run(tracker, dispatcher, domain):
    return await ValidateTriageForm().run(dispatcher, tracker, domain)


def next_question(events, tracker, domain):
    """The question the form asks next: the validator's choice, else (as Rasa's form
    does when the required slots are the domain's) the first domain slot still empty."""
    for event in reversed(events):
        if event["name"] == "requested_slot":
            return event["value"]
    slots = {**tracker.slots, **{e["name"]: e["value"] for e in events}}
    required = domain["forms"]["triage_form"]["required_slots"]
    return next((s for s in required if slots.get(s) is None), None)


async def test_none_of_those_stores_an_empty_list_and_asks_the_side_next(dispatcher, domain):
    tracker = form_tracker({"red_flags": ["none"], "requested_slot": "red_flags"})
    events = await run(tracker, dispatcher, domain)
    assert SlotSet("red_flags", []) in events
    assert next_question(events, tracker, domain) == "pain_side"


async def test_a_side_answer_sets_one_sidedness_and_asks_about_bending(dispatcher, domain):
    tracker = form_tracker({"pain_side": "left"}, {"red_flags": [], "requested_slot": "pain_side"})
    events = await run(tracker, dispatcher, domain)
    assert SlotSet("pain_side", "left") in events and SlotSet("pain_one_sided", True) in events
    assert next_question(events, tracker, domain) == "forward_bend_relief"


async def test_not_sure_once_re_asks_the_same_question_in_other_words(dispatcher, domain):
    tracker = form_tracker({"forward_bend_relief": "unsure"},
                           {"red_flags": [], "pain_side": "left", "requested_slot": "forward_bend_relief"})
    events = await run(tracker, dispatcher, domain)
    assert SlotSet("forward_bend_relief", None) in events
    assert SlotSet("ask_variant", "rephrase") in events
    assert next_question(events, tracker, domain) == "forward_bend_relief"


async def test_not_sure_twice_moves_on_to_the_next_question(dispatcher, domain):
    tracker = form_tracker({"forward_bend_relief": "unsure"},
                           {"red_flags": [], "pain_side": "left", "unsure_slots": ["forward_bend_relief"],
                            "requested_slot": "forward_bend_relief"})
    events = await run(tracker, dispatcher, domain)
    assert SlotSet("forward_bend_relief", None) in events
    assert next_question(events, tracker, domain) == "leg_numbness_below_knee"


async def test_the_last_answer_completes_the_form(dispatcher, domain):
    tracker = form_tracker({"leg_numbness_below_knee": False},
                           {"red_flags": [], "pain_side": "left", "forward_bend_relief": True,
                            "requested_slot": "leg_numbness_below_knee"})
    events = await run(tracker, dispatcher, domain)
    assert SlotSet("leg_numbness_below_knee", False) in events
    assert next_question(events, tracker, domain) == None


async def test_yes_in_the_walk_through_ends_the_form_as_urgent(dispatcher, domain):
    tracker = form_tracker({"red_flags": ["affirmed"]},
                           {"ask_variant": "walk_saddle_numbness", "requested_slot": "red_flags"}, intent="affirm")
    events = await run(tracker, dispatcher, domain)
    assert SlotSet("red_flags", ["saddle_numbness"]) in events
    assert SlotSet("triage_outcome", "urgent") in events
    assert next_question(events, tracker, domain) == None


@pytest.mark.parametrize(
    "candidates,expected_next",
    [
        ({"red_flags": ["affirmed"]}, "red_flags"),  # yes to the list: which one?
        ({"red_flags": ["unsure"]}, "red_flags"),  # not sure: walk through the signs
        ({"pain_side": "unsure"}, "pain_side"),  # asked again once
    ],
)
async def test_the_form_stays_on_a_question_until_it_has_an_answer(candidates, expected_next, dispatcher, domain):
    slots = {"requested_slot": next(iter(candidates))}
    if "pain_side" in candidates:
        slots["red_flags"] = []
    tracker = form_tracker(candidates, slots)
    events = await run(tracker, dispatcher, domain)
    assert next_question(events, tracker, domain) == expected_next


def corrected_tracker(slot, before, after, slots):
    """The side (or another answer) given earlier, then changed by the latest message."""
    events = [{"event": "slot", "name": slot, "value": before},
              {"event": "user", "text": "…", "parse_data": {"intent": {"name": "inform_symptoms"}}},
              {"event": "slot", "name": slot, "value": after}]
    return Tracker("patient-1", {**slots, slot: after}, {"intent": {"name": "inform_symptoms"}}, events, False,
                   None, {"name": "triage_form"}, "action_listen")


async def test_a_changed_side_is_said_back_and_recorded(dispatcher, domain):
    tracker = corrected_tracker("pain_side", "right", "left",
                                {"red_flags": [], "forward_bend_relief": True, "requested_slot": "leg_numbness_below_knee"})
    events = await run(tracker, dispatcher, domain)
    assert SlotSet("pain_side", "left") in events
    said = [m for m in dispatcher.messages if m.get("response") == "utter_answer_changed"]
    assert [m["answer"] for m in said] == ["pain on the left side"]
    assert next_question(events, tracker, domain) == "leg_numbness_below_knee"


async def test_a_first_answer_is_not_said_back_as_a_change(dispatcher, domain):
    tracker = form_tracker({"pain_side": "left"}, {"red_flags": [], "requested_slot": "pain_side"})
    await run(tracker, dispatcher, domain)
    assert [m for m in dispatcher.messages if m.get("response") == "utter_answer_changed"] == []
