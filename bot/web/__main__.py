"""`python -m bot.web`: serves the demo clinic page on WEB_PORT."""
from __future__ import annotations

import functools
import http.server
import logging
from pathlib import Path

from bot import settings

STATIC = Path(__file__).resolve().parent / "static"


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep request lines out of INFO logs
        logging.getLogger("bot.web").debug(format, *args)


def main() -> None:
    handler = functools.partial(Handler, directory=str(STATIC))
    server = http.server.ThreadingHTTPServer(("0.0.0.0", settings.web_port()), handler)
    print(f"Demo clinic page on http://localhost:{settings.web_port()} (Rasa on port {settings.rasa_port()})")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
