"""What patients send never reaches a log line: records of any logger and level, tracebacks,
and structlog events (whose tracebacks showed every frame's local variables)."""
from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest
import structlog

from bot import action_auth, log_privacy

SENDER = "+447700900123"
TEXT = "I keep leaking wee, call me on 07700 900456"


@pytest.fixture
def captured():
    """The real logging module, with the privacy layer installed, writing to a buffer."""
    previous_factory = logging.getLogRecordFactory()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s - %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    log_privacy.install_logging()
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        logging.setLogRecordFactory(previous_factory)


def test_the_turns_text_words_and_sender_are_blanked_at_every_level(captured):
    logger = logging.getLogger("rasa.core.lock_store")
    with log_privacy.sensitive(TEXT, SENDER):
        logger.debug(f"Issuing ticket for conversation '{SENDER}'.")
        logger.info("user said %s", TEXT.lower())
        logger.warning("tokens: %s", TEXT.split())
        logger.error("as JSON: %s", json.dumps({"text": TEXT, "sender": SENDER}))
    out = captured.getvalue()
    for secret in (SENDER, "447700900123", "leaking", "07700 900456", TEXT, TEXT.lower()):
        assert secret not in out
    assert out.count(log_privacy.REDACTED) >= 4 and "Issuing ticket for conversation" in out


def test_tracebacks_are_blanked_too(captured):
    try:
        raise ValueError(f"could not read {TEXT!r} from {SENDER}")
    except ValueError:
        with log_privacy.sensitive(TEXT, SENDER):
            logging.getLogger("rasa.core.processor").exception("Encountered an exception")
    out = captured.getvalue()
    assert "ValueError" in out and "Traceback" in out
    assert TEXT not in out and SENDER not in out and "leaking" not in out


def test_phone_numbers_are_blanked_even_outside_a_turn(captured):
    logging.getLogger("x").info("from 447700900123 and +44 7700 900123 at 1764570000.123, port 5005")
    out = captured.getvalue()
    assert "900123" not in out and "1764570000.123" in out and "5005" in out


def test_structlog_events_keep_only_content_free_keys_and_no_frame_locals():
    stream = io.StringIO()
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.dict_tracebacks,
                    structlog.processors.JSONRenderer()],
        logger_factory=structlog.PrintLoggerFactory(stream), cache_logger_on_first_use=True,
    )
    try:
        logger = structlog.get_logger()
        logger.info("warm", n=1)  # bound and cached before the privacy layer is installed
        log_privacy.install_structlog()

        def failing(tracker_text: str) -> None:
            raise KeyError("boom")

        try:
            failing(TEXT)
        except KeyError:
            logger.exception("rest.message.received.failure", text=TEXT, parse_data_text=TEXT,
                             action_name="action_listen", confidence=0.9)
    finally:
        structlog.reset_defaults()
    line = stream.getvalue().splitlines()[-1]
    event = json.loads(line)
    assert TEXT not in line and "tracker_text" not in line, "no frame locals, no content keys"
    assert event["event"] == "rest.message.received.failure" and event["action_name"] == "action_listen"
    assert set(event["withheld"]) == {"text", "parse_data_text"} and "KeyError" in event["exception"]


def test_the_action_server_secret_is_checked_in_constant_time_and_exactly():
    assert action_auth.authorised("Bearer s3cret", "s3cret")
    for header in (None, "", "s3cret", "Bearer ", "Bearer s3cre", "Bearer s3cret ", "Basic s3cret"):
        assert not action_auth.authorised(header, "s3cret")


def test_without_a_setting_both_servers_share_the_per_install_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("ACTIONS_SECRET", raising=False)
    first = action_auth.secret()
    assert len(first) >= 32 and action_auth.secret() == first
    assert oct((tmp_path / "actions_secret").stat().st_mode)[-3:] == "600"
    monkeypatch.setenv("ACTIONS_SECRET", "from-the-environment")
    assert action_auth.secret() == "from-the-environment"


def test_the_action_server_will_not_listen_beyond_loopback_without_a_secret(tmp_path):
    env = {**os.environ, "ACTIONS_HOST": "0.0.0.0", "BOT_VAR_DIR": str(tmp_path)}
    env.pop("ACTIONS_SECRET", None)
    done = subprocess.run([sys.executable, "-m", "bot.action_server"], env=env, capture_output=True,
                          text=True, timeout=120, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert done.returncode != 0 and "set ACTIONS_SECRET" in done.stderr
