"""Widget session ids and the tokens that bind a visitor to one (bot/web/sessions.py)."""
from __future__ import annotations

import time

import jwt

from bot.web import sessions

SECRET = "a-unit-secret-of-32-characters-or-more"


def test_session_ids_are_128_random_bits_in_hex():
    ids = {sessions.new_session_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(sessions.is_session_id(i) and len(i) == 32 for i in ids)


def test_guessable_or_malformed_ids_are_not_session_ids():
    for value in ("1234", "", None, 42, "g" * 32, "A" * 32, "0" * 31, "0" * 33, "../" + "0" * 29):
        assert not sessions.is_session_id(value), value


def test_an_issued_token_names_its_session():
    session_id, token = sessions.issue_token(SECRET)
    assert sessions.is_session_id(session_id)
    assert sessions.session_from_token(SECRET, token) == session_id
    assert sessions.session_from_token(SECRET, "Bearer " + token) == session_id


def test_each_visitor_gets_a_session_of_their_own():
    assert sessions.issue_token(SECRET)[0] != sessions.issue_token(SECRET)[0]


def test_a_token_signed_with_another_secret_is_refused():
    _, token = sessions.issue_token("another-secret-of-32-characters-or-more")
    assert sessions.session_from_token(SECRET, token) is None


def test_an_expired_token_is_refused():
    _, token = sessions.issue_token(SECRET, now=time.time() - sessions.TOKEN_LIFETIME_SECONDS - 60)
    assert sessions.session_from_token(SECRET, token) is None


def test_tokens_without_a_session_or_an_expiry_are_refused():
    no_expiry = jwt.encode({"sub": sessions.new_session_id()}, SECRET, algorithm="HS256")
    no_subject = jwt.encode({"exp": int(time.time()) + 60}, SECRET, algorithm="HS256")
    bad_subject = jwt.encode({"sub": "1234", "exp": int(time.time()) + 60}, SECRET, algorithm="HS256")
    unsigned = jwt.encode({"sub": sessions.new_session_id(), "exp": int(time.time()) + 60}, None, algorithm="none")
    for token in (no_expiry, no_subject, bad_subject, unsigned, "", None, "not a token"):
        assert sessions.session_from_token(SECRET, token) is None
