"""A small pattern language, compiled to spaCy Matcher token patterns and to phrase lists.

Pattern files (bot/nlu/patterns/*.yml) are easier to read and review as short strings
than as spaCy's token dictionaries. One pattern is a space-separated list of elements:

    word              one word (the tokenizer may split it: "can't" -> "ca", "n't")
    a|b|c             alternatives; "_" joins words inside one alternative ("pins_and_needles");
                      several-word alternatives are merged exactly into as few Matcher
                      patterns as possible (rows that differ in one position share a row)
    @NAME             the alternatives listed under NAME in lexicon.yml (may nest)
    word+             the word and all its inflections from spaCy's English lemma table
                      ("fall+" is fall|falls|falling|fell|fallen; see lemmas.py); also
                      inside a joined alternative ("lose+_my_footing")
    /regex/           one token whose lower-case text fully matches the regex
    X?                the element X is optional
    ^X                X must start a sentence
    ~N                up to N filler words (no punctuation, no negation, no clause breaks)
    =N                up to N filler words, strictly (also no "and"/"or"/"with")

Example: "@NUMB ~4 @SADDLE" is "a numbness word, up to four other words, a saddle-area word".
Negex term lists (context_*.yml) use the same `a|b`, `_`, `@NAME` and `X?` notation, expanded
into plain phrases by `expand_phrases`.
"""
from __future__ import annotations

import itertools
import re
from typing import AbstractSet, Any, Callable, Dict, FrozenSet, Iterable, List, Tuple

from bot.nlu.lemmas import inflections

Tokenize = Callable[[str], List[str]]
Lexicon = Dict[str, List[str]]
TokenSpec = Dict[str, Any]  # one spaCy Matcher token pattern: {"LOWER": {"IN": [...]}, "OP": "?"}
Piece = Tuple[str, str]  # ("TEXT", a word) or ("REGEX", a regex): one alternative at one position

# Words a filler gap never crosses: a negation inside a match must break the match,
# so that it stays visible to Negex; clause breaks end the phrase.
NEGATION_WORDS = {
    "no", "not", "n't", "nt", "never", "without", "nor", "none", "neither", "nothing",
    "cannot", "dont", "doesnt", "didnt", "cant", "isnt", "arent", "wasnt", "havent", "hasnt",
}
CLAUSE_WORDS = {
    "but", "however", "though", "although", "except", "apart", "besides", "otherwise",
    "if", "whether", "because", "cos", "coz", "so", "then", "until", "unless", "yet",
}
STRICT_EXTRA = {"and", "or", "&", "with", "plus", "also", "while", "whilst", "when"}
MAX_EXPANSION = 600
MAX_PHRASES = 20000


class PatternError(ValueError):
    """A pattern string that cannot be compiled (reported with the offending text)."""


def _filler(strict: bool, exclude: Iterable[str] = (), allow: Iterable[str] = ()) -> TokenSpec:
    banned = NEGATION_WORDS | CLAUSE_WORDS | set(exclude)
    if strict:
        banned |= STRICT_EXTRA
    banned -= set(allow)
    return {"LOWER": {"NOT_IN": sorted(banned)}, "IS_PUNCT": False, "IS_SPACE": False, "OP": "?"}


def _split_alternatives(element: str) -> List[str]:
    """Splits on "|" outside /regex/ parts (a regex may use "|" itself)."""
    parts, current, in_regex = [], "", False
    for i, ch in enumerate(element):
        nxt = element[i + 1] if i + 1 < len(element) else ""
        if ch == "/" and not in_regex and (current == "" or current.endswith("_")):
            in_regex = True
        elif ch == "/" and in_regex and nxt in ("", "|", "_"):
            in_regex = False
        if ch == "|" and not in_regex:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def _alternatives(element: str, lexicon: Lexicon, depth: int = 0) -> List[str]:
    """Flattens `a|@NAME|/re/` into a list of alternative strings (words still joined by _)."""
    if depth > 8:
        raise PatternError(f"lexicon nesting too deep at {element!r}")
    out: List[str] = []
    for alt in _split_alternatives(element):
        if not alt:
            raise PatternError(f"empty alternative in {element!r}")
        if alt.startswith("@"):
            name = alt[1:]
            if name not in lexicon:
                raise PatternError(f"unknown lexicon entry @{name}")
            for entry in lexicon[name]:
                out.extend(_alternatives(entry.replace(" ", "_"), lexicon, depth + 1))
        else:
            out.extend(_inflected(alt))
    return out


def _inflected(alt: str) -> List[str]:
    """`lose+_my_footing` -> lose_my_footing, loses_my_footing, lost_my_footing, ..."""
    if alt.startswith("/") or "+" not in alt:
        return [alt]
    choices: List[Tuple[str, ...]] = []
    for word in alt.split("_"):
        if len(word) > 1 and word.endswith("+") and not word.startswith("/"):
            try:
                choices.append(inflections(word[:-1]))
            except ValueError as error:
                raise PatternError(f"{error} (in {alt!r})") from None
        else:
            choices.append((word,))
    return ["_".join(combo) for combo in itertools.product(*choices)]


