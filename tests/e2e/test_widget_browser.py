"""The chat widget on the demo page, in a real browser against the real Rasa and action servers.

Answers are picked by the buttons the bot shows and by the slot it asks for (CONTRACT.md),
not by its wording, so the dialogue can change without breaking these tests.
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.bot_servers import ROOT
from tests.e2e.widget_page import TYPING, Widget, launch

pytestmark = pytest.mark.e2e

BOOKING = ("07935 869938", "JJTHERPAY365@gmail.com", "https://wa.me/447935869938")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def tab(browser, web):
    context = browser.new_context(viewport=DESKTOP)
    yield lambda: Widget(context.new_page(), web)
    context.close()


def answer_the_question_asked(widget: Widget, slot: str) -> None:
    """A patient whose answers fit a psoas-related problem on the left side."""
    if slot == "red_flags":
        widget.answer([r"none", r"^no\b"], "none of those")
    elif slot == "pain_side":
        widget.say("it's on my left side")  # typed: a patient may always type instead
    elif slot == "forward_bend_relief":
        widget.answer([r"^yes"], "yes, bending forward eases it")
    elif slot == "leg_numbness_below_knee":
        widget.answer([r"^no\b"], "no numbness")
    else:
        raise AssertionError(f"unexpected question for slot {slot!r}: {widget.shown_text()[-300:]}")


@pytest.mark.parametrize("viewport,screenshot", [(DESKTOP, "widget-desktop.png"), (PHONE, "widget-375.png")],
                         ids=["desktop", "375px"])
def test_a_whole_triage_through_the_widget_ends_with_the_booking_links(browser, web, viewport, screenshot):
    context = browser.new_context(viewport=viewport)
    try:
        widget = Widget(context.new_page(), web).visit()
        expect(widget.page.get_by_role("heading", level=1)).to_have_text("J&J Therapy")
        widget.open()
        for _ in range(8):
            slots = widget.slots()
            if slots["triage_outcome"]:
                break
            answer_the_question_asked(widget, slots["requested_slot"])
        slots = widget.slots()
        assert slots["triage_outcome"] == "psoas_likely" and slots["pain_side"] == "left"

        shown = widget.shown_text()
        assert all(detail in shown for detail in BOOKING)
        links = widget.link_targets()
        assert any(href.startswith("https://wa.me/447935869938") for href in links), links
        assert any(href.startswith("mailto:JJTHERPAY365@gmail.com") for href in links), links
        assert "tel:+447935869938" in links
        assert widget.log.locator("button:disabled").count() >= 1  # the answers given stay shown, disabled
        assert widget.no_sideways_scroll()
        widget.screenshot(screenshot)
    finally:
        context.close()


def test_the_typing_indicator_shows_until_the_answer_arrives(tab):
    widget = tab().visit().open()
    widget.page.evaluate("""() => {
        window.typingSeen = [];
        const status = document.querySelector('[role=status]');
        new MutationObserver(() => window.typingSeen.push(status.textContent))
          .observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    widget.say("my lower back hurts when I walk")
    seen = widget.page.evaluate("() => window.typingSeen")
    assert seen[0] == TYPING and seen[-1] == ""


def test_a_red_flag_escalates_with_the_emergency_numbers_as_links(tab):
    widget = tab().visit().open()
    widget.say("since yesterday I can't control my bladder and it's numb when I wipe")
    assert widget.slots()["triage_outcome"] == "urgent"
    shown = widget.shown_text()
    assert all(term in shown for term in ("A&E", "111", "999"))
    assert "tel:999" in widget.link_targets()


def test_a_reload_keeps_the_conversation_and_it_goes_on(tab):
    widget = tab().visit().open()
    answer_the_question_asked(widget, widget.slots()["requested_slot"])
    before = widget.bot_messages.all_inner_texts()
    answered = widget.log.locator("button:disabled").count()
    session = widget.session_id()

    widget.page.reload()
    expect(widget.page.get_by_role("textbox", name="Your message")).to_be_visible()  # still open
    expect(widget.bot_messages).to_have_count(len(before))
    assert widget.bot_messages.all_inner_texts() == before
    assert widget.log.locator("button:disabled").count() == answered
    assert widget.session_id() == session

    widget.say("left side")
    assert widget.slots()["pain_side"] == "left"  # the same conversation on the bot's side
    assert widget.session_id() == session


def test_html_in_a_message_is_shown_as_text(tab):
    widget = tab().visit().open()
    attack = "<img src=x onerror=alert(1)>"
    widget.say(attack)
    expect(widget.patient_messages.last).to_have_text(attack)
    widget.page.reload()
    expect(widget.patient_messages.last).to_have_text(attack)
    assert widget.page.locator(".jjw img").count() == 0
    assert widget.dialogs == []


def test_the_widget_works_by_keyboard_alone(tab):
    widget = tab().visit()
    page = widget.page
    page.keyboard.press("Tab")
    launcher = page.get_by_role("button", name="Chat with us")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="Your message")
    expect(box).to_be_focused()
    widget.turns += 1
    widget.wait_for_bot()

    page.keyboard.type("not sure")  # asked again in other words, with buttons (CONTRACT.md)
    page.keyboard.press("Enter")
    widget.turns += 1
    widget.wait_for_bot()
    assert widget.enabled_choices()
    page.keyboard.press("Shift+Tab")  # from the message box back to the newest answers
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused in widget.enabled_choices()
    page.keyboard.press("Enter")
    widget.turns += 1
    widget.wait_for_bot()
    expect(widget.patient_messages.last).to_have_text(focused)
    expect(box).to_be_focused()

    page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(launcher).to_be_focused()


