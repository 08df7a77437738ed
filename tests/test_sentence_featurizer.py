"""The MiniLM encoder and the dense featurizer behind the intent classifier and the FAQ selector."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.minilm import MAX_PIECES, MiniLM
from bot.nlu.sentence_featurizer import SentenceEmbeddingFeaturizer


@pytest.fixture(scope="module")
def model() -> MiniLM:
    return MiniLM()


def similarity(model: MiniLM, a: str, b: str) -> float:
    return float(model.encode(a).sentence @ model.encode(b).sentence)


def test_two_ways_of_saying_walking_hurts_are_closer_than_a_question_about_hours(model):
    complaint = "my lower back hurts when i walk"
    assert similarity(model, complaint, "walking makes my back ache") > 0.6
    assert similarity(model, complaint, "what time do you open on saturday") < 0.2


def test_another_body_part_is_further_from_back_pain_than_back_pain_in_other_words(model):
    back = "i get low back pain on walks"
    assert similarity(model, back, "my spine aches when walking") > similarity(model, back, "my knee hurts")


def test_sentence_vectors_have_unit_length(model):
    assert np.linalg.norm(model.encode("is the clinic open on sunday?").sentence) == pytest.approx(1.0, abs=1e-5)


def test_a_batch_gives_the_same_vectors_as_one_message_at_a_time(model):
    texts = ["hi", "what is the psoas muscle and why does it hurt", "left side"]
    for alone, batched in zip([model.encode(t) for t in texts], model.encode_many(texts)):
        np.testing.assert_allclose(alone.sentence, batched.sentence, atol=1e-5)
        np.testing.assert_allclose(alone.pieces, batched.pieces, atol=1e-4)
        assert alone.spans == batched.spans


def test_a_very_long_message_is_cut_at_the_models_limit_not_refused(model):
    encoding = model.encode("my back hurts " * 400)
    assert len(encoding.pieces) == MAX_PIECES - 2  # [CLS] and [SEP] take two places
    assert np.isfinite(encoding.sentence).all()


def featurize(texts):
    context = ExecutionContext(graph_schema=None, node_name="minilm")  # type: ignore[arg-type]
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    messages = [Message(data={TEXT: t}) for t in texts]
    tokenizer.process(messages)
    featurizer = SentenceEmbeddingFeaturizer.create(
        SentenceEmbeddingFeaturizer.get_default_config(), None, Resource("minilm"), context)  # type: ignore[arg-type]
    featurizer.process_training_data(TrainingData(training_examples=messages))
    return messages


def test_every_token_and_the_whole_message_get_a_384_wide_vector():
    message = featurize(["my psoas hurts, left side"])[0]
    sequence, sentence = message.get_dense_features(TEXT)
    tokens = message.get("text_tokens")
    assert sequence.features.shape == (len(tokens), 384)
    assert sentence.features.shape == (1, 384)
    assert np.abs(sequence.features).sum(axis=1).min() > 0  # no token left without a vector


def test_a_word_split_into_pieces_gets_the_mean_of_its_pieces(model):
    message = featurize(["psoas"])[0]
    encoding = model.encode("psoas")
    assert len(encoding.pieces) > 1  # "psoas" is not in the model's vocabulary whole
    np.testing.assert_allclose(message.get_dense_features(TEXT)[0].features[0],
                               encoding.pieces.mean(axis=0), atol=1e-5)


def test_a_message_of_punctuation_or_emoji_still_gets_finite_vectors():
    for message in featurize(["?!", "\U0001f622\U0001f622", "..."]):
        sequence, sentence = message.get_dense_features(TEXT)
        assert np.isfinite(sequence.features).all() and np.isfinite(sentence.features).all()


def test_faq_examples_sharing_one_answer_each_get_that_answers_vectors(model):
    from rasa.shared.nlu.constants import RESPONSE

    answer = "The psoas is a deep muscle that joins your lower spine to the top of your thigh."
    context = ExecutionContext(graph_schema=None, node_name="minilm")  # type: ignore[arg-type]
    messages = [Message(data={TEXT: t, RESPONSE: answer}) for t in ("what is the psoas?", "explain psoas")]
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process(messages)
    featurizer = SentenceEmbeddingFeaturizer.create(
        SentenceEmbeddingFeaturizer.get_default_config(), None, Resource("minilm"), context)  # type: ignore[arg-type]
    featurizer.process_training_data(TrainingData(training_examples=messages))
    for message in messages:
        sequence, sentence = message.get_dense_features(RESPONSE)
        assert sequence.features.shape[0] == len(message.get("response_tokens"))
        np.testing.assert_allclose(sentence.features[0], model.encode(answer).sentence, atol=1e-5)
        np.testing.assert_allclose(message.get_dense_features(TEXT)[1].features[0],
                                   model.encode(message.get(TEXT)).sentence, atol=1e-5)
