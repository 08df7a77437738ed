"""The question on screen reads the answer first (DESIGN.md, "How a message is read" 1).

While the bot waits for an answer, these functions decide what the patient's message says
to *that* question, whatever intent the classifier guessed: yes / no / not sure for a yes/no
question, a side for the side question, none / some / not sure for the safety screen.
`None` means the message does not answer the question (a FAQ, a remark): the dialogue then
handles it as it would anywhere else.

Plain functions over the text and the clinical reader's slot facts; the tables of phrasings
they must read are in tests/triage/interpreter_table.yml.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping, Optional

from bot.triage.questions import Question
from bot.triage.sides import named_side

YES, NO, UNSURE = "yes", "no", "unsure"
NONE, SOME = "none", "some"
SIDES = ("left", "right", "both", "central")

_EMOJI = {
    "yes": "👍✅✔☑👌🙋💯",
    "no": "👎❌✖🙅🚫⛔",
    "unsure": "🤷🤔",
}

# Phrases, as regular expressions over the normalised text (lower case, words separated by
# single spaces, apostrophes dropped: "don't" -> "dont").
_UNSURE = [
    r"not (?:really |entirely |100 |a 100 |totally |completely )?(?:sure|certain)", r"unsure", r"dunno",
    r"(?:i )?(?:dont|do not|didnt) (?:really )?know", r"no idea", r"no clue", r"not a clue", r"idk",
    r"maybe", r"perhaps", r"possibly", r"hard to (?:say|tell)", r"(?:cant|cannot|couldnt) (?:really )?(?:say|tell)",
    r"(?:50 50|fifty fifty)", r"it (?:varies|depends)", r"depends", r"might be", r"could be", r"who knows",
    r"(?:cant|cannot) remember", r"not (?:that )?(?:i|id) (?:can )?(?:tell|say)", r"sometimes yes sometimes no",
    r"yes and no(?=$)", r"hmm+", r"uncertain", r"(?:i )?(?:really )?(?:cant|cannot|couldnt) (?:really )?pin (?:it )?down",
    r"it (?:moves|moves around|shifts|shifts around|changes|wanders)", r"(?:it )?(?:sort of |kind of )?moves around",
]
_NO = [
    r"(?:yeah|yea|yeh|ya) nah+",  # Australian "yeah nah": no (blind round 33)
    r"no+", r"nope", r"nup+", r"nah+", r"naw", r"na", r"nae", r"nay", r"n", r"not really", r"not at all", r"not much", r"nowt", r"nuttin", r"nothin", r"nil",
    r"know(?= (?:it (?:doesnt|does not|dont|isnt|aint)|i (?:dont|do not|havent)|not|nothing|none|never))",
    r"not especially", r"not particularly", r"nothing", r"none", r"never", r"negative", r"no way",
    r"not that (?:i|ive|i have) (?:know of|noticed|know)", r"(?:i )?dont think so", r"i dont", r"dont",
    r"it doesnt", r"doesnt", r"it does not", r"i do not", r"no difference", r"(?:it )?makes no difference",
    r"no change", r"(?:it )?makes? no odds", r"no odds", r"(?:its |it is )?(?:the )?same", r"not so much", r"hardly", r"not as such", r"not for me",
    r"not in my experience", r"i havent", r"havent", r"not noticed", r"nothing like that", r"no no",
    r"i have not", r"i had not (?:noticed|seen|felt|found)", r"i did not notice", r"i didnt notice",
    r"not (?:rly|realy|relly|reely)", r"nt really", r"no+ (?:rly|really)", r"nah+ (?:rly|really)",
    r"(?:i )?(?:cant|cannot|couldnt) say (?:that )?(?:i|ive) (?:have|do|get|had|got|noticed|am)(?: (?:any|it|that|them|one|this|anything))?(?: of (?:them|those|these))?",
    r"not (?:a )?(?:single )?one", r"not that i can (?:tell|see|think of)", r"nothing of the sort",
    r"(?:i )?(?:cant|cannot|couldnt) (?:really |honestly )?say (?:that )?(?:it|bending|leaning|stooping|that|this) "
    r"(?:alters|changes|helps|affects|eases|makes|does|do|is|has)\b.*",
]
_YES = [
    r"nah+ (?:yeah|yea|yeh|ya)",  # "nah yeah": yes
    r"y+e+[sa]+h*", r"yeah+", r"yea+", r"ye+", r"yep+", r"yup+", r"ya+", r"yah", r"yh", r"y", r"aye",
    r"sure", r"definitely", r"absolutely", r"certainly", r"correct", r"indeed", r"true", r"of course",
    r"thats right", r"that is right", r"it does(?! (?:ache|hurt|hurts|throb|wake|keep|stiffen|bother|nag|twinge))", r"i do", r"i have", r"uh huh", r"mhm+", r"mm+",
    r"ok yes", r"okay yes", r"affirmative", r"a (?:little )?bit", r"a little", r"slightly", r"somewhat",
    r"kind of", r"kinda", r"sort of", r"sorta", r"i think so", r"think so", r"probably", r"it helps",
    r"helps", r"does", r"yes please", r"exactly", r"too right", r"spot on", r"big time",
    r"a lot", r"loads", r"totally", r"for sure", r"deffo", r"defo", r"it do",
    r"a (?:wee|tiny|teeny|lil) bit", r"a tad", r"a touch", r"a smidge",
]

# Words that say the same answer fits every item of the safety screen.
_NONE_OF_THEM = [
    r"none(?: of (?:them|those|these|that|the above|it))?", r"no(?:ne)? to (?:all|everything|any|them all)",
    r"(?:nothing|nowt|nothin|nuttin) (?:like that|of (?:the|that) sort|from (?:that|the) list)", r"all clear", r"all fine",
    r"i dont have any(?: of (?:them|those|these))?", r"dont have any(?: of (?:them|those|these))?",
    r"i havent (?:got|had) any(?: of (?:them|those|these))?", r"no(?: i dont| i havent)?",
    r"thankfully not", r"luckily not", r"none apply", r"no red flags", r"nothing to report",
    r"not (?:a )?(?:single )?one(?: of (?:them|those|these))?", r"not a one", r"none whatsoever", r"zero", r"nil",
    r"nada", r"not any(?: of (?:them|those|these))?", r"nane(?: o[f]? (?:them|thaim|thae|thon|those|these|it|that))?",
    r"nae(?:n|ne)? o[f]? (?:them|thaim|thae|thon|those|these)", r"(?:i )?(?:have|got) none(?: of (?:them|those|these))?",
    r"(?:i )?(?:dont|do not) have (?:any of )?(?:them|those|these)", r"neither", r"negative(?: to all| for all)?",
    r"(?:i )?(?:cant|cannot|couldnt) say (?:that )?(?:i|ive) (?:have|do|get|had|got|noticed)(?: any| anything)?(?: of (?:them|those|these))?",
]
# ...said later in a longer answer: "I have read your list carefully and none of those apply to
# me" (blind round 34), unless the message goes on to an exception ("none of those except...").
_NONE_LATER = re.compile(r"(?:^|\s)(?:none of (?:them|those|these|the above|that list|your list|the list)|none apply|"
                         r"none whatsoever|no to all)(?=\s|$)")
_EXCEPTION = re.compile(r"\b(?:except|excepting|apart from|but|other than|besides|save for|aside from|only|though|although)\b")
_SOME_OF_THEM = [
    r"(?<!not )(?<!not a )(?<!not a single )(?<!nope )(?:one|two|some|a few|a couple|a couple of|several|most|all) of (?:them|those|these|the above|that list)",
    r"(?:yes|yeah|yep|yh) (?:one|some|a few|a couple|i have|i do|i get)", r"(?:one|a couple|some) (?:yes|yeah)",
    r"the (?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|last) one",
]

# A topic of the screen's list: said to be fine ("just a mild ache at night", "bladder's
# normal") it answers "none"; otherwise "some" (screen() below).
_SCREEN_TOPIC = re.compile(  # an optional "s": "my bladder's been odd" is normalised to "bladders"
    r"\b(?:night|nights|sleep\w*|tingl\w*|numb\w*|pins|weights?|fever\w*|temperatures?|temps?|shiver\w*|sweat\w*|"
    r"falls?|fell|fallen|trip\w*|bladders?|bowel\w*|waterworks|wee|pee\w*|toilets?|loos?|cancers?|leg|legs|weak\w*|"
    r"tummys?|bellys?|stomachs?|throb\w*|puls\w*)\b")
# ...not after a negation: "the numbness never goes away", "nothing eases it at night"
_SAID_FINE = re.compile(r"(?<!never )(?<!not )(?<!nothing )(?<!doesnt )(?<!dont )(?<!wont )(?<!isnt )(?<!arent )"
                        r"(?<!no )\b(?:normal|fine|ok|okay|good|stable|same|steady|regular|usual|working|behaving|"
                        r"no problems?|no issues?|no trouble|nothing wrong|all good|all ok|mild|slight|slightly|settles|"
                        r"eases|goes away|goes off|sorts it|sorts itself out)\b")
_QUESTION_OPENERS = ("what", "why", "how", "when", "where", "which", "who", "is", "are", "do", "does", "can",
                     "could", "should", "will", "would", "shall", "am")

# Words a patient says before the answer itself: "thinking about it, yes - ...", "well no".
_PREAMBLE = re.compile(
    r"^(?:(?:thinking about it|now (?:that )?(?:you|u) (?:mention|say) it|come to think of it|hmm+|um+|erm+|"
    r"er+|well|ok so|okay so|so|oh|ah|oh right|ah right|right then|oh i see|i see|in that case|then|ok|okay|honestly|to be honest|tbh|i guess|i suppose|let me think|good question|"
    r"now i think about it|on reflection|having thought about it)\s)+")
# Relief from the opposite movement answers the bending question with "no".
_UPRIGHT_BETTER = re.compile(
    r"(?:better|easier|eases|helps|relief|comfier|more comfortable)\b.{0,40}\b(?:stand(?:ing)? (?:up )?(?:straight|tall|upright)|"
    r"straight(?:en(?:ing)?)? up|upright|arch(?:ing)?|lean(?:ing)? back|bend(?:ing)? back|stretch(?:ing)? back|backwards|"
    r"lying (?:down|flat)|lie (?:down|flat)|on my back)"
    r"|(?:stand(?:ing)? (?:up )?(?:straight|tall|upright)|straighten(?:ing)? up|arch(?:ing)?|lean(?:ing)? back|"
    r"stretch(?:ing)? backwards?|bend(?:ing)? backwards?)\b.{0,30}\b(?:better|easier|eases|helps|relief)"
)
# "When I bend, it is more easy": bending itself named as what helps answers "yes".
_BENDING_BETTER = re.compile(
    r"\b(?:bend|bending|bent|lean|leaning|stoop|stooping|hunch|hunching|flexion|flexing|flexed)\b(?! back)(?! backwards)[^,.;!?]{0,60}"
    r"\b(?:more easy|easier|better|eases|helps|relief|less pain|less painful|less sore|more comfortable|calms|settles|"
    r"eases off|eases up|goes off|subsides)\b"
    # "lifting my knee up towards my chest takes the pain away" (the question's own thigh lift)
    r"|\b(?:lift|lifting|lifted|raise|raising|raised|bring|bringing|pull|pulling|hug|hugging)\b(?: up)?(?: my| the| one)?"
    r" (?:knee|knees|thigh|thighs|leg|legs)\b[^,.;!?]{0,60}\b(?:takes? (?:the pain |it )?away|easier|better|eases|helps|"
    r"relief|less pain|less painful|more comfortable|calms|settles)\b")
# "It's worse if anything": the bending question answered with "no" (nothing eases).
_BENDING_WORSE = re.compile(
    r"^(?:(?:its|it is|it gets|it goes|thats|that is|if anything|if anything its|makes it|that makes it|bending makes it|"
    r"bending is|leaning makes it|no|nah|nope|actually)\s)*(?:worse|even worse|a bit worse|more painful|more sore|sorer)\b(?!.*\b(?:better|easier|eases|helps|relief|stand|standing|straight|straighten|straightening|upright|arch|arching|lean back|leaning back)\b)")
# "...when i stop and bend over my knees it calms down, so yes": the answer said last.
_CONCLUSION = re.compile(r"\bso (?:(yes|yeah|yep|yh|i guess yes|i would say yes)|(no|nope|nah|i would say no))$")
# "it eases off a wee bit aye", "not in my feet no": a bare yes or no said last, after words
# that say nothing against it (no negation before a final yes, no yes word before a final no).
_BARE_YES, _BARE_NO = r"yes|yeah|yep|yup|yh|aye", r"no|nope|nah|naw"
_TRAILING = re.compile(rf"\s(?:({_BARE_YES})|({_BARE_NO}))(?: (?:mate|tbh|like|really|thanks|ta|x|lol|haha|tho|though))*$")
_NEGATION = re.compile(rf"\b(?:{_BARE_NO}|not|never|nothing|none|dont|doesnt|didnt|isnt|cant|cannot|wont|hardly|without|neither|nor)\b")
_YES_WORD = re.compile(rf"\b(?:{_BARE_YES})\b")
# "Only my thigh" at the numbness question: numb above the knee only, so not below it.
_ONLY_ABOVE_KNEE = re.compile(r"\b(?:only|just|mainly|mostly)\b.{0,50}\b(?:thigh|thighs|hip|hips|bum|buttock|groin)\b")
# "...shins and feet feel normal": below the knee is said to be fine.
_BELOW_KNEE_FINE = re.compile(
    r"\b(?:legs?|shin|shins|calf|calves|foot|feet|toes|ankles?|lower legs?|below the knee|under the knee)\b"
    r"(?: and (?:my )?(?:shin|shins|calf|calves|foot|feet|toes|ankles?))? (?:feel |are |is |seem |are all |feel totally )?"
    r"(?:normal|fine|ok|okay|alright|all right|grand|perfectly fine|totally fine)\b")

_SIDE_WORDS = {
    "left": r"left|lft|lef|leftt|lhs|l|left hand|lefty|left side|left innit|leftish|left ish",
    "right": r"right|rite|rigt|rigth|rght|rhs|r|write|right hand|right side|ryt|rgt|rightish|right ish",
    "both": r"both|bth|boths|both sides?|each side|either side|left and right|right and left|all round|both of them|"
            r"bilateral|bilaterally|bilat|both sided|two sided|both of em|both o them|both o em",
    "central": r"middle|midle|center|centre|central|centrally|centre line|midline|dead cent(?:re|er)|"
               r"spine|the spine|down the middle|in the middle|right in the middle|straight down the middle|"
               r"(?:right )?in(?:na)? (?:di|de|da|tha) middle|"
               r"across the (?:middle|centre|center)|along the middle|across|all across|right across|across the (?:whole |entire )?(?:of (?:the |my )?)?(?:lower )?back|"
               r"(?:the )?whole (?:lower )?back|all over|all along|along the spine|on the spine",
}
_FILLER = (r"its|it is|it s|on|the|my|mostly|mainly|more|more on|just|only|definitely|probably|i think|side|sides|sid|sde|syde|"
           r"is|one|sided|of my back|of the back|lower back|back|bit|part|innit|mate|please|pls|thanks|x|ta|hurts|hurting|"
           r"sore|aches|pain|painful|always|usually|in|of|at|a|bit more|hand side|handside|area|mine|equally|evenly|about the same|the same|same|i would say|id say|i should say|"
           r"i shall say|i would think|i think it is|i believe|really|honestly|unilateral|unilaterally|unilat|ipsilateral")


def normalise(text: str) -> str:
    """Lower case, emojis as words, apostrophes dropped, other punctuation as spaces."""
    out = text.lower()
    for word, emojis in _EMOJI.items():
        for emoji in emojis:
            out = out.replace(emoji, f" {word} " if word != "unsure" else " not sure ")
    out = re.sub(r"['’`´]", "", out)
    out = re.sub(r"[^\w\s]", " ", out)
    return re.sub(r"\s+", " ", out).strip()


def _starts(text: str, phrases: Iterable[str]) -> Optional[int]:
    """End of the longest phrase that opens the text as whole words, else None."""
    ends = [m.end() for m in (re.match(rf"(?:{p})(?=\s|$)", text) for p in phrases) if m]
    return max(ends) if ends else None


def _anywhere(text: str, phrases: Iterable[str]) -> bool:
    return any(re.search(rf"(?:^|\s)(?:{p})(?=\s|$)", text) for p in phrases)


def yes_no(text: str, trailing: bool = True) -> Optional[str]:
    """A yes/no question's answer in the message: YES, NO, UNSURE, or None.

    An answer said last ("..., so yes") decides; else the longest answer phrase that opens the
    message ("no idea" is unsure, not no; "no, only my thigh" is no); a hedge anywhere else
    ("I think maybe") is unsure; then, if `trailing`, a bare yes or no said last ("eases a wee
    bit aye").
    """
    norm = _PREAMBLE.sub("", normalise(text))
    if not norm:
        return None
    concluded = _CONCLUSION.search(norm)
    if concluded:
        return YES if concluded.group(1) else NO
    opening = {answer: _starts(norm, phrases) for answer, phrases in ((UNSURE, _UNSURE), (NO, _NO), (YES, _YES))}
    found = {answer: end for answer, end in opening.items() if end is not None}
    if found:
        return max(found, key=lambda answer: found[answer])
    if _anywhere(norm, _UNSURE):
        return UNSURE
    last = _TRAILING.search(norm) if trailing else None
    if last and last.group(1) and not _NEGATION.search(norm):
        return YES
    if last and last.group(2) and not _YES_WORD.search(norm[: last.start()]):
        return NO
    return None


def side(text: str) -> Optional[str]:
    """The side named by a side answer ("left innit", "dead centre", "both"), else None.

    The whole message may be the answer, or its first part ("left, and bending helps").
    """
    first = re.split(r"[,.;:!?\n]|\s(?:and|but|plus|\+)\s|\s-\s", text, maxsplit=1)[0]
    for part in (text, first):
        norm = normalise(part)
        found = {value for value, words in _SIDE_WORDS.items()
                 if re.fullmatch(rf"(?:(?:{_FILLER})\s+)*(?:{words})(?:\s+(?:{_FILLER}))*", norm)}
        if len(found) == 1:
            return found.pop()
    loose = named_side(normalise(text))
    if loose is not None:
        return loose
    if yes_no(text) == UNSURE:
        return UNSURE
    return None


_MORE_THAN = re.compile(r"\bmore (?:in|on|to|towards|down) (?:the )?(?:middle|centre|center|left|right)\b.{0,40}\bthan\b")
_ONE_WORSE = re.compile(r"\b(?:left|right)\b.{0,25}\b(?:worse|worst|sorer|more sore|more painful|bit more)\b|"
                        r"\b(?:worse|worst|sorer|more sore|more painful)\b(?: \w+){0,3} (?:left|right)\b")
_ONLY_SIDE = re.compile(r"(?<!not )(?<!not really )\b(?:only|just|purely|solely)\b(?: really| ever| the| my| on the| on my| in the| in my)*"
                        r" (left|right)\b")
_SIDE_TOO = re.compile(r"\b(?:left|right)\b(?: side| one| hand side)?(?: \w+)?(?: \w+)? (?:too|as well|also)\b|"
                       r"\b(?:same|also|equally) (?:on|in) the (?:left|right)\b")
_SIDE_NAMED = re.compile(r"\b(middle|centre|center|left|right)\b")
_MOSTLY_SIDE = re.compile(r"\b(?:mostly|mainly|usually|predominantly|largely|primarily|chiefly|generally)\b"
                          r"(?: (?:on|in|the|my|down|to))* (left|right)\b")


def preferred_side(text: str, sides: Iterable[str]) -> Optional[str]:
    """The side a message settles on when it names several: "more in the middle of my spine
    than the right" is central; "both sides really, it's across the whole low back" is both
    (the whole back spans both sides). None: nothing to settle."""
    norm = normalise(text)
    found = _MORE_THAN.search(norm)
    if found:
        named = _SIDE_NAMED.search(found.group(0))
        word = named.group(1) if named else ""
        return {"middle": "central", "centre": "central", "center": "central"}.get(word, word) or None
    if {"both", "central"} <= set(sides):
        return "both"
    only = _ONLY_SIDE.search(norm)
    if only:
        return only.group(1)  # "it's really only the left side, the right was just stiff"
    mostly = _MOSTLY_SIDE.search(norm)
    if mostly and set(sides) == {"left", "right"}:
        return mostly.group(1)  # "mostly on the right but sometimes the left"
    if "both" in sides and (_ONE_WORSE.search(norm) or _SIDE_TOO.search(norm)):
        return "both"  # "both sides, the left is just worse", "both, the same on the right too"
    return None


def screen(text: str, flag_talk: bool) -> Optional[str]:
    """The safety screen's answer: NONE, SOME (a flag, not yet named), UNSURE, or None.

    `flag_talk` says the message spoke of a warning-sign topic that the reader ruled out
    (negated, mild night ache, numbness only in the leg): that is an answer of "none", as is
    a topic of the list said to be fine ("bladder and bowels are normal"). Any other word on
    a topic of the list is SOME ("my bladder's been a bit odd"): the patient is asked which
    item fits, never taken as "none". A question is not an answer.
    """
    norm = normalise(text)
    if not norm:
        return None
    if _starts(norm, _NONE_OF_THEM) is not None:
        return NONE
    if _starts(norm, _SOME_OF_THEM) is not None or _anywhere(norm, _SOME_OF_THEM[:1]):
        return SOME
    if _NONE_LATER.search(norm) and not _EXCEPTION.search(norm):
        return NONE
    answer = yes_no(text, trailing=False)  # "weight's dropping off no" is not "none"
    if answer is not None:
        return {NO: NONE, YES: SOME, UNSURE: UNSURE}[answer]
    asking = "?" in text or norm.split()[0] in _QUESTION_OPENERS
    if asking or not (flag_talk or _SCREEN_TOPIC.search(norm)):
        return None
    return NONE if flag_talk or _SAID_FINE.search(norm) else SOME


def interpret(question: Question, text: str, facts: Mapping[str, object], flag_talk: bool = False) -> Optional[str]:
    """What the message answers to the question on screen (see the module docstring).

    `facts` are the slot facts the clinical reader found in the message (slot name -> value).
    """
    if question.slot == "pain_side":
        value, said = facts.get("pain_side"), side(text)
        if said == "both" and value in ("left", "right") and preferred_side(text, [said, str(value)]) == said:
            return said  # "both, worse on the left": the reader saw only the side that is worse
        return str(value) if value in SIDES else said
    if question.kind == "screen":
        return screen(text, flag_talk)
    if question.kind != "yes_no":
        return None
    fact = facts.get(question.slot) if question.slot else None
    if isinstance(fact, bool):
        return YES if fact else NO
    echoed, _, after = text.partition("?")
    answered = yes_no(after) if after.strip() and len(echoed.split()) <= 6 else None
    if answered in (YES, NO):
        return answered  # "bending forward? no, that does precisely nothing"
    norm = normalise(text)
    if question.slot == "forward_bend_relief" and _UPRIGHT_BETTER.search(norm):
        return NO
    if question.slot == "forward_bend_relief" and _BENDING_BETTER.search(norm):
        return YES
    if question.slot == "forward_bend_relief" and _BENDING_WORSE.search(norm):
        return NO
    if question.slot == "leg_numbness_below_knee" and (_ONLY_ABOVE_KNEE.search(norm) or _BELOW_KNEE_FINE.search(norm)):
        return NO
    return yes_no(text)
