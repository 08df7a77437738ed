"""How one patient message is read: red flags first, then the question on screen, then the
classifier's guess (DESIGN.md, "How a message is read").

Plain Python over the clinical reader's findings and the semantic reader's scores; the Rasa
component (bot/nlu/component.py) only feeds it and copies its result onto the message.

- Red flags: whatever the rule reader reads, plus what the semantic reader scores above its
  high threshold, plus a "yes" to a question about one flag, escalates (`report_red_flag`);
  except that a lone flag only the rules read, which the semantic reader scores near zero in
  every clause, is checked with one targeted yes/no first (`_doubted`).
- In the semantic reader's middle band, one targeted yes/no is asked (`hint_red_flag` with
  `possible_red_flag`).
- Otherwise, while a question is pending, its interpreter decides the answer whatever the
  classifier guessed, and facts for the other questions are kept.
- A reader error never means "no flag": the patient is asked which warning sign applies.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from bot.nlu.clinical import NUMBNESS, PAIN_SIDE, RED_FLAG, RELIEF, Analysis, Finding, ReaderError, analyse_mentions
from bot.nlu.language import is_other_language, latin_language
from bot.nlu.semantic import SemanticReading
from bot.triage import interpret as answers
from bot.triage.choices import chosen_flags
from bot.triage.questions import BOOKING_OFFER, CHECK, SCREEN, SCREENING, WHICH_FLAG, Question
from bot.triage.red_flags import EMERGENCY_FLAGS

REPORT, HINT, RULE_OUT, UNSURE_OF = "report_red_flag", "hint_red_flag", "rule_out_red_flag", "not_sure_of_red_flag"
INFORM, AFFIRM, DENY, NOT_SURE = "inform_symptoms", "affirm", "deny", "not_sure"
DENY_FLAGS, OTHER_LANGUAGE = "deny_red_flags", "use_other_language"
SLOT_FACTS = (PAIN_SIDE, RELIEF, NUMBNESS)
# Guesses that the reader overrules when the message states a triage fact.
NOT_AN_ANSWER = ("nlu_fallback", "out_of_scope", "faq", "greet")
QUESTION_WORDS = frozenset({"what", "why", "how", "when", "where", "which", "who", "is", "are", "do",
                            "does", "can", "could", "should", "will", "would", "shall", "am"})
OTHER_SIDE = {"left": "right", "right": "left"}
# "both sides, not just the right": the side after "not just" is not the patient's answer.
NOT_ONLY = re.compile(r"\bnot (just|only|simply)( on)?( the| my)?\s*$", re.IGNORECASE)
CORRECTION_MARKER = re.compile(r"\b(sorry|i meant|i mean|misread|misunderstood|mis-read|actually|scratch that|"
                               r"correction|my mistake|my bad|got it wrong|wrong|on second thought|oops)\b", re.IGNORECASE)
# A goodbye or a stop while a question is on screen ends the questions, so it must say so:
# "nane o thae" (Scots for "none of those") was once guessed a goodbye and ended the triage.
FAREWELL = re.compile(r"\b(bye+|goodbye|g2g|gtg|ttyl|ttfn|cya|see (?:ya|you|u)|later|laters|cheers|ta ?ra|tata|ta|"
                      r"night|goodnight|nite|thanks|thank|thx|ty|done|leave|leaving|go|off|dash|farewell|ciao|adios|"
                      r"catch you|talk|speak|enjoy|have a (?:good|nice|lovely|great)|that(?:s| is|'s) (?:all|it)|"
                      r"enough|quit|exit|end)\b", re.IGNORECASE)
STOPPING = re.compile(r"\b(stop|stopping|cancel|quit|enough|end|exit|halt|forget|never ?mind|nvm|skip|no more|"
                      r"rather not|don'?t (?:want|wanna|ask)|do not (?:want|ask)|carry on|continue|pause|leave it)\b",
                      re.IGNORECASE)
RESTARTING = re.compile(r"\b(start|starting|restart|begin|beginning|again|over|reset|redo|re-do|top|fresh|scratch|"
                        r"change my answers?|new assessment|go back)\b", re.IGNORECASE)
# Guesses that end or restart the questions, and the words each must contain to be believed
# (blind round 31: "nil change" at the bending question was guessed a restart, every time).
ENDINGS = {"goodbye": FAREWELL, "stop": STOPPING, "restart_triage": RESTARTING}
logger = logging.getLogger(__name__)

Entity = Tuple[str, Any, int, int]  # name, value, start, end


@dataclass
class Reading:
    intent: Optional[str] = None          # the intent to set (None: keep the classifier's)
    entities: List[Entity] = field(default_factory=list)
    confidence: float = 1.0
    fallback_intent: Optional[Dict[str, Any]] = None  # next-best guess, when a guess is dropped


def read(
    text: str,
    guess: Optional[str],
    question: Optional[Question] = None,
    semantic: Optional[SemanticReading] = None,
    known_side: Optional[str] = None,
    ranking: Sequence[Dict[str, Any]] = (),
) -> Reading:
    """The reading of one message (see the module docstring)."""
    try:
        analysis = analyse_mentions(text)
    except ReaderError:
        logger.error("the clinical reader failed; asking which warning sign applies")
        return Reading(HINT)
    findings, ruled_out = _settled_side(_beyond_not_only(analysis.findings, text), text), analysis.flag_talk
    sure, possible = (semantic.verdict(analysis.ruled_out, analysis.firmly_ruled_out)
                      if semantic is not None else ([], None))
    facts = _facts(findings)
    entities: List[Entity] = _last_word(findings)
    rule_flags = {str(f.value) for f in findings if f.entity == RED_FLAG}
    flags = rule_flags | set(sure) | _picked(question, text)
    correcting = _corrects_the_side(question, facts.get(PAIN_SIDE), known_side, text)
    answer = _stated(question, facts) if correcting else _answer(question, text, facts, analysis)
    if question is not None and question.flag and answer == answers.YES:
        flags.add(question.flag)
    if question is not None and question.slot == CHECK and question.flag and possible == question.flag \
            and answer != answers.NO and not facts:
        # asked about one sign, the patient describes it again: that is a yes (not a fact for
        # another question: "paraesthesia medial shin" places the numbness below the knee)
        flags.add(question.flag)
    doubted = _doubted(flags, rule_flags, semantic, question)
    if doubted is not None:
        return Reading(HINT, entities + [("possible_red_flag", doubted, 0, len(text))])
    if flags:
        entities += [(RED_FLAG, flag, 0, len(text)) for flag in sorted(flags)]
        route = "emergency" if flags & set(EMERGENCY_FLAGS) else "urgent_care"
        return Reading(REPORT, entities + [("urgent_route", route, 0, len(text))])
    if possible and not (question is not None and question.slot == CHECK):
        return Reading(HINT, entities + [("possible_red_flag", possible, 0, len(text))])
    if question is not None and question.slot == BOOKING_OFFER and _corrects_an_answer(text, facts):
        return Reading(INFORM, entities)  # "no sorry, I misread - nothing below the knee at all"
    if question is not None and answer is not None:
        intent, extra = _as_intent(question, answer, text)
        if intent is not None:
            return Reading(intent, _without(entities, extra) + extra)
    correction = _other_side(text, known_side)
    if correction is not None:
        return Reading(INFORM, _without(entities, [correction]) + [correction])
    if correcting:
        return Reading(INFORM, entities)
    if question is not None and guess in ENDINGS and not ENDINGS[guess].search(text):
        return Reading("nlu_fallback", entities)  # not understood: the question comes back
    return _from_guess(text, guess, entities, ruled_out, ranking)


def _picked(question: Optional[Question], text: str) -> Set[str]:
    """Signs picked from the screening list by topic alone ("the bladder one", "weight and
    legs"), at the screening question or "which one fits?": a yes to those items."""
    if question is None or question.flag or question.kind not in (SCREEN, WHICH_FLAG):
        return set()
    return set(chosen_flags(text))


def _doubted(flags: Set[str], rule_flags: Set[str], semantic: Optional[SemanticReading],
             question: Optional[Question]) -> Optional[str]:
    """The one flag to check rather than escalate: the only flag of the message, read by the
    rules alone, that the semantic reader scores near zero in every clause ("the fall colours
    on my walk were lovely"; on blind round 28, held out, 8 of 17 false flags and none of 560
    true ones). Never while a check or the screening question is on screen: there a terse "the
    bladder one" is an answer, whatever its score."""
    if semantic is None or len(flags) != 1 or flags != rule_flags:
        return None
    if question is not None and question.slot in (CHECK, SCREENING):
        return None
    flag = next(iter(flags))
    return flag if semantic.doubts(flag) else None


def _facts(findings: Sequence[Finding]) -> Dict[str, Any]:
    """Slot facts, the patient's last word winning (a correction comes after the mistake)."""
    return {f.entity: f.value for f in findings if f.entity in SLOT_FACTS}


def _answer(question: Optional[Question], text: str, facts: Dict[str, Any], analysis: Analysis) -> Optional[str]:
    if question is None:
        return None
    screening = question.kind in (SCREEN, WHICH_FLAG)
    talk = analysis.screen_talk(text) if screening else analysis.flag_talk
    if question.kind == WHICH_FLAG:  # a sign is named (read above), or none, or not sure
        answer = answers.screen(text, talk)
        return answer if answer in (answers.NONE, answers.UNSURE) else None
    return answers.interpret(question, text, facts, flag_talk=talk)  # the screen: answers.screen


def _corrects_the_side(question: Optional[Question], side_said: Any, known_side: Optional[str],
                       text: str) -> bool:
    """A new side while a yes/no question is on screen: "nah scratch that, it's the right"
    corrects the side; its "nah" does not answer the question."""
    if question is None or question.slot not in (RELIEF, NUMBNESS) or known_side is None:
        return False
    return (side_said is not None and side_said != known_side) or _other_side(text, known_side) is not None


def _corrects_an_answer(text: str, facts: Dict[str, Any]) -> bool:
    """After the outcome, a triage fact told as a correction ("sorry, I misread: nothing below
    the knee") corrects that answer; its "no" does not decline the booking offer."""
    return any(slot in facts for slot in (PAIN_SIDE, RELIEF, NUMBNESS)) and CORRECTION_MARKER.search(text) is not None


def _stated(question: Optional[Question], facts: Dict[str, Any]) -> Optional[str]:
    """The answer to a yes/no question only from what the message states about it."""
    if question is None or question.slot not in facts:
        return None
    return answers.YES if facts[question.slot] else answers.NO


def _settled_side(findings: List[Finding], text: str) -> List[Finding]:
    """When a message names several sides, the one it settles on (interpret.preferred_side)."""
    sides = [f for f in findings if f.entity == PAIN_SIDE]
    chosen = answers.preferred_side(text, [str(f.value) for f in sides]) if len(sides) > 1 else None
    if chosen is None:
        return findings
    last = sides[-1]
    kept = [f for f in findings if f.entity != PAIN_SIDE]
    return sorted(kept + [Finding(PAIN_SIDE, chosen, last.start, last.end, last.text)], key=lambda f: f.start)


def _beyond_not_only(findings: List[Finding], text: str) -> List[Finding]:
    """Drop a side named after "not just": "both sides, not just the right" means both."""
    return [f for f in findings if not (f.entity == PAIN_SIDE and NOT_ONLY.search(text[:f.start]))]


def _as_intent(question: Question, answer: str, text: str) -> Tuple[Optional[str], List[Entity]]:
    """The intent (and slot entity) that carries an answer to the question on screen."""
    whole = (0, len(text))
    if question.slot == CHECK:
        return {answers.NO: RULE_OUT, answers.UNSURE: UNSURE_OF}.get(answer), []
    if question.slot == BOOKING_OFFER:
        return {answers.YES: AFFIRM, answers.NO: DENY, answers.UNSURE: DENY}.get(answer), []
    if question.slot == SCREENING:
        if question.flag:  # one warning sign at a time: "yes" was handled as a report
            return {answers.NO: DENY, answers.UNSURE: NOT_SURE}.get(answer), []
        return {answers.NONE: DENY_FLAGS, answers.SOME: AFFIRM, answers.UNSURE: NOT_SURE}.get(answer), []
    if answer == answers.UNSURE:
        return NOT_SURE, []
    if question.slot == PAIN_SIDE and answer in answers.SIDES:
        return INFORM, [(PAIN_SIDE, answer, *whole)]
    if question.slot in (RELIEF, NUMBNESS) and answer in (answers.YES, answers.NO):
        return INFORM, [(question.slot, answer == answers.YES, *whole)]
    return None, []


def _last_word(findings: Sequence[Finding]) -> List[Entity]:
    """One entity per slot fact: the latest in the message ("left... no, the right")."""
    last = {f.entity: f for f in findings if f.entity in SLOT_FACTS}
    return [(f.entity, f.value, f.start, f.end) for f in sorted(last.values(), key=lambda f: f.start)]


def _without(entities: List[Entity], replacing: List[Entity]) -> List[Entity]:
    names = {e[0] for e in replacing}
    return [e for e in entities if e[0] not in names]


def _other_side(text: str, known_side: Optional[str]) -> Optional[Entity]:
    """"Sorry, I meant the other one": the side not recorded, when one side was recorded."""
    if known_side not in OTHER_SIDE:
        return None
    norm = answers.normalise(text)
    if any(p in norm for p in ("other side", "other one", "opposite side", "the opposite", "wrong side")):
        return (PAIN_SIDE, OTHER_SIDE[known_side], 0, len(text))
    return None


def _from_guess(text: str, guess: Optional[str], entities: List[Entity], ruled_out: bool,
                ranking: Sequence[Dict[str, Any]]) -> Reading:
    """No red flag and no answer to a pending question: the classifier's guess, checked."""
    if guess in (REPORT, HINT):
        if not ruled_out:
            return Reading(HINT, entities)
        return _next_best(ranking, (REPORT, HINT), entities)
    if is_other_language(text) or guess == OTHER_LANGUAGE and latin_language(text):
        return Reading(OTHER_LANGUAGE, entities + [("language", _language(text), 0, len(text))])
    if guess == OTHER_LANGUAGE:  # "bk pain agen 😒": Latin letters, no other language's words
        return _next_best(ranking, (OTHER_LANGUAGE,), entities)
    if guess in NOT_AN_ANSWER and entities and not _looks_like_question(text):
        return Reading(INFORM, entities)  # "centre", "only in my thigh": an answer, not noise
    return Reading(None, entities)


def _next_best(ranking: Sequence[Dict[str, Any]], dropped: Sequence[str], entities: List[Entity]) -> Reading:
    """The classifier's best guess that is not one of `dropped` (the fallback if none)."""
    best = next((r for r in ranking if r.get("name") not in (*dropped, None)), None)
    best = best or {"name": "nlu_fallback", "confidence": 1.0}
    return Reading(str(best["name"]), entities, float(best.get("confidence") or 1.0))


def _looks_like_question(text: str) -> bool:
    words = text.strip().lower().split()
    return "?" in text or bool(words) and words[0] in QUESTION_WORDS


def _language(text: str) -> str:
    """"ko" for Hangul; "other" for any other script without Latin letters."""
    return "ko" if any("\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" for ch in text) else "other"
