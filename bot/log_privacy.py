"""No message text, phone number or raw sender id in any log line, at any level.

Rasa 3.6 logs through two paths, and both end in the `logging` module:

- the `logging` module itself, with f-strings such as "Issuing ticket for conversation
  '447700900123'" (DEBUG) or an exception's text in a traceback (ERROR);
- structlog, whose events carry the content as keys (``parse_data_text``,
  ``current_states``, ``rasa_events``...) and whose JSON renderer prints exceptions with
  `structlog.processors.dict_tracebacks`: that renderer shows every stack frame's local
  variables (``show_locals``), so one ERROR line carried the tracker, the message and the
  sender id (1-24 kB a line).

`install()` closes both, in each server process:

1. structlog keeps only keys known to hold no content (others are dropped and named in
   ``withheld``), and renders tracebacks as plain text, without local variables;
2. every log record (the `logging` record factory: any logger, any level, tracebacks
   included) has the values of the turn being handled blanked out: the message, its
   words, the sender id in its raw, quoted and escaped forms. A turn declares them with
   ``with sensitive(text, sender_id):`` (the channels' `never_silent` wrapper and the
   action server do); a request path naming a conversation is declared by
   `sanic_request_middleware`. Digit runs shaped like phone numbers are blanked always.
"""
from __future__ import annotations

import contextvars
import json
import logging
import re
import traceback
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Optional
from urllib.parse import quote, unquote

import structlog

REDACTED = "[redacted]"
NUMBER = "[number]"
MIN_VALUE_CHARS = 2  # shorter values ("y") are not worth blanking out everywhere
MIN_WORD_CHARS = 4  # words of a message blanked on their own, besides the whole message

# A phone number: 9-15 digits, spaces or hyphens allowed between them, not part of a
# longer word or decimal (timestamps such as 1764570000.123 stay).
_PHONE = re.compile(r"(?<![\w.+])\+?\d(?:[ -]?\d){8,14}(?![\w.])")
_WORD = re.compile(r"\w{%d,}" % MIN_WORD_CHARS)

# structlog keys that never hold message text, slot values or sender ids.
SAFE_KEYS = frozenset({
    "event", "level", "log_level", "timestamp", "logger", "exc_info", "exception",
    "stack", "event_key", "event_info", "action_name", "policy_name", "parse_data_intent",
    "intent", "confidence", "withheld",
})

_turn: contextvars.ContextVar[Optional["re.Pattern[str]"]] = contextvars.ContextVar(
    "jj_sensitive_values", default=None
)
_values: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "jj_sensitive_value_set", default=frozenset()
)


def forms_of(value: Any) -> set[str]:
    """The ways `value` can show up in a log line: as given, percent-quoted or -unquoted,
    JSON- and repr-escaped; and for a message, its longer words on their own."""
    if not isinstance(value, str):
        return set()
    value = value.strip()
    forms = {value, unquote(value), quote(value, safe=""), quote(value),
             json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1], repr(value)[1:-1]}
    forms.update(_WORD.findall(value))
    return {f for f in forms if len(f) >= MIN_VALUE_CHARS}


@contextmanager
def sensitive(*values: Any) -> Iterator[None]:
    """Blank these values (and their forms) out of every log line written inside the block,
    by this task and whatever it awaits."""
    known = set(_values.get())
    for value in values:
        known |= forms_of(value)
    tokens = (_values.set(frozenset(known)), _turn.set(None))
    try:
        yield
    finally:
        _turn.reset(tokens[1])
        _values.reset(tokens[0])


def declare(*values: Any) -> None:
    """Like `sensitive`, for the rest of the current task, replacing what was declared
    before (a request middleware's case: one connection's requests share a task)."""
    known: set[str] = set()
    for value in values:
        known |= forms_of(value)
    _values.set(frozenset(known))
    _turn.set(None)


def _pattern(values: Iterable[str]) -> Optional["re.Pattern[str]"]:
    ordered = sorted(values, key=len, reverse=True)  # the whole message before its words
    if not ordered:
        return None
    alternatives = "|".join(re.escape(v) for v in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with the current turn's values and anything shaped like a phone number blanked."""
    values = _values.get()
    if values:
        pattern = _turn.get()
        if pattern is None:  # built at the turn's first log line, then reused
            pattern = _pattern(values)
            _turn.set(pattern)
        if pattern is not None:
            text = pattern.sub(REDACTED, text)
    return _PHONE.sub(NUMBER, text)


# ---------------------------------------------------------------- the `logging` module

def _record_factory(previous: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep only the template
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    make._jj_private = True  # type: ignore[attr-defined]
    return make


def install_logging() -> None:
    """Every record of this process, from any logger, goes through `redact` (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "_jj_private", False):
        logging.setLogRecordFactory(_record_factory(current))


# ---------------------------------------------------------------- structlog

def keep_safe_keys(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: drop every key that may hold content; name what was dropped."""
    withheld = []
    for key in list(event_dict):
        value = event_dict[key]
        if key in SAFE_KEYS or value is None or isinstance(value, (bool, int, float)):
            continue
        del event_dict[key]
        withheld.append(key)
    if withheld:
        event_dict["withheld"] = sorted(withheld)
    return event_dict


def install_structlog() -> None:
    """Rework the configured structlog chain in place (loggers already bound share the
    list): content keys dropped first, tracebacks rendered without local variables."""
    processors: list[Any] = structlog.get_config()["processors"]
    if keep_safe_keys in processors:
        return
    renderer = processors[-1] if processors else structlog.processors.JSONRenderer()
    middle = [p for p in processors[:-1] if not isinstance(p, structlog.processors.ExceptionRenderer)]
    if isinstance(renderer, structlog.dev.ConsoleRenderer):
        renderer = type(renderer)(exception_formatter=structlog.dev.plain_traceback)
    processors[:] = [keep_safe_keys, *middle, structlog.processors.format_exc_info, renderer]


def install() -> None:
    """Both layers; call after the process has configured its logging."""
    install_logging()
    install_structlog()


# ---------------------------------------------------------------- HTTP requests

async def sanic_request_middleware(request: Any) -> None:
    """Declare what a request's path names (`/conversations/<id>/...`: a sender id)."""
    parts = request.path.split("/")
    values = [parts[i + 1] for i, part in enumerate(parts[:-1]) if part == "conversations"]
    declare(*values)
