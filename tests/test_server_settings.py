"""How `make rasa` starts the Rasa server: settings from the environment only."""
from __future__ import annotations

from bot import server, settings


def test_cors_allows_only_the_demo_page_by_default(monkeypatch):
    monkeypatch.delenv("CORS_ORIGINS", raising=False)
    monkeypatch.setenv("WEB_PORT", "8181")
    assert settings.cors_origins() == ["http://localhost:8181"]
    args = server.rasa_arguments()
    assert "*" not in args
    assert args[args.index("--cors") + 1] == "http://localhost:8181"


def test_cors_origins_come_from_a_comma_separated_setting(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://jjtherapy.example/, https://www.jjtherapy.example")
    assert settings.cors_origins() == ["https://jjtherapy.example", "https://www.jjtherapy.example"]


def test_the_http_api_stays_off_without_a_token(monkeypatch):
    monkeypatch.delenv("BOT_API_TOKEN", raising=False)
    assert "--enable-api" not in server.rasa_arguments()


def test_the_api_token_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("BOT_API_TOKEN", "s3cret")
    args = server.rasa_arguments()
    assert args[args.index("--auth-token") + 1] == "s3cret"


def test_the_port_and_model_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RASA_PORT", "15123")
    monkeypatch.setenv("BOT_MODEL", str(tmp_path / "m.tar.gz"))
    args = server.rasa_arguments()
    assert args[args.index("--port") + 1] == "15123"
    assert args[args.index("--model") + 1] == str(tmp_path / "m.tar.gz")
