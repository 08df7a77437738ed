"""A flag that is over and done with, said later in the same sentence (patterns/context_resolved.yml).

"had flu last month but I'm completely better now": Negex ends a following scope at "but",
so the long_past step cannot see the resolution. Here a sentence is read as lower-case words:
a flag mention is resolved when a resolution phrase follows it (not qualified: "not fully
better", "a bit better now"), a distant time (months or years ago, an old year) comes before
that phrase, and no word saying it is still there ("still", "again", "but now") stands
after the mention in the sentence. Flags named after the phrase are never touched.
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Dict, List, Sequence, Set, Tuple

from bot.nlu.dsl import Lexicon, expand_phrases

Phrase = Tuple[str, ...]
OLD_YEAR = re.compile(r"(19|20)[0-9][0-9]")
OLD_YEAR_GAP = 2  # "in 2019" is long past from 2021 on; last year's date is not


def _year_is_old(word: str) -> bool:
    return bool(OLD_YEAR.fullmatch(word)) and int(word) <= datetime.date.today().year - OLD_YEAR_GAP


class Resolution:
    def __init__(self, spec: Dict[str, Any], lexicon: Lexicon, tokenize: Callable[[str], List[str]]) -> None:
        def phrases(key: str) -> List[Phrase]:
            out = {tuple(tokenize(p)) for s in spec.get(key) or [] for p in expand_phrases(str(s), lexicon)}
            return sorted(p for p in out if p)

        self.resolved = phrases("resolved")
        self.qualifier = phrases("qualifier")
        self.distant = phrases("distant")
        self.current = phrases("current")
        self.distant_months = phrases("distant_months")
        self.months_enough = frozenset(spec.get("months_enough") or [])
        self.past = phrases("past")

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
