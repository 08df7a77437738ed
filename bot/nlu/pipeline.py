"""The spaCy pipeline behind bot.nlu.clinical, built once on first use (never at import).

    spacy.blank("en") -> sentencizer (+ a line break ends a sentence)
      -> Matcher with the project's token patterns (patterns/flags_*.yml, slot_*.yml)
      -> negspacy Negex steps, one per context (patterns/context_*.yml; built in negation.py):
         negated, hypothetical, other_person, long_past, uncertain, mild, intended,
         not_the_patient (a thing or someone else fell)
      -> a flag mention with "her/his/their" in it is someone else's; a flag said to be over
         later in its sentence is long past (resolved.py, patterns/context_resolved.yml)

A text is read into `Mention`s: what was matched (group and value), where, and which
context steps fired on it. The decisions (what counts as a red flag, slot values) are in
clinical.py. Matches of different groups may overlap (a "numb bum and foot" is both a
saddle-numbness and a leg-numbness mention), so Negex runs once per layer of
non-overlapping mentions; within a group the longest match wins, and a `block` match
cancels every match of its group that it overlaps ("fell asleep", "slipped disc").
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Union

import yaml

from bot.nlu.dsl import Lexicon, compile_pattern
from bot.nlu.matcher_memory import drop_token_pattern_copy
from bot.nlu.negation import EMOJI_KEY, build_negators
from bot.nlu.questions import GENERIC_CLAIM, denied_question, general_question, owned_question
from bot.nlu.resolved import Resolution
from bot.nlu.spans import Mention, layers, pieces, resolve, shift

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"
FLAG_FILES = ("flags_cauda.yml", "flags_systemic.yml", "flags_other.yml", "flags_other_languages.yml")
SLOT_FILES = ("slot_side.yml", "slot_relief.yml", "slot_numbness.yml")
RESOLVED_FILE = "context_resolved.yml"  # read by resolved.py, after the Negex steps
NEVER_RESOLVED = "cancer_history"  # a past cancer always counts
LOOKALIKE = "lookalike"  # a pattern value for words that look like a sign and never are one
THIRD_PERSON = frozenset({"her", "his", "their", "hers", "theirs"})  # "throbbing in her tummy"
CONTEXT_FILES = ("context_negation.yml", "context_hypothetical.yml", "context_other_person.yml",
                 "context_long_past.yml", "context_flag_specific.yml")  # the last holds a list
BLOCK = "block"
PIECE_CHARS = 1500
EMOJI_PARTS = frozenset({"So", "Sk", "Mn", "Cf"})  # symbols, skin tones, variation selectors, joiners
# "no feeling 'down below'": quotes around words (not an apostrophe inside one) are left out
SCARE_QUOTES = re.compile(r"(?<![^\W\d_])['\"‘’“”]|['\"‘’“”](?![^\W\d_])")
MATCHER_PATTERNS = 200  # token patterns per spaCy Matcher (build time: see ClinicalReader)
ANSWER_WORDS = frozenset({"no", "nope", "nah", "yes", "yeah", "yep", "yup", "ok", "okay"})


def _load(name: str) -> Dict[str, Any]:
    with open(PATTERN_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _blank_nlp() -> Any:  # a spacy.language.Language (spaCy is read as untyped)
    import spacy
    from spacy.language import Language
    from spacy.util import compile_infix_regex

    if not Language.has_factory("clinical_line_breaks"):
        @Language.component("clinical_line_breaks")
        def line_breaks(doc: Any) -> Any:
            """A line break (WhatsApp messages) ends a sentence, like a full stop; so does
            the comma after an opening "no," / "yes," (its negation is the answer itself), and a
            dash between words ("nothing helps - the nights are the worst")."""
            doc.user_data[EMOJI_KEY] = [tok.i for tok in doc if _is_emoji(tok.text)]  # once, for every Negex step
            for tok in doc[:-1]:
                if "\n" in tok.text or tok.text in (";", "…", "...", "....", "–", "—") or (
                        tok.text in ("-", "--") and tok.whitespace_ and tok.i > 0 and doc[tok.i - 1].whitespace_):
                    doc[tok.i + 1].is_sent_start = True  # "nothing helps - honestly the nights are worst"
                elif (tok.i + 2 < len(doc) and tok.is_sent_start and tok.lower_ in ANSWER_WORDS
                      and doc[tok.i + 1].text in (",", "-", "!")):
                    doc[tok.i + 2].is_sent_start = True
            return doc

    nlp = spacy.blank("en")
    # "leaking.i wet myself" / "right?yes": phone typing often drops the space after . ? !
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Za-z])[.?!]+(?=[A-Za-z])", r"[<>]"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("clinical_line_breaks")
    return nlp


class ClinicalReader:
    """Matcher + Negex steps over one blank English pipeline (see the module docstring)."""

    def __init__(self) -> None:
        from spacy.matcher import Matcher

        self.nlp = _blank_nlp()
        tokenize = lru_cache(maxsize=None)(lambda s: [t.text for t in self.nlp.tokenizer(s)])
        lexicon: Dict[str, List[str]] = dict(_load("lexicon.yml"))
        specs = {name: _load(name) for name in FLAG_FILES + SLOT_FILES}
        for spec in specs.values():
            lexicon.update(spec.pop("lexicon", {}) or {})
        # A Matcher per label and per MATCHER_PATTERNS patterns: spaCy 3.4's Matcher.add
        # rebuilds a dict of every IN-list the Matcher holds for each token of each new
        # pattern, so one Matcher for all ~15,000 patterns took 11 s to build.
        self.matchers: List[Any] = []
        self.flag_groups: List[str] = []
        self.labels: Dict[str, List[str]] = {}
        for name, spec in specs.items():
            macros = spec.pop("macros", {}) or {}
            allow = set(spec.pop("gap_allow", []) or [])
            file_exclude = list(spec.pop("gap_exclude", []) or [])  # for every group of the file
            for group, values in spec.items():
                if name in FLAG_FILES and group not in self.flag_groups:
                    self.flag_groups.append(group)  # a group may have a file per language
                exclude = file_exclude + (values.pop("gap_exclude", []) if isinstance(values, dict) else [])
                for value, patterns in values.items():
                    label = f"{group}:{value}"
                    if label not in self.labels.setdefault(group, []):
                        self.labels[group].append(label)
                    compiled = []
                    for text in _apply_macros(patterns, macros):
                        compiled += compile_pattern(text, lexicon, tokenize, exclude, allow)
                    for n in range(0, len(compiled), MATCHER_PATTERNS):
                        matcher = Matcher(self.nlp.vocab, validate=False)
                        matcher.add(label, compiled[n:n + MATCHER_PATTERNS])
                        drop_token_pattern_copy(matcher, label)
                        self.matchers.append(matcher)
        self.negators = self._build_negators(lexicon)
        self.resolution = Resolution(_load(RESOLVED_FILE), lexicon, tokenize)

    # ------------------------------------------------------------------ contexts
    def _build_negators(self, lexicon: Lexicon) -> List[Any]:
        specs = [_load(n) for n in CONTEXT_FILES[:-1]] + _load(CONTEXT_FILES[-1])["contexts"]
        common = _load("context_termination.yml")["termination"]
        return build_negators(self.nlp, specs, common, lexicon, self._labels_for)

    def _labels_for(self, applies_to: Union[str, Iterable[str]]) -> List[str]:
        if applies_to == "all":
            groups = list(self.labels)
        elif applies_to == "red_flags_except_cancer":
            groups = [g for g in self.flag_groups if g != "cancer_history"]
        else:  # groups ("trauma") or single pattern values ("trauma:fall")
            return [lab for g in applies_to for lab in self.labels.get(g, [g]) if not lab.endswith(":" + BLOCK)]
        return [lab for g in groups for lab in self.labels[g] if not lab.endswith(":" + BLOCK)]

    # ---------------------------------------------------------------- reading
    def read(self, text: str) -> List[Mention]:
        """Mentions in `text` (char offsets into it), in text order."""
        mentions: List[Mention] = []
        for offset, piece in pieces(text, PIECE_CHARS):
            quotes = {q.start() for q in SCARE_QUOTES.finditer(piece)}
            if not quotes:  # the usual case: no second copy of the text
                mentions += [shift(m, offset) for m in self._read_piece(piece)]
                continue
            kept = [i for i in range(len(piece)) if i not in quotes] + [len(piece)]
            read = self._read_piece("".join(piece[i] for i in kept[:-1]))
            mentions += [shift(_at(m, kept), offset) for m in read]
        return mentions

    def _read_piece(self, text: str) -> List[Mention]:
        from spacy.tokens import Span

        doc = self.nlp(text)
        strings = self.nlp.vocab.strings
        matches = [(strings[m], s, e) for matcher in self.matchers for m, s, e in matcher(doc)]
        spans = resolve(matches, BLOCK)
        sent_start, sent_end = [0] * len(doc), [0] * len(doc)
        asked = [False] * len(doc)
        words = [t.lower_ for t in doc]
        sents = list(doc.sents)
        owned, denied = [False] * len(doc), [False] * len(doc)
        for n, sent in enumerate(sents):
            following = sents[n + 1] if n + 1 < len(sents) else None
            no = denied_question(sent, following)
            general = general_question(sent) or no
            mine = owned_question(sent, following)
            for i in range(sent.start, sent.end):
                sent_start[i], sent_end[i] = sent.start, sent.end
                asked[i], owned[i], denied[i] = general and not mine, mine, no and not mine
        mentions: List[Mention] = []
        for layer in layers(spans):
            doc.ents = [Span(doc, s, e, label=label) for label, s, e in layer]
            for negator in self.negators:
                negator(doc)
            for ent in doc.ents:
                fired = frozenset(n.extension_name for n in self.negators if ent._.get(n.extension_name))
                if asked[ent.start] or GENERIC_CLAIM.match(" ".join(words[ent.end:sent_end[ent.start]])):
                    fired |= {"hypothetical"}
                if owned[ent.start]:
                    fired -= {"hypothetical"}  # "...with a bad back? cause mine have"
                if denied[ent.start]:
                    fired |= {"negated"}  # "...watch out for? Not happening to me.": the patient says no
                group, value = ent.label_.split(":", 1)
                if value == LOOKALIKE:
                    fired |= {LOOKALIKE}  # "I'm a Cancer, born in July": a pattern that is never the sign
                if any(words[i] in THIRD_PERSON for i in range(ent.start, ent.end)):
                    fired |= {"other_person"}  # "a throbbing in her tummy", "his legs gave way"
                s0 = sent_start[ent.start]
                said = (words[s0:sent_end[ent.start]], ent.start - s0, ent.end - s0)
                if group in self.flag_groups and group != NEVER_RESOLVED:
                    if self.resolution.resolved_after(group, *said):
                        fired |= {"long_past"}  # "had flu last month but I'm completely better now"
                    if "long_past" in fired and self.resolution.changed_after(group, said[0], said[2]):
                        fired -= {"long_past"}  # "a small leak for years but now it's worse"
                    explained = self.resolution.explained_after(group, *said)
                    if explained:
                        fired |= {explained}  # "...but that was 15 years ago", "...but I've been dieting"
                after = tuple(t.lower_ for t in doc[ent.end:min(sent_end[ent.start], ent.end + 3)])
                mentions.append(Mention(group, value, ent.start, ent.end, ent.start_char,
                                        ent.end_char, fired, after))
            for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:1] == ("._.",)]:
                del doc.user_data[key]
        return sorted(mentions, key=lambda m: (m.start_char, m.end_char, m.group))


def _at(m: Mention, kept: List[int]) -> Mention:
    """A mention read with the scare quotes taken out, at its place in the text itself."""
    return dataclasses.replace(m, start_char=kept[m.start_char], end_char=kept[m.end_char - 1] + 1)


def _is_emoji(word: str) -> bool:
    """"👍", "🤒", "👎🏻": a picture symbol, with its skin tone or joiners."""
    return any(unicodedata.category(ch) == "So" for ch in word) and all(
        unicodedata.category(ch) in EMOJI_PARTS for ch in word)


def _apply_macros(patterns: Sequence[str], macros: Dict[str, List[str]]) -> List[str]:
    out = []
    for text in patterns:
        names = [n for n in macros if f"${n}" in text]
        if not names:
            out.append(text)
            continue
        for alt in macros[names[0]]:
            out += _apply_macros([text.replace(f"${names[0]}", alt)], macros)
    return out


@lru_cache(maxsize=1)
def get_reader() -> ClinicalReader:
    """The one reader of this process, built on first use."""
    return ClinicalReader()
