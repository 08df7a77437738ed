"""Local stand-ins for the internet services the channels call: the WhatsApp Graph API
and Twilio's REST API. Each records every request the bot makes and answers as the real
service would; `fail_next` makes it answer 500 a given number of times."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qsl


@dataclass
class Recorded:
    path: str
    headers: Dict[str, str]
    body: Any  # JSON, or the form's fields as a dict
    status: int  # what the stand-in answered


class StandIn:
    def __init__(self, kind: str):
        self.kind = kind  # "graph" or "twilio"
        self.requests: List[Recorded] = []
        self._failures = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "StandIn":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, times: int) -> None:
        with self._lock:
            self._failures = times

    def mark(self) -> int:
        with self._lock:
            return len(self.requests)

    def since(self, mark: int, to: Optional[str] = None) -> List[Recorded]:
        """Requests since `mark` (to one recipient if given), failed ones included."""
        with self._lock:
            found = self.requests[mark:]
        key = "to" if self.kind == "graph" else "To"
        return [r for r in found if to is None or r.body.get(key) == to]

    def _answer(self, body: Any) -> tuple[int, Dict[str, Any]]:
        with self._lock:
            if self._failures:
                self._failures -= 1
                return 500, {"error": {"message": "stand-in failure", "code": 1}}
        if self.kind == "graph":
            return 200, {"messaging_product": "whatsapp", "contacts": [{"wa_id": body.get("to")}],
                         "messages": [{"id": f"wamid.out{len(self.requests)}"}]}
        return 201, {"sid": f"SM{len(self.requests):032d}", "status": "queued"}

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if standin.kind == "graph":
                    body = json.loads(raw or "{}")
                else:
                    body = dict(parse_qsl(raw, keep_blank_values=True))
                status, answer = standin._answer(body)
                with standin._lock:
                    standin.requests.append(Recorded(self.path, dict(self.headers), body, status))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