def test_no_serious_accessibility_violations(tab):
    widget = tab().visit().open()
    widget.say("not sure")
    axe = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
    widget.page.evaluate(axe)  # run by the test driver: the page's own policy allows only its scripts
    result = widget.page.evaluate("async () => await axe.run()")
    serious = [(v["id"], v["help"], len(v["nodes"])) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_with_jwt_on_the_widget_gets_a_signed_session_and_keeps_it(browser, bot_jwt):
    context = browser.new_context(viewport=DESKTOP)
    try:
        widget = Widget(context.new_page(), bot_jwt).visit().open()
        stored = json.loads(widget.page.evaluate(
            "() => sessionStorage.getItem(Object.keys(sessionStorage)[0])"))
        assert stored["token"] and stored["sessionId"] == widget.session_id()
        before = widget.bot_messages.all_inner_texts()
        widget.page.reload()
        expect(widget.bot_messages).to_have_count(len(before))
        widget.say("none of those")
        assert widget.slots()["red_flags"] == []
    finally:
        context.close()


def test_new_chat_starts_a_fresh_conversation(tab):
    widget = tab().visit().open()
    widget.say("my back hurts on the left when I walk")
    first = widget.session_id()
    widget.page.get_by_role("button", name="New chat").click()
    widget.turns = 1  # the new conversation's greeting
    expect(widget.patient_messages).to_have_count(0)
    widget.page.wait_for_function(
        "first => Object.keys(sessionStorage).some(k => k.startsWith('jjw-chat:') && "
        "(JSON.parse(sessionStorage.getItem(k)).sessionId || first) !== first)", arg=first)
    widget.wait_for_bot()
    assert widget.session_id() != first and widget.slots()["pain_side"] is None


def test_when_the_assistant_cannot_be_reached_the_page_says_so_with_the_clinic_contacts(tab):
    widget = tab()
    widget.page.route("**/socket.io/**", lambda route: route.abort())
    widget.visit()
    widget.page.get_by_role("button", name="Chat with us").click()
    alert = widget.page.get_by_role("alert")
    expect(alert).to_contain_text("can't be reached")
    assert alert.get_by_role("link", name="07935 869938").get_attribute("href") == "tel:+447935869938"
    assert alert.get_by_role("link", name="JJTHERPAY365@gmail.com").get_attribute("href") == "mailto:JJTHERPAY365@gmail.com"
