"""The booking offer (bot/booking.py): summary, pre-filled links, booking reply."""
from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from bot.booking import (
    GREETING,
    RED_FLAG_WORDS,
    booking_text,
    mailto_link,
    summary_sentence,
    whatsapp_link,
)

PHONE = "07935 869938"
EMAIL = "JJTHERPAY365@gmail.com"
WA = "https://wa.me/447935869938"
ROOT = Path(__file__).resolve().parent.parent

SIDES = ["left", "right", "both", "central", None]
BOOLS = [True, False, None]
FLAGS = [[], ["night_pain"], ["bladder_bowel", "leg_weakness"], None]
OUTCOMES = ["urgent", "gp_assessment", "psoas_likely", "general", None]


def slots(side=None, relief=None, numb=None, flags=None, outcome=None):
    return {
        "pain_side": side,
        "forward_bend_relief": relief,
        "leg_numbness_below_knee": numb,
        "red_flags": flags,
        "triage_outcome": outcome,
    }


# --- summary_sentence -----------------------------------------------------------------


def test_summary_for_a_typical_one_sided_answer_set():
    text = summary_sentence(slots("left", True, False, [], "psoas_likely"))
    assert text.startswith(
        "Hi, I'd like to book an assessment. Left-sided low back pain, eased by bending "
        "forward, no numbness below the knee, no red flags."
    )
    assert "fit a hip-flexor (psoas) pattern" in text


def test_summary_with_nothing_known_is_just_the_greeting():
    assert summary_sentence(slots()) == GREETING
    assert summary_sentence({}) == GREETING


@pytest.mark.parametrize(
    "side, relief, numb, flags, outcome",
    list(itertools.product(SIDES, BOOLS, BOOLS, FLAGS, OUTCOMES)),
)
def test_summary_mentions_exactly_the_answers_given(side, relief, numb, flags, outcome):
    text = summary_sentence(slots(side, relief, numb, flags, outcome))
    low = text.lower()
    assert text.startswith(GREETING) and text.endswith(".")
    # side
    assert ("left-sided" in low) == (side == "left")
    assert ("right-sided" in low) == (side == "right")
    assert ("both sides" in low) == (side == "both")
    assert ("middle of my back" in low) == (side == "central")
    # forward-bend relief
    assert ("not eased by bending forward" in low) == (relief is False)
    assert ("eased by bending forward" in low) == (relief is not None)
    # numbness below the knee
    assert ("no numbness below the knee" in low) == (numb is False)
    assert ("numbness or tingling below the knee" in low) == (numb is True)
    # red flags: [] is "none of those", None is "not asked"
    assert ("no red flags" in low) == (flags == [])
    for flag, words in RED_FLAG_WORDS.items():
        assert (words in low) == bool(flags and flag in flags)
    # outcome: only the three that tell the clinic something
    assert ("urgent medical care" in low) == (outcome == "urgent")
    assert ("leg symptoms checked" in low) == (outcome == "gp_assessment")
    assert ("psoas" in low) == (outcome == "psoas_likely")
    assert "none" not in low and "null" not in low


def test_summary_ignores_values_outside_the_contract():
    text = summary_sentence(slots("upper", "yes", "maybe", ["sore_toe"], "unknown"))
    assert text == GREETING


def test_summary_never_says_what_the_patient_has():
    text = summary_sentence(slots("right", True, False, [], "psoas_likely"))
    assert " i have " not in f" {text.lower()} " and "diagnos" not in text.lower()


# --- links ----------------------------------------------------------------------------

SUMMARIES = [
    summary_sentence(slots("left", True, False, [], "psoas_likely")),
    "Pain & stiffness? 50% better = good; #1 question / more + more",
    "허리 통증 예약하고 싶어요 — 왼쪽",
    "Line one\nLine two",
]


@pytest.mark.parametrize("summary", SUMMARIES)
def test_whatsapp_link_round_trips_the_summary(summary):
    link = whatsapp_link(summary)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == WA
    assert parse_qs(parts.query) == {"text": [summary]}
    assert unquote(link.split("?text=", 1)[1]) == summary
    assert " " not in link and "\n" not in link


@pytest.mark.parametrize("summary", [None, ""])
def test_whatsapp_link_without_a_summary_is_the_plain_link(summary):
    assert whatsapp_link(summary) == WA


@pytest.mark.parametrize("summary", SUMMARIES)
def test_mailto_link_round_trips_subject_and_body(summary):
    link = mailto_link(summary)
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == EMAIL
    query = parse_qs(parts.query)
    assert query["body"] == [summary]
    assert query["subject"] == ["Booking an assessment"]
    assert " " not in link


def test_mailto_link_without_a_summary_has_a_subject_only():
    query = parse_qs(urlsplit(mailto_link(None)).query)
    assert query == {"subject": ["Booking an assessment"]}


# --- booking_text ---------------------------------------------------------------------


@pytest.mark.parametrize("summary", [None, ""] + SUMMARIES)
def test_every_booking_text_carries_the_three_contract_strings(summary):
    text = booking_text(summary)
    assert PHONE in text
    assert EMAIL in text
    assert WA in text
    # The plain link stands on its own, not only as the start of a pre-filled one.
    assert any(line.strip().endswith(WA) for line in text.splitlines())


def test_booking_text_gives_hours_and_languages():
    text = booking_text(None)
    assert "Tue 11:00 am–9:40 pm" in text and "Mon closed" in text
    assert "English" in text and "Korean" in text


def test_booking_text_without_a_summary_has_no_prefilled_links():
    text = booking_text(None)
    assert "?text=" not in text and "mailto:" not in text


def test_booking_text_with_a_summary_adds_prefilled_links_and_says_nothing_is_sent():
    summary = SUMMARIES[0]
    text = booking_text(summary)
    assert whatsapp_link(summary) in text
    assert mailto_link(summary) in text
    assert "Nothing is sent until you tap send yourself" in text


def test_booking_text_fits_on_a_phone_in_three_paragraphs():
    assert len(booking_text(SUMMARIES[0]).split("\n\n")) <= 3


# --- one home for the clinic's facts --------------------------------------------------


def test_no_other_file_spells_out_the_phone_or_email():
    sources = [*ROOT.glob("bot/**/*.py"), *ROOT.glob("actions/**/*.py")]
    sources += [*ROOT.glob("data/**/*.yml"), *ROOT.glob("*.yml")]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if path != ROOT / "bot" / "clinic.py"
        and any(
            fact in path.read_text(encoding="utf-8")
            for fact in ("07935", "7935 869938", "7935869938", "JJTHERPAY365")
        )
    ]
    assert offenders == []
