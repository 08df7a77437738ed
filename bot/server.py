"""`python -m bot.server`: the Rasa server, started the way `make rasa` starts it.

Every setting comes from the environment (CONTRACT.md), so the API token never appears
on a command line: `ps` shows only `python -m bot.server`. The arguments built here are
the ones `rasa run` documents; anything given on our command line is passed on after them.

Before Rasa starts, ACTIONS_SECRET is resolved (bot.action_auth: the environment, or the
per-install secret the action server uses too), since endpoints.yml sends it to the action
server. Once Rasa has built its Sanic app (its logging is configured by then), the log
privacy layer is installed (bot.log_privacy) and a request middleware declares the
conversation ids that HTTP API paths name.
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Any, Callable, List

from bot import action_auth, log_privacy, rasa_fixes, settings


def rasa_arguments() -> List[str]:
    """`rasa run` arguments for the current environment (the token included, when set)."""
    args = [
        "run",
        "--model", str(settings.model_path()),
        "--endpoints", str(settings.ROOT / "endpoints.yml"),
        "--credentials", str(settings.ROOT / "credentials.yml"),
        "--port", str(settings.rasa_port()),
        "--cors", *settings.cors_origins(),
    ]
    token = settings.bot_api_token()
    if token:
        args += ["--enable-api", "--auth-token", token]
    return args


def with_our_layers(configure_app: Callable[..., Any]) -> Callable[..., Any]:
    """rasa.core.run.configure_app, followed by what this module's doc lists."""

    def configure(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)
        # Rasa sets its own logger's level (--debug, LOG_LEVEL) but leaves the root logger at
        # WARNING: the project's loggers follow Rasa's.
        logging.getLogger("bot").setLevel(logging.getLogger("rasa").getEffectiveLevel())
        log_privacy.install()
        app.register_middleware(log_privacy.sanic_request_middleware, "request")
        return app

    configure._jj_layers = True  # type: ignore[attr-defined]
    return configure


def main(argv: List[str]) -> None:
    rasa_fixes.apply_rasa()  # before Rasa, NumPy or TensorFlow is imported
    import rasa.core.run
    from rasa.__main__ import main as rasa_main

    os.environ["ACTIONS_SECRET"] = action_auth.secret()  # endpoints.yml: ${ACTIONS_SECRET}
    if not getattr(rasa.core.run.configure_app, "_jj_layers", False):
        rasa.core.run.configure_app = with_our_layers(rasa.core.run.configure_app)
    sys.argv = ["rasa", *rasa_arguments(), *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
