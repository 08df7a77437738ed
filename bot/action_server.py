"""`python -m bot.action_server`: the action server, started the way `make actions` starts it.

The same as `rasa run actions --actions actions --port $ACTIONS_PORT` (arguments given
here are passed on after those), with bot.rasa_fixes applied first: thread caps and a
keep-alive longer than Rasa's client keeps idle connections.
"""
from __future__ import annotations

import sys
from typing import List

from bot import rasa_fixes, settings


def main(argv: List[str]) -> None:
    rasa_fixes.apply_action_server()
    from rasa_sdk.__main__ import main as sdk_main

    sys.argv = ["rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port()), *argv]
    sdk_main()


if __name__ == "__main__":
    main(sys.argv[1:])
