"""The pattern language of bot/nlu/patterns: what a pattern written there matches.

A pattern word written "fall+" stands for every inflection spaCy's English lookup
lemmatizer table (spacy-lookups-data) knows for it, so that no pattern carries a
hand-written list of tenses.
"""
from __future__ import annotations

from typing import List

import pytest

from bot.nlu.dsl import PatternError, compile_pattern, expand_phrases
from tests.conftest import assert_flag


def _split(text: str) -> List[str]:
    return text.split()


def _words_at(pattern: str, position: int) -> List[str]:
    (tokens,) = compile_pattern(pattern, {}, _split)
    spec = tokens[position]["LOWER"]
    return sorted(spec["IN"]) if isinstance(spec, dict) else [spec]


def test_a_plus_word_matches_every_tense_of_the_verb():
    assert _words_at("fall+ over", 0) == ["fall", "fallen", "falling", "falls", "fell"]
    assert _words_at("wake+ up", 0) == ["wake", "waked", "wakes", "waking", "woke", "woken"]


def test_a_plus_word_inside_joined_words_inflects_only_that_word():
    phrases = expand_phrases("lose+_my_footing", {})
    assert phrases == ["lose my footing", "loses my footing", "losing my footing", "lost my footing"]


def test_a_plus_word_sits_beside_other_alternatives():
    assert _words_at("trip+|stumbled on", 0) == ["stumbled", "trip", "tripped", "tripping", "trips"]


def test_a_word_the_lemma_table_does_not_know_is_a_pattern_error_not_a_silent_literal():
    with pytest.raises(PatternError, match="xqzzle"):
        compile_pattern("xqzzle+ my back", {}, _split)


def test_plus_inside_a_regex_keeps_its_regex_meaning():
    (tokens,) = compile_pattern("/nu+mb/ leg", {}, _split)
    assert tokens[0]["LOWER"] == {"REGEX": "^(?:nu+mb)$"}


def test_inflected_pattern_words_still_read_falls_and_landings_as_trauma():
    # the patterns behind these are written with "land+" and "fall+" since the tables came in
    assert_flag("trauma", [
        "I landed awkwardly on my back off the trampoline on Sunday",
        "landing flat on my back when the ladder slipped two days ago",
        "tripping over the dog I went down hard on my back yesterday",
    ])
