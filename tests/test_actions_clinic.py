"""Booking, hours, languages and unknown details, as the action server answers them."""
from urllib.parse import unquote

from actions.clinic import (
    ActionAnswerClinicUnknown,
    ActionAnswerHours,
    ActionAnswerLanguages,
    ActionAnswerOtherLanguage,
    ActionShowBooking,
)
from tests.conftest import make_tracker, user_message

BOOKING = ("07935 869938", "JJTHERPAY365@gmail.com", "https://wa.me/447935869938")
DONE = {"red_flags": [], "pain_side": "left", "forward_bend_relief": True,
        "leg_numbness_below_knee": False, "triage_outcome": "psoas_likely"}


async def test_how_do_i_book_gives_phone_email_and_whatsapp(dispatcher, domain, temp_database):
    await ActionShowBooking().run(dispatcher, make_tracker({}, user_message("how do i book", "ask_booking")), domain)
    text = dispatcher.messages[0]["text"]
    assert all(term in text for term in BOOKING)
    assert "?text=" not in text  # no summary the patient did not choose


async def test_yes_to_the_offer_prefills_the_patients_summary(dispatcher, domain, temp_database):
    await ActionShowBooking().run(dispatcher, make_tracker(DONE, user_message("yes", "affirm")), domain)
    text = unquote(dispatcher.messages[0]["text"])
    assert all(term in text for term in BOOKING)
    assert "wa.me/447935869938?text=" in dispatcher.messages[0]["text"]
    assert "Left" in text or "left" in text


async def test_no_summary_is_offered_after_an_urgent_outcome(dispatcher, domain, temp_database):
    tracker = make_tracker({**DONE, "red_flags": ["trauma"], "triage_outcome": "urgent"}, user_message("yes", "affirm"))
    await ActionShowBooking().run(dispatcher, tracker, domain)
    assert "?text=" not in dispatcher.messages[0]["text"]


async def test_are_you_open_on_monday_says_closed(dispatcher, domain):
    await ActionAnswerHours().run(dispatcher, make_tracker({}, user_message("are you open on monday?", "ask_opening_hours")), domain)
    assert "closed" in dispatcher.messages[0]["text"].lower()


async def test_languages_name_english_and_korean(dispatcher, domain):
    await ActionAnswerLanguages().run(dispatcher, make_tracker(), domain)
    assert "Korean" in dispatcher.messages[0]["text"] and "English" in dispatcher.messages[0]["text"]


async def test_prices_are_never_invented(dispatcher, domain):
    await ActionAnswerClinicUnknown().run(dispatcher, make_tracker({}, user_message("how much does it cost", "ask_clinic_unknown")), domain)
    text = dispatcher.messages[0]["text"]
    assert "£" not in text and "07935 869938" in text


async def test_another_language_is_answered_in_english_with_the_clinics_languages(dispatcher, domain):
    await ActionAnswerOtherLanguage().run(dispatcher, make_tracker({}, user_message("허리가 아파요", "use_other_language")), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_english_only" and "Korean" in message["languages"]
