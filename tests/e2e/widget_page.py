"""The chat widget in headless Chromium, driven the way a patient uses it: by roles and visible text.

Chromium comes from Debian's packages (`apt-get install -y chromium`; Playwright's own browser
download does not work here); Playwright's Python package drives it.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import List, Optional, Sequence

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.bot_servers import ROOT, BotServers
from tests.e2e.socket_helpers import WAIT, settled

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = WAIT * 1000
TYPING = "The assistant is typing\u2026"


def launch(playwright) -> Browser:
    """Debian's Chromium, headless, with a fresh profile (Playwright makes one per launch)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the browser tests must run)", pytrace=False)
        pytest.skip(message)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


class Widget:
    """One patient's tab on the demo page, and the bot's side of the same session (its tracker)."""

    def __init__(self, page: Page, bot: BotServers):
        self.page = page
        self.bot = bot
        self.turns = 0  # messages the widget has sent, the greeting included
        self.dialogs: List[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    # ---- what the patient sees
    @property
    def log(self):
        return self.page.get_by_role("log", name="Conversation")

    @property
    def bot_messages(self):
        return self.page.locator(".jjw-bot .jjw-text")

    @property
    def patient_messages(self):
        return self.page.locator(".jjw-user .jjw-text")

    def shown_text(self) -> str:
        return "\n".join(self.bot_messages.all_inner_texts())

    def enabled_choices(self) -> List[str]:
        return self.log.locator("button:enabled").all_inner_texts()

    def link_targets(self) -> List[str]:
        return [a.get_attribute("href") or "" for a in self.log.get_by_role("link").all()]

    # ---- what the patient does
    def visit(self) -> "Widget":
        self.page.goto(self.bot.web_url)
        return self

    def open(self) -> "Widget":
        self.page.get_by_role("button", name="Chat with us").click()
        expect(self.page.get_by_role("textbox", name="Your message")).to_be_focused()
        self.turns += 1  # a new conversation starts with the page's greeting payload
        return self.wait_for_bot()

    def say(self, text: str) -> "Widget":
        box = self.page.get_by_role("textbox", name="Your message")
        box.fill(text)
        box.press("Enter")
        self.turns += 1
        return self.wait_for_bot()

    def choose(self, *patterns: str) -> str:
        """Clicks the first shown answer button matching a pattern (in the patterns' order)."""
        title = self.find_choice(*patterns)
        assert title, f"no answer button like {patterns}; shown: {self.enabled_choices()}"
        button = self.log.get_by_role("button", name=title, exact=True).last
        button.click()
        expect(button).to_be_disabled()
        self.turns += 1
        self.wait_for_bot()
        return title

    def find_choice(self, *patterns: str) -> Optional[str]:
        shown = self.enabled_choices()
        for pattern in patterns:
            for title in shown:
                if re.search(pattern, title, re.I):
                    return title
        return None

    def answer(self, patterns: Sequence[str], typed: str) -> None:
        """A button when the bot shows a fitting one, else the words typed."""
        if self.find_choice(*patterns):
            self.choose(*patterns)
        else:
            self.say(typed)

    # ---- the bot's side
    def session_id(self) -> str:
        stored = self.page.evaluate(
            "() => Object.keys(sessionStorage).filter(k => k.startsWith('jjw-chat:'))"
            ".map(k => sessionStorage.getItem(k))[0]")
        return json.loads(stored)["sessionId"]

    def wait_for_bot(self) -> "Widget":
        """Waits until the bot has answered every message sent and the widget shows all of it."""
        expected = settled(self.bot, self.wait_for_session(), self.turns)
        expect(self.bot_messages).to_have_count(len(expected), timeout=WAIT_MS)
        expect(self.page.get_by_role("status")).not_to_have_text(TYPING, timeout=WAIT_MS)
        return self

    def wait_for_session(self) -> str:
        self.page.wait_for_function(
            "() => Object.keys(sessionStorage).some(k => k.startsWith('jjw-chat:') && "
            "JSON.parse(sessionStorage.getItem(k)).sessionId)", timeout=WAIT_MS)
        return self.session_id()

    def slots(self) -> dict:
        return self.bot.slots(self.session_id())

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def no_sideways_scroll(self) -> bool:
        return self.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
