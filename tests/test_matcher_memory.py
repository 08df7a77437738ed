"""The reader drops spaCy's Python copies of its patterns; matching must not change."""
import spacy
from spacy.matcher import Matcher, PhraseMatcher

from bot.nlu.matcher_memory import drop_phrase_copy, drop_token_pattern_copy


def _spans(matcher, doc):
    strings = doc.vocab.strings
    return sorted((strings[m], s, e) for m, s, e in matcher(doc))


def test_a_token_matcher_finds_the_same_spans_after_its_pattern_copy_is_dropped():
    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    matcher.add("saddle", [[{"LOWER": {"IN": ["numb", "tingly"]}}, {"LOWER": "down"}, {"LOWER": "there"}]])
    doc = nlp("it's gone numb down there and tingly down there since monday")
    before = _spans(matcher, doc)
    drop_token_pattern_copy(matcher, "saddle")
    assert _spans(matcher, doc) == before == [("saddle", 3, 6), ("saddle", 7, 10)]
    assert "saddle" in matcher and len(matcher) == 1
    assert matcher.get("saddle")[1] == []  # the copy is gone, the compiled pattern is not


def test_a_phrase_matcher_finds_the_same_spans_after_its_phrase_copy_is_dropped():
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("Preceding", [nlp.make_doc("no sign of"), nlp.make_doc("denies")])
    doc = nlp("No sign of numbness, denies weakness")
    before = _spans(matcher, doc)
    drop_phrase_copy(matcher, "Preceding")
    assert _spans(matcher, doc) == before == [("Preceding", 0, 3), ("Preceding", 5, 6)]
    assert matcher.__reduce__()[1][1]["Preceding"] == set()


def test_the_clinical_reader_keeps_no_copies_and_still_reads_a_negated_flag():
    from bot.nlu.clinical import red_flags_in
    from bot.nlu.pipeline import get_reader

    reader = get_reader()
    assert not any(patterns for matcher in reader.matchers for patterns in matcher._patterns.values())
    assert all(not any(n.matcher.__reduce__()[1][1].values()) for n in reader.negators)
    assert red_flags_in("my bum and inner thighs have gone numb") == ["saddle_numbness"]
    assert red_flags_in("no numbness around my bum or inner thighs") == []
