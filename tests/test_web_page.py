"""The demo page server (`make web`) over real HTTP: its settings, files and session tokens."""
from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.request

import pytest

from bot import settings
from bot.web import server, sessions

SECRET = "a-page-secret-of-32-characters-or-more"


@pytest.fixture
def page_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), server.Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_page_points_the_widget_at_the_rasa_port_setting(page_server, monkeypatch):
    monkeypatch.delenv("RASA_PUBLIC_URL", raising=False)
    monkeypatch.setenv("RASA_PORT", "15005")
    status, headers, page = fetch(page_server + "/")
    assert status == 200
    assert 'data-rasa-url="http://localhost:15005"' in page and page.count("5005") == page.count("15005")
    assert "connect-src 'self' http://localhost:15005 ws://localhost:15005" in headers["Content-Security-Policy"]
    assert "J&amp;J Therapy" in page and "data-token-url" not in page


def test_a_public_rasa_url_wins_over_the_port(page_server, monkeypatch):
    monkeypatch.setenv("RASA_PUBLIC_URL", "https://bot.jjtherapy.example/")
    assert settings.rasa_public_url() == "https://bot.jjtherapy.example"
    _, headers, page = fetch(page_server + "/")
    assert 'data-rasa-url="https://bot.jjtherapy.example"' in page
    assert "wss://bot.jjtherapy.example" in headers["Content-Security-Policy"]


def test_the_page_has_no_inline_script_and_forbids_other_sources(page_server):
    _, headers, page = fetch(page_server + "/")
    assert "<script>" not in page and "onclick" not in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/widget/widget.js", "/widget/widget.css", "/widget/socket.io.min.js", "/page.css"])
def test_the_widget_files_are_served_locally(page_server, path):
    status, headers, body = fetch(page_server + path)
    assert status == 200 and body
    assert headers["Content-Type"].startswith(("text/javascript", "text/css"))


def test_nothing_else_is_served(page_server):
    for path in ("/widget/", "/../bot/settings.py", "/static/index.html", "/credentials.yml"):
        assert fetch(page_server + path)[0] == 404, path


def test_session_tokens_are_off_by_default(page_server, monkeypatch):
    monkeypatch.delenv("SOCKETIO_JWT_SECRET", raising=False)
    status, _, body = fetch(page_server + "/widget/session", method="POST")
    assert status == 404 and "SOCKETIO_JWT_SECRET" in body


def test_with_a_secret_each_visitor_gets_a_signed_session(page_server, monkeypatch):
    monkeypatch.setenv("SOCKETIO_JWT_SECRET", SECRET)
    assert 'data-token-url="/widget/session"' in fetch(page_server + "/")[2]
    status, headers, body = fetch(page_server + "/widget/session", method="POST")
    issued = json.loads(body)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert sessions.session_from_token(SECRET, issued["token"]) == issued["session_id"]
    assert json.loads(fetch(page_server + "/widget/session", method="POST")[2])["session_id"] != issued["session_id"]


def test_tokens_go_only_to_pages_on_the_configured_origins(page_server, monkeypatch):
    monkeypatch.setenv("SOCKETIO_JWT_SECRET", SECRET)
    monkeypatch.setenv("CORS_ORIGINS", "https://jjtherapy.example")
    status, headers, _ = fetch(page_server + "/widget/session", "POST", {"Origin": "https://jjtherapy.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://jjtherapy.example"
    assert fetch(page_server + "/widget/session", "POST", {"Origin": "https://evil.example"})[0] == 403
    assert fetch(page_server + "/widget/session", "OPTIONS", {"Origin": "https://evil.example"})[0] == 403
