"""The demo clinic page and the chat widget's files, served on WEB_PORT (`make web`).

- `/` the demo page: the clinic's name, a paragraph and the widget, pointed at
  RASA_PUBLIC_URL (never a literal port);
- `/widget/widget.js`, `/widget/widget.css` and `/widget/socket.io.min.js` (the Socket.IO
  browser client from npm, `npm ci`): everything the widget needs, so the page works with
  no internet and a clinic can load the widget from here on its own site;
- `POST /widget/session`, only when SOCKETIO_JWT_SECRET is set: a new session id and a
  signed token for it (`bot.web.sessions`), for the widget to connect with.
"""
from __future__ import annotations

import html
import http.server
import json
import logging
from pathlib import Path
from string import Template
from typing import Any, Dict, Optional, Tuple
from urllib.parse import urlsplit

from bot import clinic, settings
from bot.web import sessions

STATIC = Path(__file__).resolve().parent / "static"
SOCKET_IO_CLIENT = settings.ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
FILES: Dict[str, Tuple[Path, str]] = {
    "/page.css": (STATIC / "page.css", "text/css; charset=utf-8"),
    "/widget/widget.css": (STATIC / "widget" / "widget.css", "text/css; charset=utf-8"),
    "/widget/widget.js": (STATIC / "widget" / "widget.js", "text/javascript; charset=utf-8"),
    "/widget/socket.io.min.js": (SOCKET_IO_CLIENT, "text/javascript; charset=utf-8"),
}
SESSION_PATH = "/widget/session"

logger = logging.getLogger("bot.web")


def offline_text() -> str:
    return (
        "Sorry, the assistant can't be reached right now. You can contact the clinic directly: "
        f"WhatsApp or text {clinic.PHONE}, or email {clinic.EMAIL}."
    )


def render_index() -> bytes:
    """The demo page, with the settings in the widget's data- attributes (HTML-escaped)."""
    token_url = f'\n  data-token-url="{SESSION_PATH}"' if settings.socketio_jwt_secret() else ""
    page = Template((STATIC / "index.html").read_text(encoding="utf-8")).substitute(
        clinic=html.escape(clinic.CLINIC_NAME),
        rasa_url=html.escape(settings.rasa_public_url()),
        token_url=token_url,
        offline_text=html.escape(offline_text()),
    )
    return page.encode("utf-8")


def content_security_policy() -> str:
    """Scripts and styles only from this server; connections only to it and the Rasa server."""
    rasa = urlsplit(settings.rasa_public_url())
    socket_scheme = "wss" if rasa.scheme == "https" else "ws"
    connect = f"'self' {rasa.scheme}://{rasa.netloc} {socket_scheme}://{rasa.netloc}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src {connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "jj-web"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # request lines stay out of INFO logs
        logger.debug(format, *args)

    def _send(self, status: int, body: bytes, content_type: str, extra: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            **(extra or {}),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: Dict[str, Any], extra: Optional[Dict[str, str]] = None) -> None:
        body = json.dumps(payload).encode()
        self._send(status, body, "application/json", {"Cache-Control": "no-store", **(extra or {})})

    def _cors(self) -> Optional[Dict[str, str]]:
        """CORS headers for an allowed cross-origin caller, {} for none, None for a refused one."""
        origin = self.headers.get("Origin")
        if not origin or origin == f"http://{self.headers.get('Host')}" or origin == f"https://{self.headers.get('Host')}":
            return {}
        if origin in settings.cors_origins() or "*" in settings.cors_origins():
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return None

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self._send(200, render_index(), "text/html; charset=utf-8",
                       {"Content-Security-Policy": content_security_policy(), "Cache-Control": "no-cache"})
            return
        if path not in FILES:
            self._send(404, b"Not found\n", "text/plain; charset=utf-8")
            return
        file, content_type = FILES[path]
        if not file.exists():
            logger.error("%s is missing: run `make setup` (it runs `npm ci`).", file)
            self._send(500, b"The widget's files are not installed: run make setup.\n", "text/plain; charset=utf-8")
            return
        self._send(200, file.read_bytes(), content_type, {"Cache-Control": "max-age=300"})

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:
        cors = self._cors() if urlsplit(self.path).path == SESSION_PATH else None
        if not cors:
            self._send(403 if cors is None else 204, b"", "text/plain; charset=utf-8")
            return
        self._send(204, b"", "text/plain; charset=utf-8",
                   {**cors, "Access-Control-Allow-Methods": "POST", "Access-Control-Max-Age": "600"})

    def do_POST(self) -> None:
        if urlsplit(self.path).path != SESSION_PATH:
            self._send(404, b"Not found\n", "text/plain; charset=utf-8")
            return
        secret = settings.socketio_jwt_secret()
        cors = self._cors()
        if not secret:
            self._json(404, {"error": "session tokens are off (SOCKETIO_JWT_SECRET is not set)"})
        elif cors is None:
            self._json(403, {"error": "this origin is not in CORS_ORIGINS"})
        else:
            session_id, token = sessions.issue_token(secret)
            self._json(200, {"session_id": session_id, "token": token}, cors)


def main() -> None:
    port = settings.web_port()
    server = http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler)
    if not SOCKET_IO_CLIENT.exists():
        logger.warning("The Socket.IO browser client is missing: run `make setup` (npm ci).")
    print(f"Demo clinic page on http://localhost:{port} (its chat widget talks to {settings.rasa_public_url()})")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