def _alt_tokens(alt: str, tokenize: Tokenize) -> List[Dict[str, str]]:
    """One alternative -> token dicts; words joined by "_" become a token sequence."""
    tokens: List[Dict[str, str]] = []
    for word in alt.split("_"):
        if not word:
            continue
        if len(word) > 2 and word.startswith("/") and word.endswith("/"):
            tokens.append({"REGEX": word[1:-1]})
        else:
            tokens.extend({"TEXT": t} for t in tokenize(word.lower()))
    return tokens


def _token_dict(specs: AbstractSet[Piece]) -> TokenSpec:
    """Merges alternatives for one token position into one Matcher token dict."""
    words = sorted(v for k, v in specs if k == "TEXT")
    regexes = sorted(v for k, v in specs if k == "REGEX")
    if not regexes:
        return {"LOWER": {"IN": words}} if len(words) > 1 else {"LOWER": words[0]}
    body = "|".join([re.escape(w) for w in words] + regexes)
    return {"LOWER": {"REGEX": f"^(?:{body})$"}}


def _compress(sequences: Iterable[Tuple[Piece, ...]]) -> List[List[FrozenSet[Piece]]]:
    """Token sequences -> fewer rows of per-position alternative sets, exactly.

    Two rows that differ in one position only merge into one row (the union at that
    position): the cartesian product of a row stays exactly the sequences it came from.
    """
    # sorted: set order varies with PYTHONHASHSEED, and so would the number of rows
    rows = [tuple(frozenset([tok]) for tok in seq) for seq in sorted(set(sequences))]
    merged = True
    while merged:
        merged = False
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                a, b = rows[i], rows[j]
                if len(a) != len(b):
                    continue
                diff = [k for k in range(len(a)) if a[k] != b[k]]
                if len(diff) == 1:
                    k = diff[0]
                    rows[i] = a[:k] + (a[k] | b[k],) + a[k + 1:]
                    del rows[j]
                    merged = True
                    break
            if merged:
                break
    return [list(r) for r in rows]


def _element_branches(element: str, lexicon: Lexicon, tokenize: Tokenize, gap_exclude: Iterable[str],
                      gap_allow: Iterable[str]) -> List[List[TokenSpec]]:
    gap = re.fullmatch(r"([~=])(\d+)", element)
    if gap:
        filler = _filler(gap.group(1) == "=", gap_exclude, gap_allow)
        return [[dict(filler) for _ in range(int(gap.group(2)))]]
    anchored = element.startswith("^")
    element = element[1:] if anchored else element
    # a trailing "?" is never part of a regex (regexes end with "/"), so it marks optional
    optional = len(element) > 1 and element.endswith("?")
    element = element[:-1] if optional else element
    sequences = []
    for alt in _alternatives(element, lexicon):
        toks = _alt_tokens(alt, tokenize)
        if toks:
            sequences.append(tuple(("REGEX", t["REGEX"]) if "REGEX" in t else ("TEXT", t["TEXT"]) for t in toks))
    if not sequences:
        raise PatternError(f"element {element!r} has no tokens")
    branches = [[_token_dict(pos) for pos in row] for row in _compress(sequences)]
    if anchored:
        branches = [[{**b[0], "IS_SENT_START": True}] + b[1:] for b in branches]
    if optional:
        if len(branches) == 1 and len(branches[0]) == 1:
            return [[{**branches[0][0], "OP": "?"}]]
        branches.append([])
    return branches


def compile_pattern(text: str, lexicon: Lexicon, tokenize: Tokenize, gap_exclude: Iterable[str] = (),
                    gap_allow: Iterable[str] = ()) -> List[List[TokenSpec]]:
    """One pattern string -> a list of Matcher token patterns (alternatives expanded)."""
    per_element = [_element_branches(e, lexicon, tokenize, tuple(gap_exclude), tuple(gap_allow))
                   for e in text.split()]
    count = 1
    for branches in per_element:
        count *= len(branches)
    if count > MAX_EXPANSION:
        raise PatternError(f"pattern {text!r} expands to {count} patterns (max {MAX_EXPANSION})")
    patterns = []
    for combo in itertools.product(*per_element):
        tokens = [tok for branch in combo for tok in branch]
        if any(t.get("OP") != "?" for t in tokens):
            patterns.append(tokens)
    if not patterns:
        raise PatternError(f"pattern {text!r} can match nothing")
    return patterns


def expand_phrases(text: str, lexicon: Lexicon) -> List[str]:
    """A phrase spec for Negex term lists -> plain phrases ("@REL had|has" -> "mum had", ...)."""
    per_element: List[List[str]] = []
    for element in text.split():
        optional = element.endswith("?") and len(element) > 1
        element = element[:-1] if optional else element
        alts = [a.replace("_", " ") for a in _alternatives(element, lexicon)]
        per_element.append(alts + ([""] if optional else []))
    phrases = {" ".join(w for w in combo if w) for combo in itertools.product(*per_element)}
    if len(phrases) > MAX_PHRASES:
        raise PatternError(f"phrase spec {text!r} expands to too many phrases")
    return sorted(p for p in phrases if p)
