"""Fixes to Rasa 3.6 and rasa-sdk 3.6, applied by our launchers before either server starts.

`python -m bot.server` (the Rasa server) calls `apply_rasa()`; `python -m bot.action_server`
calls `apply_action_server()`. Each fix is the narrowest change that removes a measured
cost or failure (`make bench`, README "Performance"); Rasa's behaviour is otherwise kept.

1. Rasa checks every action server response against its schema with
   `jsonschema.validate(result, schema)`, which first re-checks the schema itself against
   the JSON Schema metaschema: 44 ms per action call, half the server's CPU under load.
   We build the validator once (the metaschema check runs once, at start) and validate
   each response with it, raising the same `ValidationError`, with the same message, for
   the same responses as Rasa does.
2. Threads: NumPy/BLAS and TensorFlow each start a thread pool per core by default, so one
   stream of requests already uses both cores and concurrency adds nothing. We cap them at
   BOT_CPU_THREADS (default 1) per process, so that servers sharing a machine each get a
   core; set it before NumPy or TensorFlow is imported.
3. HTTP keep-alive: Sanic closes an idle kept-alive connection after 5 s, aiohttp (Rasa's
   client to the action server, and most load balancers) reuses one for 15 s, so under
   load Rasa writes a request onto a connection the action server is closing and the turn
   loses its action ("Cannot write to closing transport"). The servers keep idle
   connections for 75 s (SANIC_KEEP_ALIVE_TIMEOUT), longer than their clients do.
4. Rebuilding a tracker from stored events looks up each event's class by walking every
   subclass of `Event`, once per event (3% of the server's time). We remember the classes
   found; a name not found is looked up again each time, as before.
5. TensorFlow 2.12 lists JAX as a requirement and imports it, if it can, for one TFLite
   converter helper (`tensorflow/lite/python/util.py`: `try: from jax import ...
   except ImportError`). Nothing here converts models to TFLite, and JAX and its XLA
   library cost the Rasa server 85 MB. The server refuses the import, so TensorFlow takes
   the path it has for a machine without JAX.
"""
from __future__ import annotations

import importlib.abc
import os
import sys
from typing import Any, Dict, Optional, Sequence

from bot import settings

KEEP_ALIVE_SECONDS = "75"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "TF_INTER_OP_PARALLELISM_THREADS", "TF_INTRA_OP_PARALLELISM_THREADS")


def apply_rasa() -> None:
    """Everything the Rasa server needs; call before Rasa (or NumPy) is imported."""
    _environment()
    _refuse_jax()
    _validate_action_results_with_one_validator()
    _remember_event_classes()


def apply_action_server() -> None:
    """Everything the action server needs; call before rasa_sdk is imported."""
    _environment()


def _environment() -> None:
    """Thread caps and keep-alive, as environment defaults: an operator's own value wins."""
    threads = str(settings.cpu_threads())
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, threads)
    os.environ.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", KEEP_ALIVE_SECONDS)


def _validate_action_results_with_one_validator() -> None:
    from jsonschema.exceptions import ValidationError, best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if getattr(RemoteAction._validate_action_result, "built_once", False):
        return
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, here, instead of on every action call
    validator = cls(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))  # what jsonschema.validate does after its schema check
        if error is None:
            return True
        assert isinstance(error, ValidationError)
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    _validate_action_result.built_once = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result


def _remember_event_classes() -> None:
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    if getattr(original, "remembers", False):
        return
    found: Dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                found[type_name] = cls
        return cls

    resolve_by_type.remembers = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)


class _NoJax(importlib.abc.MetaPathFinder):
    """Makes `import jax` (and jaxlib) fail as on a machine without JAX (fix 5)."""

    def find_spec(self, fullname: str, path: Optional[Sequence[str]], target: Any = None) -> None:
        if fullname.partition(".")[0] in ("jax", "jaxlib"):
            raise ImportError(f"{fullname} is not loaded in the Rasa server (bot/rasa_fixes.py, fix 5)")
        return None


def _refuse_jax() -> None:
    if not any(isinstance(finder, _NoJax) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NoJax())
