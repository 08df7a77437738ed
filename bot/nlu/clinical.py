"""The clinical reading of one patient message: red flags and triage facts, with negation.

Plain Python (spaCy + negspacy, no Rasa). The pipeline itself is in pipeline.py and the
words in patterns/*.yml; this module decides what the mentions mean:

- a red flag counts when it is reported as true of the patient now or recently: not
  negated ("no fever"), not a question or a condition ("should I worry about...?", "if I
  get..."), not someone else ("my mum had cancer"), not long past and resolved ("broke my
  wrist years ago"; a past cancer still counts), not intended weight loss (dieting), not
  a thing or someone else that fell ("a box fell off the shelf"), not
  a mild night ache that settles on turning over (CONTRACT.md, "What counts as a red flag");
- slot facts follow the same context rules, and a negation turns them round: "bending
  forward doesn't help" -> forward_bend_relief False, "no tingling below the knee" ->
  leg_numbness_below_knee False. Bare "yes"/"no" are left to the Rasa intents.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Tuple, cast

from bot.nlu.pipeline import LOOKALIKE, get_reader
from bot.nlu.spans import Mention
from bot.triage.red_flags import FLAGS

RED_FLAG = "red_flag"
PAIN_SIDE = "pain_side"
RELIEF = "forward_bend_relief"
NUMBNESS = "leg_numbness_below_knee"

# Context steps (pipeline.py / patterns/context_*.yml) that stop a mention from counting.
NOT_THE_PATIENT_NOW = frozenset({"hypothetical", "other_person", "long_past", "mild", "intended",
                                 "uncertain", "not_the_patient", "not_this_side", "lookalike", "tested_clear", "no_fall"})
NEGATED = "negated"
# Contexts of a rule mention that overrule a semantic score for its flag in the same clause.
# Not "hypothetical"/"uncertain": the rules set those for a whole sentence ending in a
# question ("I can't feel it when I wipe, is that normal?"), and the semantic reader, trained
# on worries and questions that report a symptom, tells the two apart better.
SEMANTIC_VETO = frozenset({NEGATED, "other_person", "long_past", "mild", "intended", "tested_clear", "no_fall",
                           LOOKALIKE})
# Of those, the ones no semantic score outranks: who has the sign is the rules' call (blind
# round 29: "me da had prostate cancer" scored 1.00; MiniLM hears the cancer, not the dad).
FIRM_VETO = frozenset({"other_person"})
ANAPHOR = "anaphor"
UNPLACED = "unspecified"  # a numbness mention with no place below or above the knee
LEG_PART = re.compile(r"\b(?:legs?|thighs?|knees?|calf|calves|shins?|ankles?|foot|feet|toes?|heels?|hips?)\b", re.I)
# A one-word side answer ("Left.", "right side only") may be followed by these words only.
BARE_FOLLOWERS = frozenset({".", "!", ",", "only", "side", "one", "mainly", "mostly", "please",
                            "thanks", "thank", "definitely", "i", "think", "sided", "hand", ")", "-"})
MAX_CHARS = 100_000
logger = logging.getLogger(__name__)


class ReaderError(RuntimeError):
    """The reader could not read a message: the caller must not take that as "no flag"."""


@dataclass(frozen=True)
class Finding:
    entity: str    # "red_flag" | "pain_side" | "forward_bend_relief" | "leg_numbness_below_knee"
    value: object  # a flag name; "left"/"right"/"both"/"central"; or True/False
    start: int     # character offsets into the original text
    end: int
    text: str      # the matched words


def analyse(text: str) -> List[Finding]:
    """Every red flag and slot fact the message reports, in text order.

    Empty, very long, emoji, other scripts and markup are fine (the first 100,000
    characters are read). Findings for a slot fact may disagree when the patient corrects
    themselves (the later one is their latest word); numbness below the knee wins over
    thigh-only numbness. Raises ReaderError if the reader fails.
    """
    return analyse_mentions(text).findings


def _findings(mentions: List[Mention], text: str) -> List[Finding]:
    findings = []
    for i, mention in enumerate(mentions):
        if mention.value == ANAPHOR and not any(
            m.group == mention.group and m.value != ANAPHOR for m in mentions[:i]
        ):
            continue  # "I had it too" means a red flag only after that flag was named
        finding = _finding(mention, text)
        if finding is not None:
            findings.append(finding)
    return _settle_numbness(findings)


@dataclass(frozen=True)
class Analysis:
    findings: List[Finding]  # what the message reports (red flags, slot facts)
    mentions: List[Mention]  # everything the rules matched, with the contexts that fired
    flag_talk: bool          # a warning-sign topic ruled out, or numbness in the leg

    def ruled_out(self, flag: str, span: Tuple[int, int], vetoes: FrozenSet[str] = SEMANTIC_VETO) -> bool:
        """Did the rules find `flag` inside `span` negated, someone else's, asked about,
        long past, mild or intended? (Then a semantic score for it there does not count.)"""
        return any(m.group == flag and m.contexts & vetoes and (
            m.start_char >= span[0] and m.end_char <= span[1]
            or LOOKALIKE in m.contexts and m.start_char < span[1] and m.end_char > span[0])  # may take a comma
            for m in self.mentions)

    def firmly_ruled_out(self, flag: str, span: Tuple[int, int]) -> bool:
        """Ruled out in `span` for a reason no semantic score outranks (FIRM_VETO)."""
        return self.ruled_out(flag, span, FIRM_VETO)

    def screen_talk(self, text: str) -> bool:
        """`flag_talk` as the screening question reads it: numbness in a message that names no
        part of the leg ("the numbness never goes away") is not leg numbness there, as it may
        be the saddle item; "no numbness" and "tingling in my leg" still rule it out."""
        return _ruled_out(self.mentions, placed_numbness_only=not LEG_PART.search(text))


def analyse_mentions(text: str) -> Analysis:
    """The findings, the mentions behind them, and whether the message spoke of a
    warning-sign topic only to rule it out (negated, someone else's, asked about, long
    past, mild) or of numbness in the leg.

    Raises ReaderError when the reader fails: never "no flag" by accident.
    """
    if not isinstance(text, str) or not text.strip():
        return Analysis([], [], False)
    try:
        mentions = get_reader().read(text[:MAX_CHARS])
    except Exception as exc:
        logger.error("clinical reading failed (%s)", type(exc).__name__)
        raise ReaderError(type(exc).__name__) from exc
    return Analysis(_findings(mentions, text), mentions, _ruled_out(mentions))


def red_flags_in(text: str) -> List[str]:
    """Sorted, unique names of the red flags the message reports as true of the patient."""
    return sorted({cast(str, f.value) for f in analyse(text) if f.entity == RED_FLAG})  # a red flag's value is its name


def flag_ruled_out(text: str) -> bool:
    """Did the message name a red flag only to rule it out (negated, someone else's, asked
    about, long past...), or speak of numbness in the leg? Then a classifier's red-flag guess
    is not a hint worth asking about."""
    return analyse_mentions(text).flag_talk


def _ruled_out(mentions: List[Mention], placed_numbness_only: bool = False) -> bool:
    return any(
        (m.group in FLAGS and m.value != ANAPHOR and bool(m.contexts & (NOT_THE_PATIENT_NOW | {NEGATED})))
        or (m.group == NUMBNESS and not (placed_numbness_only and m.value == UNPLACED and NEGATED not in m.contexts))
        for m in mentions
    )


def warm_up() -> None:
    """Builds the pipeline now (a few seconds) instead of on the first message."""
    get_reader()


# --------------------------------------------------------------------------- decisions
def _finding(m: Mention, text: str) -> Optional[Finding]:
    if m.contexts & NOT_THE_PATIENT_NOW:
        return None
    negated = NEGATED in m.contexts
    value: object  # a flag name, a side (str) or a slot fact (bool); None: no finding
    if m.group in FLAGS:
        value = None if negated else m.group
        entity = RED_FLAG
    elif m.group == PAIN_SIDE:
        value = None if negated else _side(m)
        entity = PAIN_SIDE
    elif m.group == RELIEF:
        value = _relief(m.value, negated)
        entity = RELIEF
    elif m.group == NUMBNESS:
        value = _numbness(m.value, negated)
        entity = NUMBNESS
    else:  # a pattern group this module does not know: ignore, never guess
        return None
    if value is None:
        return None
    return Finding(entity, value, m.start_char, m.end_char, text[m.start_char:m.end_char])


def _side(m: Mention) -> Optional[str]:
    side, _, bare = m.value.partition("_")
    if bare and not all(tok in BARE_FOLLOWERS or not tok.strip() for tok in m.next_tokens):
        return None  # "left it too long", "right, so..." are not answers about the side
    if bare and side == "right" and m.next_tokens[:1] == (",",):
        return None
    return side


def _relief(value: str, negated: bool) -> Optional[bool]:
    if value == "eases":
        return not negated  # "bending forward doesn't ease it" -> False
    if value == "no_ease":  # "(actually no,) bending forward doesn't change anything": the "no" is
        return False        # an interjection before the statement, not a double negative
    if value in ("worse", "bare_no_difference"):
        return None if negated else False  # a double negative is not an answer
    return None


def _numbness(value: str, negated: bool) -> Optional[bool]:
    if value == "below_knee":
        return not negated
    if value == "none_below_knee":
        return None if negated else False  # "nothing below the knee"
    if value == "above_knee":
        return None if negated else False  # numb thigh only: not below the knee
    if value == UNPLACED:
        return False if negated else None  # "no numbness" answers it; "some numbness" does not
    return None


def _settle_numbness(findings: List[Finding]) -> List[Finding]:
    """'Numb thigh and tingling in my toes': below the knee wins over the thigh-only False."""
    if any(f.entity == NUMBNESS and f.value is True for f in findings):
        return [f for f in findings if not (f.entity == NUMBNESS and f.value is False)]
    return findings
