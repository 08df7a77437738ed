"""`python -m bot.server`: the Rasa server, started the way `make rasa` starts it.

Every setting comes from the environment (CONTRACT.md), so the API token never appears
on a command line: `ps` shows only `python -m bot.server`. The arguments built here are
the ones `rasa run` documents; anything given on our command line is passed on after them.
"""
from __future__ import annotations

import sys
from typing import List

from bot import rasa_fixes, settings


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


def main(argv: List[str]) -> None:
    rasa_fixes.apply_rasa()  # before Rasa, NumPy or TensorFlow is imported
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *rasa_arguments(), *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
