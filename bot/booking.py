"""The booking offer: contact details, and a summary the patient may choose to send.

``summary_sentence`` turns the triage answers (CONTRACT.md slots) into a short message
for the clinic, leaving out anything not answered. The WhatsApp and email links carry
that summary pre-filled; nothing leaves the patient's phone until they tap send.
Pure functions; the clinic's facts come from :mod:`bot.clinic`.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional
from urllib.parse import quote

from bot.clinic import (
    EMAIL,
    WHATSAPP_LINK,
    contact_lines,
    hours_text,
    languages_text,
)

GREETING = "Hi, I'd like to book an assessment."
EMAIL_SUBJECT = "Booking an assessment"

_SIDES = {
    "left": "left-sided low back pain",
    "right": "right-sided low back pain",
    "both": "low back pain on both sides",
    "central": "low back pain in the middle of my back",
}

# Red-flag slot values (CONTRACT.md) in the patient's own plain words.
RED_FLAG_WORDS = {
    "bladder_bowel": "bladder or bowel changes",
    "saddle_numbness": "numbness in the saddle area",
    "night_pain": "severe pain at night",
    "fever_unwell": "fever or feeling unwell",
    "trauma": "a recent fall or blow",
    "weight_loss": "weight loss without trying",
    "abdominal_throbbing": "a throbbing feeling in my belly",
    "leg_weakness": "weakness in my legs",
    "cancer_history": "a past history of cancer",
}

_OUTCOMES = {
    "urgent": "The online check advised me to get urgent medical care first.",
    "gp_assessment": "The online check suggested having the leg symptoms checked.",
    "psoas_likely": "The online check said my answers fit a hip-flexor (psoas) pattern.",
}


def _side_clause(side: Any) -> Optional[str]:
    return _SIDES.get(side) if isinstance(side, str) else None


def _relief_clause(relief: Any, has_subject: bool) -> Optional[str]:
    if relief is True:
        return "eased by bending forward" if has_subject else "pain eased by bending forward"
    if relief is False:
        return (
            "not eased by bending forward" if has_subject
            else "pain not eased by bending forward"
        )
    return None


def _numbness_clause(numbness: Any) -> Optional[str]:
    if numbness is True:
        return "numbness or tingling below the knee"
    if numbness is False:
        return "no numbness below the knee"
    return None


def _red_flags(flags: Any) -> Optional[list[str]]:
    """The known red flags as a list ([] for "none of those"), or None when not asked."""
    if not isinstance(flags, (list, tuple, set, frozenset)):
        return None
    return [flag for flag in flags if flag in RED_FLAG_WORDS]


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + str(words[-1])


def summary_sentence(slots: Mapping[str, Any]) -> str:
    """A short message for the clinic from the triage answers; unknown answers left out.

    E.g. "Hi, I'd like to book an assessment. Left-sided low back pain, eased by
    bending forward, no numbness below the knee, no red flags."
    """
    side = _side_clause(slots.get("pain_side"))
    raw_flags = slots.get("red_flags")
    flags = _red_flags(raw_flags)
    clauses = [
        side,
        _relief_clause(slots.get("forward_bend_relief"), has_subject=side is not None),
        _numbness_clause(slots.get("leg_numbness_below_knee")),
        "no red flags" if flags is not None and not raw_flags else None,
    ]
    kept = [clause for clause in clauses if clause]
    sentences = [GREETING]
    if kept:
        body = ", ".join(kept)
        sentences.append(body[0].upper() + body[1:] + ".")
    if flags:
        sentences.append(
            "Warning signs I mentioned: " + _join([RED_FLAG_WORDS[f] for f in flags]) + "."
        )
    outcome = slots.get("triage_outcome")
    if isinstance(outcome, str) and outcome in _OUTCOMES:
        sentences.append(_OUTCOMES[outcome])
    return " ".join(sentences)


def whatsapp_link(summary: Optional[str] = None) -> str:
    """The clinic's wa.me link, with the summary pre-filled when one is given."""
    if not summary:
        return WHATSAPP_LINK
    return f"{WHATSAPP_LINK}?text={quote(summary, safe='')}"


def mailto_link(summary: Optional[str] = None) -> str:
    """A mailto: link to the clinic with a subject and, when given, the summary as body."""
    link = f"mailto:{EMAIL}?subject={quote(EMAIL_SUBJECT, safe='')}"
    if summary:
        link += f"&body={quote(summary, safe='')}"
    return link


def booking_text(summary: Optional[str] = None) -> str:
    """The booking reply: how to reach the clinic, when it is open, which languages.

    With a summary, adds the pre-filled WhatsApp and email links, and says that
    nothing is sent until the patient sends it themselves.
    """
    contact = f"To book an assessment, get in touch with the team:\n{contact_lines()}"
    hours = f"Opening hours (UK time):\n{hours_text()}\n{languages_text()}"
    paragraphs = [contact, hours]
    if summary:
        paragraphs.append(
            "If you like, these links open a message with your summary already written:\n"
            f"WhatsApp: {whatsapp_link(summary)}\n"
            f"Email: {mailto_link(summary)}\n"
            "Nothing is sent until you tap send yourself, and you can edit it first."
        )
    return "\n\n".join(paragraphs)
