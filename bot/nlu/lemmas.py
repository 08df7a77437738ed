"""Every inflection of an English word, from spaCy's lookup-lemmatizer table.

The pattern files write "fall+" for "fall|falls|falling|fell|fallen": the forms come from
the English `lemma_lookup` table of spacy-lookups-data, the table spaCy's own lookup
lemmatizer uses, read backwards (lemma -> forms), so that no pattern needs a hand-written
list of inflections.

The forms are expanded when the patterns are compiled rather than matched on a LEMMA
attribute at run time, for three reasons: the table is case-sensitive ("Fell" at the start
of a sentence has no lemma), some of its entries would read a look-alike as a sign
("number" -> "numb", "legging" -> "leg"), and the compiled patterns then list exactly
which words they match, for review. A word whose forms include such a look-alike is simply
not written with "+" (numbness words are spelt out in lexicon.yml).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Tuple


@lru_cache(maxsize=1)
def _forms_by_lemma() -> Dict[str, Tuple[str, ...]]:
    import spacy_lookups_data
    from spacy.util import load_language_data

    table: Dict[str, str] = load_language_data(spacy_lookups_data.en["lemma_lookup"])
    forms: Dict[str, List[str]] = {}
    for form, lemma in table.items():
        if form.islower() and lemma.islower():
            forms.setdefault(lemma, []).append(form)
    return {lemma: tuple(sorted(set(words))) for lemma, words in forms.items()}


def inflections(word: str) -> Tuple[str, ...]:
    """The word itself and every form the table maps to it ("hit" -> hit, hits, hitting).

    A word the table does not know as a lemma raises ValueError: "+" on it would silently
    match the word alone, which is almost always a typo in a pattern file.
    """
    lemma = word.lower()
    forms = _forms_by_lemma().get(lemma)
    if forms is None:
        raise ValueError(f"{word!r} is not a lemma in spaCy's English lookup table")
    return (lemma,) + tuple(f for f in forms if f != lemma)
