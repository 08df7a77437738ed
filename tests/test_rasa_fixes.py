"""bot.rasa_fixes: Rasa checks action server responses as before, without the metaschema cost."""
from __future__ import annotations

import jsonschema
import pytest
from jsonschema.exceptions import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_fixes

RESPONSES = [
    # (response, valid?) one row per kind of answer an action server gives
    ({"events": [], "responses": []}, True),  # nothing to do
    ({"events": [{"event": "slot", "name": "pain_side", "value": "left"}],
      "responses": [{"text": "Thanks"}]}, True),  # a slot and a message
    ({"events": [{"event": "action_execution_rejected", "name": "validate_triage_form"}]}, True),
    ({"events": [{"event": "no_such_event"}]}, False),  # an event Rasa does not know
    ({"events": "not a list"}, False),
    ({"responses": ["a bare string"]}, False),
]


@pytest.fixture
def fixed(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_fixes._validate_action_results_with_one_validator()
    return RemoteAction("validate_triage_form", None)


@pytest.mark.parametrize("response,valid", RESPONSES)
def test_a_response_is_accepted_or_rejected_exactly_as_rasa_would(fixed, response, valid):
    schema = RemoteAction.action_response_format_spec()
    try:
        jsonschema.validate(response, schema)
        rasa_valid = True
    except ValidationError as error:
        rasa_valid, rasa_error = False, error
    assert rasa_valid is valid
    if valid:
        assert fixed._validate_action_result(response) is True
    else:
        with pytest.raises(ValidationError) as raised:
            fixed._validate_action_result(response)
        assert raised.value.message.startswith(rasa_error.message)
        assert "Failed to validate Action server response" in raised.value.message


def test_the_schema_is_checked_against_the_metaschema_once_not_per_call(fixed, monkeypatch):
    def no_more_checks(*args, **kwargs):
        raise AssertionError("the metaschema check ran again")

    monkeypatch.setattr(jsonschema.validators.validator_for(RemoteAction.action_response_format_spec()),
                        "check_schema", no_more_checks)
    for response, valid in RESPONSES:
        if valid:
            assert fixed._validate_action_result(response)


def test_thread_caps_and_keep_alive_are_defaults_an_operator_can_override(monkeypatch):
    for name in rasa_fixes.THREAD_VARIABLES + ("SANIC_KEEP_ALIVE_TIMEOUT",):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_CPU_THREADS", "2")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    rasa_fixes._environment()
    import os

    assert os.environ["OMP_NUM_THREADS"] == "2" and os.environ["TF_INTRA_OP_PARALLELISM_THREADS"] == "2"
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
    assert int(os.environ["SANIC_KEEP_ALIVE_TIMEOUT"]) > 15  # longer than aiohttp keeps a connection


def test_event_classes_are_found_by_name_as_before(monkeypatch):
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    monkeypatch.setattr(Event, "resolve_by_type", Event.resolve_by_type)
    rasa_fixes._remember_event_classes()
    for _ in range(2):  # found, then remembered
        assert Event.resolve_by_type("slot") is SlotSet
        assert Event.resolve_by_type("user") is UserUttered
        assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_the_rasa_server_runs_tensorflow_without_loading_jax():
    import subprocess
    import sys

    script = ("from bot import rasa_fixes; rasa_fixes.apply_rasa(); import sys, tensorflow, rasa.core.agent; "
              "util = sys.modules['tensorflow.lite.python.util']; "
              "print('jax' in sys.modules, 'jaxlib' in sys.modules, util._xla_computation is None)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-3:] == ["False", "False", "True"]
