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
        servers.start()
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="session")
def channels(tmp_path_factory):
    """A Rasa server (and action server) with the WhatsApp and Twilio channels on, sending
    to local stand-ins of the Graph API and Twilio's API."""
    from tests.e2e.channel_clients import channel_env
    from tests.e2e.standins import StandIn

    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    graph, twilio = StandIn("graph").start(), StandIn("twilio").start()
    servers = BotServers(tmp_path_factory.mktemp("channels-e2e"))
    servers.env.update(channel_env(servers.url, graph, twilio))
    try:
        servers.start()
        yield ChannelStack(servers, graph, twilio)
    finally:
        servers.stop()
        graph.stop()
        twilio.stop()


class ChannelStack:
    def __init__(self, servers, graph, twilio):
        self.servers, self.graph, self.twilio = servers, graph, twilio
        self.url = servers.url


@pytest.fixture(scope="session")
def web(bot):
    """The demo clinic page (`make web`) on a free port, its widget pointed at `bot`."""
    bot.start_web()
    return bot


JWT_SECRET = "an-e2e-jwt-secret-of-32-characters-or-more"


@pytest.fixture(scope="session")
def bot_jwt(bot, tmp_path_factory):
    """A second Rasa server and page server with SOCKETIO_JWT_SECRET set (`bot`'s action server)."""
    servers = BotServers(tmp_path_factory.mktemp("e2e-jwt"),
                         env={"SOCKETIO_JWT_SECRET": JWT_SECRET, "ACTIONS_URL": bot.env["ACTIONS_URL"]})
    try:
        servers.start_rasa()
        servers.start_web()
        yield servers
    finally:
        servers.stop()
