"""A flag that is over and done with, said later in the same sentence (patterns/context_resolved.yml).

"had flu last month but I'm completely better now": Negex ends a following scope at "but",
so the long_past step cannot see the resolution. Here a sentence is read as lower-case words:
a flag mention is resolved when a resolution phrase follows it (not qualified: "not fully
better", "a bit better now"), a distant time (months or years ago, an old year) comes before
that phrase, and no word saying it is still there ("still", "again", "but now") stands
after the mention in the sentence. Flags named after the phrase are never touched.

The same sentence can also explain a mention away after a "but" (`explained_after`):
dated ("I did fall off my bike but that was about 15 years ago": a `dated` opener, then a
distant time within a few words), or a flag's own harmless reason ("lost some weight but
that's because I've been dieting", "wakes me but I shift onto my back and it's gone"): an
`explained` opener for that flag, then one of its reasons within a few words, not negated.
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from bot.nlu.dsl import Lexicon, expand_phrases

Phrase = Tuple[str, ...]
OLD_YEAR = re.compile(r"(19|20)[0-9][0-9]")
OLD_YEAR_GAP = 2  # "in 2019" is long past from 2021 on; last year's date is not
EXPLAIN_WINDOW = 10  # words from the opener ("but that was about 15 years ago")
CHANGED_WINDOW = 8  # words from the mention ("a leak when I cough for years but now it's worse")


def _year_is_old(word: str) -> bool:
    return bool(OLD_YEAR.fullmatch(word)) and int(word) <= datetime.date.today().year - OLD_YEAR_GAP


class Resolution:
    def __init__(self, spec: Dict[str, Any], lexicon: Lexicon, tokenize: Callable[[str], List[str]]) -> None:
        def phrases(key: str, table: Dict[str, Any] = spec) -> List[Phrase]:
            out = {tuple(tokenize(p)) for s in table.get(key) or [] for p in expand_phrases(str(s), lexicon)}
            return sorted(p for p in out if p)

        self.resolved = phrases("resolved")
        self.qualifier = phrases("qualifier")
        self.distant = phrases("distant")
        self.current = phrases("current")
        self.changed = phrases("changed")
        self.changed_flags = frozenset(spec.get("changed_flags") or [])
        self.distant_months = phrases("distant_months")
        self.months_enough = frozenset(spec.get("months_enough") or [])
        self.past = phrases("past")
        self.dated = phrases("dated")
        self.negation = phrases("negation")
        self.recent = phrases("recent")
        explained = spec.get("explained") or {}
        self.explained = {flag: (phrases("opener", rule), phrases("reason", rule)) for flag, rule in explained.items()}
        self.explained_as = {flag: str(rule["context"]) for flag, rule in explained.items()}

    @staticmethod
    def _at(words: Sequence[str], phrases: List[Phrase], lo: int, hi: int) -> List[int]:
        """Start indices in [lo, hi) where one of `phrases` starts (and ends before hi)."""
        return [i for i in range(lo, hi) for p in phrases
                if tuple(words[i:i + len(p)]) == p and i + len(p) <= hi]

    def resolved_after(self, flag: str, words: Sequence[str], start: int, end: int) -> bool:
        """Is the mention of `flag` at words[start:end] said to be over later in this sentence?"""
        if not self._at(words, self.past, max(0, start - 5), end):
            return False  # "my legs have been weak": not told as a past episode
        distant_times = self.distant + (self.distant_months if flag in self.months_enough else [])
        qualified: Set[int] = set()
        for i in self._at(words, self.qualifier, max(0, end - 2), len(words)):
            qualified.update(range(i + 1, i + 4))  # "not fully better", "a bit better now"
        for p in self._at(words, self.resolved, end, len(words)):
            if p in qualified:
                continue
            if self._at(words, self.current, end, len(words)):
                return False  # "...cleared up, but it came back yesterday" is not over
            distant = self._at(words, distant_times, 0, p) or any(_year_is_old(w) for w in words[:p])
            return bool(distant)
        return False

    def changed_after(self, flag: str, words: Sequence[str], end: int) -> bool:
        """Is a long-standing sign said to have changed later in its sentence ("a small leak
        for years but now it's worse")? Then it is a new change, not an old one."""
        if flag not in self.changed_flags:
            return False
        hi = min(len(words), end + CHANGED_WINDOW)
        resolved = self._at(words, self.resolved, end, hi)  # "...it recovered completely, now my back is bad again"
        hi = min([hi] + resolved)
        negated = {j for q in self._at(words, self.negation, end, hi) for j in range(q + 1, q + 3)}
        return any(i not in negated for i in self._at(words, self.changed, end, hi))  # not "no worse"

    def explained_after(self, flag: str, words: Sequence[str], start: int, end: int) -> Optional[str]:
        """The context that explains the mention at words[start:end] away later in its sentence."""
        openers, reasons = self.explained.get(flag, ([], []))
        own = set(self._at(words, reasons, end, len(words)))  # "...but the feeling comes back": a reason here
        if set(self._at(words, self.current, end, len(words))) - own:
            return None  # "...but that was years ago and now it's back"
        distant_times = self.distant + (self.distant_months if flag in self.months_enough else [])
        recent = self._at(words, self.recent, max(0, start - 6), len(words))
        for i in self._at(words, self.dated, end, len(words)):
            if any(r < i for r in recent):
                continue  # "I fell yesterday, it was years ago I last fell"
            window = min(len(words), i + EXPLAIN_WINDOW)
            if self._at(words, distant_times, i, window) or any(_year_is_old(w) for w in words[i:window]):
                return "long_past"
        for i in self._at(words, openers, end, len(words)):
            window = min(len(words), i + EXPLAIN_WINDOW)
            # "because I'm not dieting", and "nothing settles it" (a negation just before the opener)
            if self._at(words, self.negation, max(end, i - 3), i):
                continue  # "no position I move into makes it any better", "nothing I move into helps"
            negated = {j for q in self._at(words, self.negation, max(end, i - 2), window) for j in range(q + 1, q + 4)}
            if any(r not in negated and words[r - 1] != "any" for r in self._at(words, reasons, i, window)):
                return self.explained_as[flag]
        return None
