"""Messages in another language than English (bot/nlu/language.py, bot/nlu/reading.py):
the emergency line and the English-only note, never the out-of-scope reply."""
from __future__ import annotations

import pytest

from bot.nlu.language import latin_language
from bot.nlu.reading import read

OTHER_GUESS = [{"name": "use_other_language", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.2}]


@pytest.mark.parametrize("text, code", [
    ("hola, me duele la espalda al caminar", "es"),
    ("eu tenho dor nas costas quando ando", "pt"),
    ("j'ai mal au dos quand je marche", "fr"),
    ("mi fa male la schiena quando cammino", "it"),
    ("ich habe Rückenschmerzen beim Gehen", "de"),
    ("nie mówię po angielsku", "pl"),
])
def test_a_whole_message_in_a_common_latin_script_language_is_recognised(text, code):
    assert latin_language(text) == code


@pytest.mark.parametrize("text", [
    "bk pain agen 😒",
    "ma back's pure killin me when a walk",
    "bladder ok bowels ok bits ok legs ok. back not ok",
    "appetite's fine, weight's fine",
    "die hard fan of the gym but my back is done in",
    "pain in my back con walking",
    "la la la",
])
def test_english_with_a_word_that_is_also_foreign_is_still_english(text):
    assert latin_language(text) is None


def test_a_spanish_opening_gets_the_other_language_reply_not_out_of_scope():
    reading = read("hola, me duele la espalda al caminar", "use_other_language", ranking=OTHER_GUESS)
    assert reading.intent == "use_other_language"
    assert [e[:2] for e in reading.entities] == [("language", "other")]


def test_english_guessed_another_language_gives_way_to_the_next_guess():
    reading = read("ma back's pure killin me when a walk", "use_other_language", ranking=OTHER_GUESS)
    assert reading.intent == "out_of_scope"


def test_a_spanish_message_the_classifier_reads_as_english_is_left_to_the_classifier():
    reading = read("hola, me duele la espalda al caminar", "greet", ranking=[{"name": "greet", "confidence": 0.8}])
    assert reading.intent is None  # nothing overrules the classifier's guess
