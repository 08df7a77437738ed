"""Widget session ids, and the signed tokens that bind a visitor to one.

The one home for the rule both servers follow: the page server issues tokens
(`issue_token`), the Rasa server's Socket.IO channel checks them (`session_from_token`)
and accepts only well-formed session ids (`is_session_id`).

A session id is 128 random bits from the operating system's generator, written as 32
lowercase hex digits (the form Rasa's own channel uses), so no visitor can guess another's.
"""
from __future__ import annotations

import re
import secrets
import time
from typing import Optional, Tuple, TypeGuard

import jwt

ALGORITHM = "HS256"
TOKEN_LIFETIME_SECONDS = 12 * 60 * 60  # a visit; after that the widget starts a new chat

_SESSION_ID = re.compile(r"[0-9a-f]{32}")


def new_session_id() -> str:
    return secrets.token_hex(16)


def is_session_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _SESSION_ID.fullmatch(value) is not None


def issue_token(secret: str, now: Optional[float] = None) -> Tuple[str, str]:
    """A new session id and a token for it: `sub` is the session id, `exp` its end."""
    issued = int(time.time() if now is None else now)
    session_id = new_session_id()
    claims = {"sub": session_id, "iat": issued, "exp": issued + TOKEN_LIFETIME_SECONDS}
    return session_id, jwt.encode(claims, secret, algorithm=ALGORITHM)


def session_from_token(secret: str, token: object) -> Optional[str]:
    """The session id a valid, unexpired token was issued for; None for anything else."""
    if not isinstance(token, str) or not token:
        return None
    token = token.removeprefix("Bearer ").strip()
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.InvalidTokenError:
        return None
    subject = claims.get("sub")
    return subject if is_session_id(subject) else None
