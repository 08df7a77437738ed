"""Questions in a patient's message: asked in general, denied or owned in the next sentence.

"Is a numb bum serious?" asks about a sign, it does not report it; "do I need A&E if my legs
give way? they haven't" denies it; "...with a bad back? cause mine have" owns it. Used by
pipeline.py on spaCy sentence Spans; plain regular expressions and word sets.
"""
from __future__ import annotations

import re
from typing import Any

# "Is a numb bum serious?", "Can a fall cause this?": a yes/no question about a symptom in
# general (no first person in it) asks about the symptom, it does not report it.
# A question answered at once by a denial: "do I need A&E if my legs give way? they haven't,
# just asking", "...would a fever be a concern? I have not had one myself".
_END = r"\s*(myself|though|thankfully|yet)?\s*([.,!;)]|$)"
DENIAL = re.compile(
    r"^\W*(but |no,? |and )?(i (have not|haven't|havent|do not|don't|dont|did not|didn't|didnt)"
    r"( had| have| got| get)?( one| it| this| that| them| any)?" + _END +
    r"|(they|it|she|he) (have not|haven't|havent|has not|hasn't|hasnt|did not|didn't|didnt)" + _END +
    r"|nothing('s| has)? happened( to me)?( yet)?" + _END +
    r"|(it'?s |its )?not happening( to me)?( yet)?" + _END + r"|(it )?(hasn't|hasnt|has not) happened( to me)?( yet)?" + _END +
    r"|(mine|mine's|mines|mine is) (fine|ok|okay|alright|normal|good)\b|not me\b|(just|only) asking\b"
    r"|asking for a friend\b|asking for (him|her|them|my \w+)\b|(i )?(only|just) (ask|asking|wondering|curious)\b|(i'm|im|i am) (fine|ok|okay)"
    + _END + ")")
# The same, the denial later in the next sentence: "...related to back pain? I read about it on
# the NHS website, I haven't had it" (not "I haven't had it checked").
# Only a denial that ends there: not "I haven't had any warning", "I have no control at all".
DENIED_LATER = re.compile(
    r"\bi( have not| haven't| havent|'ve not| ve not| have never|'ve never| never) (had|got) (it|that|this|one|any|"
    r"them)( myself| though| thankfully| yet| at all)?\s*([.,!;]|$)"
    r"|\b(i'm|im|i am) fine on that (front|score)\b|\b(just|only) (curious|a planner|planning ahead)\b"
    r"|\bi('ve| have) no (numbness|tingling|symptoms|problems|issues|trouble|signs|weakness|fever|temperature|lump|"
    r"throbbing|pulsing) at all\b")
# A general question, then the patient's own: "is it normal that your genitals go numb with a
# bad back? cause mine have", "...to give way with sciatica? mine's done it twice today".
OWNED = re.compile(
    r"^\W*((cause|'cause|because|cos|coz|as|and|since|well)\s+)?(mine( have| has| do| does| did| is| are)( too| as well)?"
    r"\s*([.,!]|$)|(mine's|mines|mine has|mine) (done|been doing|doing|started doing|keeps doing) (it|that|this)\b"
    r"|i (do|have|did)( (it|that|this|them|one|too|as well))?\s*([.,!]|$)|i('ve| have) (got|had) (it|that|this|them|one)\b"
    r"|(they|it) (did|do|have|has|does|keep|is|are)( (too|again|twice|once|sometimes|now|a lot|all the time|every day|"
    r"every night|for me|with me|this morning|today|yesterday|last night|this week))*\s*([.,!]|$))")
# A claim about a sign in general, said right after naming it: "weight loss is a bad sign",
# "night pain can be a warning sign". Not "lost 2 stone, which is a bad sign" (a word between).
GENERIC_CLAIM = re.compile(r"^(is|are|can be|could be|may be|might be|can mean|could mean|means|is meant to be|"
                           r"is supposed to be|are supposed to be|is apparently) (a |an )?(bad|warning|red|danger|"
                           r"serious|worrying|classic|typical|common|key)?\s?(sign|signs|symptom|symptoms|flag|flags)\b")
QUESTION_OPENERS = frozenset({"when", "what", "how", "which", "is", "are", "does", "do", "can", "could",
                              "should", "would", "will",
                              "might", "may", "isn't", "isnt", "doesn't", "doesnt"})
NOT_GENERAL = frozenset({"it", "that", "this", "there", "i"})
OPENERS = " \n([{\"'“‘"  # what may trail a question mark: the next sentence's opening bracket
FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "id", "i'll", "my", "me", "myself",
                          "mine", "we", "our", "us", "'m", "'ve"})


def asks(sent: Any) -> bool:  # a spaCy Span
    """The sentence ends with a question mark ("...cancer history? (i don't have any)": the
    sentencizer leaves the opening bracket of the next sentence on this one)."""
    return bool(sent.text.rstrip(OPENERS).endswith("?"))


def denied_question(sent: Any, following: Any) -> bool:  # spaCy Spans
    """A question whose next sentence denies having it: "...if my legs give way? they haven't"."""
    return following is not None and asks(sent) and bool(
        DENIAL.match(following.text.lower()) or DENIED_LATER.search(following.text.lower()))


def owned_question(sent: Any, following: Any) -> bool:  # spaCy Spans
    """A question about a sign in general whose next sentence says the patient has it."""
    return following is not None and asks(sent) and bool(
        OWNED.match(following.text.lower()))


def general_question(sent: Any) -> bool:  # a spaCy Span
    words = [t.lower_ for t in sent if not t.is_space]
    while words and words[-1] in OPENERS:
        words.pop()
    if len(words) < 3 or words[-1] != "?" or words[0] not in QUESTION_OPENERS or words[1] in NOT_GENERAL:
        return False
    return not any(w in FIRST_PERSON for w in words)
