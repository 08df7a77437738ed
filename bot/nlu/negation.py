"""The clinical reader's context steps: negspacy's Negex, once per context (patterns/context_*.yml).

Each step marks the mentions it applies to as negated, hypothetical, someone else's, long
past, uncertain, mild, intended or not the patient's. The phrase lists come from the pattern
files (expanded by the pattern language, bot/nlu/dsl.py) on top of negspacy's own termsets;
`build_negators` makes the steps, `_ScopedNegex` is negspacy's Negex with the changes the
reader needs (see its docstring).
"""
from __future__ import annotations

import copy
import datetime
from typing import Any, Callable, ClassVar, Dict, Iterable, List, Optional, Sequence, Tuple, Type

from bot.nlu.dsl import Lexicon, expand_phrases
from bot.nlu.matcher_memory import drop_phrase_copy

Match = Tuple[int, int, int]  # a spaCy Matcher match: (string id, start token, end token)

TERM_KEYS = ("pseudo_negations", "preceding_negations", "following_negations", "termination")
OLDEST_YEAR = 1940
EMOJI_KEY = "emoji_tokens"  # doc.user_data: where the emojis are (they end a context's scope)
PHRASE_BATCH = 500  # Negex phrases tokenised at a time (memory)


def build_negators(nlp: Any, specs: Sequence[Dict[str, Any]], common: Sequence[str], lexicon: Lexicon,
                   labels_for: Callable[[Any], List[str]]) -> List[Any]:
    """One negspacy Negex component per context spec, over `nlp`'s vocabulary.

    `common`: the termination phrases every context shares unless it opts out;
    `labels_for(applies_to)`: the match labels a spec's `applies_to` names.
    """
    from negspacy.termsets import termset

    base_termination = termset("en_clinical").get_patterns()["termination"]
    negators: List[Any] = []
    for spec in specs:
        local = {**lexicon, **(spec.get("lexicon") or {})}
        ts = termset(spec.get("base", "en_clinical"))
        # negspacy's termset shares its lists module-wide: work on a copy
        ts.terms = copy.deepcopy(ts.terms) if spec.get("base") else {k: [] for k in TERM_KEYS}
        if spec.get("remove"):
            ts.remove_patterns(spec["remove"])
        add = {k: _phrases(v, local) for k, v in (spec.get("add") or {}).items()}
        open_words = set(spec.get("not_terminating") or [])  # negspacy's own words this step reads past
        add["termination"] = add.get("termination", []) + [t for t in base_termination if t not in open_words]
        if spec.get("common_termination", True):
            add["termination"] += _phrases(common, local)
        if spec["extension"] == "long_past":
            add["preceding_negations"] += _old_years()
            add["following_negations"] += _old_years()
        ts.add_patterns(add)
        patterns = {k: sorted(set(v)) for k, v in ts.get_patterns().items()}
        negators.append(_ScopedNegex.make(nlp, f"negex_{spec['extension']}", patterns,
                                          labels_for(spec["applies_to"]), spec["extension"]))
    return negators


class _ScopedNegex:
    """Factory for a Negex subclass whose termination terms never split a mention.

    negspacy only looks at entities that lie wholly inside one chunk; a clause word inside
    a long match ("numbness when I wipe") would otherwise put the match in no chunk at all.
    negspacy also drops a trigger that starts just after a pseudo phrase ("what should I do"
    + "if I wet myself"): here a pseudo phrase only hides the triggers that start inside it.
    """

    cls: ClassVar[Optional[Type[Any]]] = None

    @classmethod
    def make(cls, nlp: Any, name: str, termset_dict: Dict[str, List[str]], ent_types: Iterable[str],
             extension: str) -> Any:
        if cls.cls is None:
            from negspacy.negation import Negex

            class ScopedNegex(Negex):
                def build_patterns(self) -> None:
                    # negspacy keeps every phrase as a spaCy Doc after adding it to the
                    # PhraseMatcher (which holds its own token hashes): ~60,000 Docs, ~360 MB of
                    # the Rasa server. Here they are made a few hundred at a time and dropped.
                    from spacy.matcher import PhraseMatcher

                    self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
                    for label, terms in (("pseudo", self.pseudo_negations), ("Preceding", self.preceding_negations),
                                         ("Following", self.following_negations),
                                         ("Termination", self.termination)):
                        for n in range(0, len(terms), PHRASE_BATCH):
                            self.matcher.add(label, list(self.nlp.tokenizer.pipe(terms[n:n + PHRASE_BATCH])))
                            drop_phrase_copy(self.matcher, label)
                    # the phrase lists served only to build the matcher
                    for name in TERM_KEYS:
                        setattr(self, name, [])

                def termination_boundaries(self, doc: Any, terminating: List[Match]) -> Any:
                    inside = {i for e in doc.ents for i in range(e.start + 1, e.end)}
                    kept = [t for t in terminating if t[1] not in inside]
                    return super().termination_boundaries(doc, kept)

                def process_negations(self, doc: Any) -> Tuple[List[Match], List[Match], List[Match]]:
                    strings = self.nlp.vocab.strings
                    matches = [(strings[m], s, e) for m, s, e in self.matcher(doc)]
                    pseudo = [(s, e) for kind, s, e in matches if kind == "pseudo"]
                    out: Dict[str, List[Match]] = {"Preceding": [], "Following": [], "Termination": []}
                    for kind, s, e in matches:
                        if kind in out and not any(ps <= s < pe for ps, pe in pseudo):
                            out[kind].append((strings[kind], s, e))
                    # an emoji ends a clause for every context, not the sentence: "nah nothing
                    # below knee 👍 tbh hot n shivery" (a fall "🐎 totally fine since" is still over)
                    out["Termination"] += [(strings["Termination"], i, i + 1) for i in doc.user_data[EMOJI_KEY]]
                    out["Termination"].sort(key=lambda m: m[1])
                    return out["Preceding"], out["Following"], out["Termination"]

            cls.cls = ScopedNegex
        return cls.cls(nlp, name, termset_dict, list(ent_types), extension, [])


def _phrases(specs: Sequence[str], lexicon: Lexicon) -> List[str]:
    return [p for spec in specs for p in expand_phrases(spec, lexicon)]


def _old_years() -> List[str]:
    """'in 2009', 'back in 2009', '2009' for every year at least two years ago."""
    last = datetime.date.today().year - 2
    years = [str(y) for y in range(OLDEST_YEAR, last + 1)]
    return years + [f"in {y}" for y in years] + [f"back in {y}" for y in years]
