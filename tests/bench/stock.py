"""The yardstick: `rasa init`'s assistant with one custom action, trained into a temp folder.

The project is Rasa's own starter (rasa/cli/initial_project, as `rasa init` writes it),
with its default pipeline and policies; the only change is that the greeting comes from
the template's `action_hello_world` custom action (uncommented) instead of `utter_greet`,
so a conversation makes one action server call, as a real assistant's would. It runs with
Rasa's defaults: in-memory tracker and lock stores.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import rasa.cli
import yaml

from tests.e2e.bot_servers import BIN, _get, _stop, free_port

ACTION = '''from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionHelloWorld(Action):
    def name(self) -> Text:
        return "action_hello_world"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="Hello World!")
        return []
'''
SMOKE_CONFIG = """recipe: default.v1
assistant_id: bench_stock_smoke
language: en
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: DIETClassifier
    epochs: 1
policies:
  - name: MemoizationPolicy
  - name: RulePolicy
  - name: TEDPolicy
    epochs: 1
"""


def make_project(folder: Path, smoke: bool = False) -> Path:
    """Writes the starter project with the one custom action; returns its folder."""
    shutil.copytree(Path(rasa.cli.__file__).parent / "initial_project", folder)
    (folder / "actions" / "actions.py").write_text(ACTION)
    stories = folder / "data" / "stories.yml"
    stories.write_text(stories.read_text().replace("action: utter_greet", "action: action_hello_world"))
    domain = yaml.safe_load((folder / "domain.yml").read_text())
    domain["actions"] = ["action_hello_world"]
    (folder / "domain.yml").write_text(yaml.safe_dump(domain, sort_keys=False))
    if smoke:  # a few seconds of training: the smoke run checks the machinery, not the speed
        (folder / "config.yml").write_text(SMOKE_CONFIG)
    return folder


def _env(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REDIS_URL", "DATABASE_URL")}
    return {**env, "PYTHONPATH": str(folder), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def train(folder: Path) -> float:
    """Trains the starter into folder/models/stock.tar.gz; returns the seconds it took."""
    started = time.perf_counter()
    with open(folder / "train.log", "wb") as log:
        subprocess.run([str(BIN / "rasa"), "train", "--fixed-model-name", "stock", "--out", "models"],
                       cwd=folder, env=_env(folder), stdout=log, stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - started


class StockServers:
    """The starter's Rasa server (HTTP API on, for /model/parse) and its action server."""

    def __init__(self, folder: Path, token: str = "bench-token"):
        self.folder, self.token = folder, token
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.rasa: Optional[subprocess.Popen] = None
        self.actions: Optional[subprocess.Popen] = None
        (folder / "endpoints.yml").write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{self.actions_port}/webhook\n")

    def _spawn(self, name: str, args: list) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")
        return subprocess.Popen(args, cwd=self.folder, env=_env(self.folder), stdout=log, stderr=subprocess.STDOUT)

    def start(self) -> None:
        self.actions = self._spawn("actions", [str(BIN / "rasa"), "run", "actions", "--actions", "actions",
                                               "--port", str(self.actions_port)])
        _wait_for(f"http://127.0.0.1:{self.actions_port}/health", self.actions)
        self.rasa = self._spawn("rasa", [str(BIN / "rasa"), "run", "--model", "models/stock.tar.gz",
                                         "--endpoints", "endpoints.yml", "--port", str(self.rasa_port),
                                         "--enable-api", "--auth-token", self.token])
        _wait_for(f"{self.url}/status?token={self.token}", self.rasa)

    def stop(self) -> None:
        _stop(self.rasa)
        _stop(self.actions)


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{' '.join(map(str, proc.args[:3]))} exited with {proc.returncode}")
        try:
            if _get(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


if __name__ == "__main__":  # python -m tests.bench.stock FOLDER: write and train it, to look at
    print(f"trained in {train(make_project(Path(sys.argv[1]))):.0f} s")
