"""The load: simulated patients (or bare parses) at a given concurrency, over HTTP with aiohttp.

Each worker is one patient at a time: it plays a whole script turn by turn, checks the
outcome through the tracker API at the end (not timed), and starts the next script, until
the run has played at least `min_turns` turns. Latency is measured per turn.
"""
from __future__ import annotations

import asyncio
import itertools
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence
from urllib.parse import quote

import aiohttp

from tests.bench.scripts import Script

TIMEOUT = aiohttp.ClientTimeout(total=120)


@dataclass
class Run:
    label: str
    concurrency: int
    latencies: List[float] = field(default_factory=list)  # seconds, one per turn or parse
    seconds: float = 0.0
    errors: Dict[str, int] = field(default_factory=dict)  # kind -> count
    conversations: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def figures(self) -> Dict[str, object]:
        ms = sorted(x * 1000 for x in self.latencies)
        return {
            "label": self.label,
            "concurrency": self.concurrency,
            "count": len(ms),
            "conversations": self.conversations,
            "seconds": round(self.seconds, 2),
            "per_second": round(len(ms) / self.seconds, 2) if self.seconds else None,
            "p50_ms": round(percentile(ms, 0.50), 1),
            "p95_ms": round(percentile(ms, 0.95), 1),
            "p99_ms": round(percentile(ms, 0.99), 1),
            "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
        }


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of a sorted sequence (nan when empty)."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, int(round(p * len(ordered) + 0.5)) - 1))]


async def _send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> Optional[list]:
    async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as resp:
        if resp.status != 200:
            return None
        return await resp.json(content_type=None)


async def _outcome(session: aiohttp.ClientSession, url: str, token: str, sender: str) -> object:
    async with session.get(f"{url}/conversations/{quote(sender, safe='')}/tracker",
                           params={"token": token}) as resp:
        resp.raise_for_status()
        return (await resp.json(content_type=None))["slots"].get("triage_outcome")


async def play(session, url: str, token: str, script: Script, run: Run,
               per_turn: Optional[List[float]] = None) -> None:
    """One patient through one script; each turn's latency goes into `run` (and `per_turn`)."""
    sender = f"bench-{script.kind}-{uuid.uuid4().hex[:12]}"
    for text in script.messages:
        started = time.perf_counter()
        try:
            replies = await _send(session, url, sender, text)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            run.error("transport")
            return
        elapsed = time.perf_counter() - started
        if replies is None:
            run.error("http_status")
            return
        run.latencies.append(elapsed)
        if per_turn is not None:
            per_turn.append(elapsed)
        if not replies:
            run.error("silent_turn")
    run.conversations += 1
    if script.outcome is not None and token:
        try:
            if await _outcome(session, url, token, sender) != script.outcome:
                run.error("wrong_outcome")
        except (aiohttp.ClientError, asyncio.TimeoutError):
            run.error("tracker_unavailable")


async def conversations(url: str, token: str, scripts: Sequence[Script], concurrency: int,
                        min_turns: int, label: str) -> Run:
    run = Run(label, concurrency)
    cycle = itertools.cycle(scripts)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        async def worker() -> None:
            while len(run.latencies) + sum(run.errors.values()) < min_turns:
                await play(session, url, token, next(cycle), run)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        run.seconds = time.perf_counter() - started
    return run


async def parses(url: str, token: str, texts: Sequence[str], concurrency: int, count: int, label: str) -> Run:
    """Bare NLU: POST /model/parse, no tracker, no policies, no action server."""
    run = Run(label, concurrency)
    cycle = itertools.cycle(texts)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        async def worker() -> None:
            while len(run.latencies) + sum(run.errors.values()) < count:
                started = time.perf_counter()
                try:
                    async with session.post(f"{url}/model/parse", params={"token": token},
                                            json={"text": next(cycle)}) as resp:
                        await resp.read()
                        ok = resp.status == 200
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    run.error("transport")
                    continue
                if not ok:
                    run.error("http_status")
                    continue
                run.latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        run.seconds = time.perf_counter() - started
    return run


async def one_conversation(url: str, token: str, script: Script, label: str) -> Run:
    """One patient through a (long) script, in order; latencies per turn in `run.latencies`."""
    run = Run(label, 1)
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        started = time.perf_counter()
        await play(session, url, token, script, run)
        run.seconds = time.perf_counter() - started
    return run


def all_texts(scripts: Sequence[Script]) -> List[str]:
    return [text for script in scripts for text in script.messages]
