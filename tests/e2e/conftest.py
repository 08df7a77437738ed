"""End-to-end fixtures: one real Rasa server and action server for the whole session."""
from __future__ import annotations

import pytest

from tests.e2e.bot_servers import MODEL, BotServers


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    servers = BotServers(tmp_path_factory.mktemp("e2e"))
    try:
        servers.start_actions()
        servers.start_rasa()
        yield servers
    finally:
        servers.stop()
