"""`python -m bot.action_server`: the action server, started the way `make actions` starts it.

rasa_sdk's own server (`rasa run actions`) listens on every interface and runs actions for
anyone who can reach it. This one is the same app (rasa_sdk's `create_app`, the `actions`
package), with:

- ACTIONS_HOST (default 127.0.0.1) and ACTIONS_PORT; it refuses to start on another
  interface without ACTIONS_SECRET;
- every call but GET /health must carry ``Authorization: Bearer <secret>``
  (bot.action_auth); anything else gets 401 and runs nothing;
- no CORS (no browser has any business here);
- errors answered without echoing the request (rasa_sdk's handler returned the whole
  tracker in its 500 body, which the Rasa server then logged);
- log privacy (bot.log_privacy): each call's sender id and patients' messages are blanked
  out of every log line;
- bot.rasa_fixes applied first: thread caps, and a keep-alive longer than the one Rasa's
  client keeps idle connections for;
- assessments waiting in the outbox (database unreachable) are retried every
  OUTBOX_RETRY_SECONDS, so they reach the database soon after it is back even when no
  other conversation ends; urgent outcomes the Rasa server gave while this server was down
  are recorded then too, from the conversation store (bot.storage.reconcile), from
  RECONCILE_FROM_S before the start on.

Options: ``--debug`` / ``--quiet`` (log level), like ``rasa run actions``.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from typing import Any, List, Optional

from bot import action_auth, log_privacy, rasa_fixes, settings

logger = logging.getLogger(__name__)

OPEN_PATHS = ("/health",)
RECONCILE_FROM_S = 2 * 24 * 3600.0


def _declare_call(request: Any) -> None:
    """Declare the sender id and every patient message of an action call to bot.log_privacy."""
    try:
        call = request.json or {}
    except Exception:  # unreadable bodies are rasa_sdk's to refuse
        return
    tracker = call.get("tracker") if isinstance(call, dict) else None
    if not isinstance(tracker, dict):
        return
    texts = [e.get("text") for e in tracker.get("events") or [] if isinstance(e, dict) and e.get("event") == "user"]
    latest = tracker.get("latest_message") or {}
    log_privacy.declare(tracker.get("sender_id"), latest.get("text") if isinstance(latest, dict) else None, *texts)


def create_app(actions_package: str = "actions") -> Any:
    from rasa_sdk.endpoint import create_app as sdk_app
    from sanic import response

    app = sdk_app(actions_package, cors_origins=None)
    expected = action_auth.secret()

    @app.middleware("request")
    async def check_secret(request: Any) -> Any:
        log_privacy.declare()
        if request.path in OPEN_PATHS:
            return None
        if not action_auth.authorised(request.headers.get(action_auth.HEADER), expected):
            logger.warning("Refused a call without the action server secret (%s %s)", request.method, request.path)
            return response.json({"error": "unauthorised"}, status=401)
        _declare_call(request)
        return None

    async def failed(request: Any, exception: Exception) -> Any:
        logger.error("Action call failed (%s)", type(exception).__name__, exc_info=exception)
        return response.json({"error": type(exception).__name__}, status=500)

    app.error_handler.add(Exception, failed)

    async def retry_outbox() -> None:
        from bot import storage
        from bot.storage import outbox, reconcile

        since = time.time() - RECONCILE_FROM_S
        while True:
            try:
                if any(True for _ in outbox.pending()):
                    await asyncio.to_thread(storage.flush_outbox)
                _, since = await asyncio.to_thread(reconcile.record_missed_escalations, since)
            except Exception as exc:  # keep retrying; each attempt logs its own reason
                logger.warning("Outbox retry failed (%s)", type(exc).__name__)
            await asyncio.sleep(settings.outbox_retry_seconds())

    app.add_task(retry_outbox())
    return app


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.action_server", description=__doc__.split("\n")[0])
    level = parser.add_mutually_exclusive_group()
    level.add_argument("--debug", dest="level", action="store_const", const=logging.DEBUG)
    level.add_argument("--quiet", dest="level", action="store_const", const=logging.WARNING)
    parser.set_defaults(level=logging.INFO)
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> None:
    rasa_fixes.apply_action_server()  # before rasa_sdk (and NumPy) is imported
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if action_auth.exposed_without_secret():
        sys.exit(f"ACTIONS_HOST={settings.actions_host()} exposes the action server beyond this machine: "
                 "set ACTIONS_SECRET (the same value for the Rasa server) first.")
    from rasa_sdk import utils

    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    utils.configure_colored_logging(args.level)
    utils.update_sanic_log_level()
    log_privacy.install()
    app = create_app()
    host, port = settings.actions_host(), settings.actions_port()
    logger.info("Action server on http://%s:%d (calls need the shared secret)", host, port)
    app.run(host, port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
