"""Starts the real Rasa server and action server as child processes, on free ports."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "current.tar.gz"
CHANNEL_VARIABLES = (
    "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_API_BASE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER", "PUBLIC_URL", "TWILIO_API_BASE",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status


class BotServers:
    """The Rasa server and the action server, as `make rasa` and `make actions` run them."""

    def __init__(self, workdir: Path, token: str = "e2e-token", env: Optional[Dict[str, str]] = None):
        self.workdir = workdir
        self.token = token
        self.rasa_port = free_port()
        self.actions_port = free_port()
        self.web_port = free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "BOT_VAR_DIR": str(workdir / "var"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bot.db'}",
            "BOT_HASH_SECRET": "e2e-secret",
            # one secret for every server of a test run: a second Rasa server may use the
            # first one's action server (per-install secrets live in each var/ folder)
            "ACTIONS_SECRET": "e2e-actions-secret",
            "ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            # the demo page (start_web) is the one origin allowed to call the Rasa server
            "WEB_PORT": str(self.web_port),
            "CORS_ORIGINS": self.web_url,
            "RASA_PUBLIC_URL": self.url,
            **(env or {}),
        }
        if "REDIS_URL" not in (env or {}):
            self.env.pop("REDIS_URL", None)  # the in-process lock store unless a test asks
        for name in CHANNEL_VARIABLES:  # messaging channels off unless a test turns them on
            if name not in (env or {}):
                self.env.pop(name, None)
        self.rasa: Optional[subprocess.Popen] = None
        self.actions: Optional[subprocess.Popen] = None
        self.web: Optional[subprocess.Popen] = None

    def _spawn(self, name: str, args: List[str], env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "ab")
        return subprocess.Popen(args, cwd=ROOT, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)

    def start(self, *options: str) -> None:
        """Both servers, started side by side (neither needs the other to come up)."""
        self.start_actions(*options, wait=False)
        self.start_rasa(*options, wait=False)
        self.wait_actions()
        self.wait_rasa()

    def start_actions(self, *options: str, wait: bool = True) -> None:
        # as `make actions` starts it: loopback only, calls need the shared secret
        self.actions = self._spawn(
            "actions", [sys.executable, "-m", "bot.action_server", *options], {"ACTIONS_PORT": str(self.actions_port)}
        )
        if wait:
            self.wait_actions()

    def wait_actions(self) -> None:
        assert self.actions is not None
        self._wait(f"http://127.0.0.1:{self.actions_port}/health", self.actions, "action server")

    def start_rasa(self, *options: str, wait: bool = True) -> None:
        # as `make rasa` starts it: settings (the token too) from the environment only
        env = {"RASA_PORT": str(self.rasa_port), "BOT_API_TOKEN": self.token, "BOT_MODEL": str(MODEL)}
        self.rasa = self._spawn("rasa", [sys.executable, "-m", "bot.server", *options], env)
        if wait:
            self.wait_rasa()

    def wait_rasa(self) -> None:
        assert self.rasa is not None
        self._wait(f"{self.url}/status?token={self.token}", self.rasa, "Rasa server")

    def start_web(self) -> None:
        """The demo clinic page, as `make web` starts it, pointed at this Rasa server."""
        self.web = self._spawn("web", [sys.executable, "-m", "bot.web"])
        self._wait(f"{self.web_url}/", self.web, "page server")

    def _wait(self, url: str, proc: subprocess.Popen, what: str, timeout: float = 240.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited with {proc.returncode}; see {self.workdir}")
            try:
                if _get(url) == 200:
                    return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{what} did not come up within {timeout:.0f} s; see {self.workdir}")

    def stop_actions(self) -> None:
        _stop(self.actions)
        self.actions = None

    def stop_rasa(self) -> None:
        _stop(self.rasa)
        self.rasa = None


    def stop(self) -> None:
        _stop(self.web)
        _stop(self.rasa)
        _stop(self.actions)

    # ---- talking to the bot, through the contract only
    def send(self, sender: str, text: str) -> List[Dict[str, Any]]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        req = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            assert resp.status == 200
            return json.loads(resp.read().decode() or "[]")

    def tracker(self, sender: str) -> Dict[str, Any]:
        sid = urllib.parse.quote(sender, safe="")
        with urllib.request.urlopen(f"{self.url}/conversations/{sid}/tracker?token={self.token}", timeout=30) as r:
            return json.loads(r.read().decode())

    def slots(self, sender: str) -> Dict[str, Any]:
        return self.tracker(sender)["slots"]


def _stop(proc: Optional[subprocess.Popen]) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def reply_text(replies: List[Dict[str, Any]]) -> str:
    parts = []
    for r in replies:
        parts.append(r.get("text") or "")
        parts += [f"{b.get('title')} {b.get('payload')}" for b in r.get("buttons") or []]
    return "\n".join(parts)
