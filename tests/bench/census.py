"""How many action server calls each kind of turn makes.

The action server is restarted with --debug (in the benchmark's own temp folder), which
logs "Received request to run '<action>'" for each call; each scripted turn is sent on its
own and the new log lines are attributed to it. Run after the timed runs, so the debug
logging costs them nothing.
"""
from __future__ import annotations

import re
import uuid
from collections import Counter
from typing import Dict, List

from tests.bench.scripts import CENSUS
from tests.e2e.bot_servers import BotServers

CALL = re.compile(r"Received request to run '([^']+)'")


def count_calls(servers: BotServers) -> List[Dict[str, object]]:
    servers.stop_actions()
    servers.start_actions("--debug")
    log = servers.workdir / "actions.log"
    rows: List[Dict[str, object]] = []
    try:
        for script, labels in CENSUS:
            sender = f"bench-census-{uuid.uuid4().hex[:10]}"
            for text, label in zip(script.messages, labels):
                offset = log.stat().st_size
                servers.send(sender, text)
                with open(log, "rb") as fh:
                    fh.seek(offset)
                    calls = CALL.findall(fh.read().decode(errors="replace"))
                rows.append({"turn": label, "calls": len(calls), "actions": dict(Counter(calls))})
    finally:
        servers.stop_actions()
        servers.start_actions()
    return rows


def summary(rows: List[Dict[str, object]]) -> List[Dict[str, object]]:
    """One row per kind of turn (the first time it was seen)."""
    seen: Dict[str, Dict[str, object]] = {}
    for row in rows:
        seen.setdefault(str(row["turn"]), row)
    return list(seen.values())
