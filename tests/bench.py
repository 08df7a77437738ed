"""`make bench`: latency and throughput of the live bot, and the servers' memory.

Starts the real Rasa server and action server (as the end-to-end tests do), plays
whole triage conversations over HTTP, sequentially and then with several patients at
once, and prints the figures. Nothing here asserts a time: it only measures.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.e2e.bot_servers import BotServers

CONVERSATION = ("hi", "none of those", "left side only", "yes, bending forward helps", "no", "how do I book?")


def play(servers: BotServers) -> list:
    sender = f"bench-{uuid.uuid4().hex[:10]}"
    latencies = []
    for text in CONVERSATION:
        t0 = time.perf_counter()
        servers.send(sender, text)
        latencies.append(time.perf_counter() - t0)
    return latencies


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def report(label: str, latencies: list, seconds: float) -> None:
    ms = [x * 1000 for x in latencies]
    print(f"{label:<28} turns={len(ms):4d}  p50={statistics.median(ms):6.0f} ms  p95={pct(ms, 0.95):6.0f} ms  "
          f"max={max(ms):6.0f} ms  throughput={len(ms) / seconds:6.1f} turns/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        servers = BotServers(Path(tmp))
        t0 = time.perf_counter()
        servers.start_actions()
        servers.start_rasa()
        print(f"start-up (action server + Rasa server with model): {time.perf_counter() - t0:.1f} s")
        try:
            play(servers)  # warm-up: first parse loads spaCy and TensorFlow graphs
            t0 = time.perf_counter()
            seq = [x for _ in range(args.conversations) for x in play(servers)]
            report("sequential, 1 patient", seq, time.perf_counter() - t0)
            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.parallel) as pool:
                par = [x for lat in pool.map(lambda _: play(servers), range(args.conversations)) for x in lat]
            report(f"parallel, {args.parallel} patients", par, time.perf_counter() - t0)
            print(f"memory (RSS): Rasa server {rss_mb(servers.rasa.pid):.0f} MB, "
                  f"action server {rss_mb(servers.actions.pid):.0f} MB")
        finally:
            servers.stop()


if __name__ == "__main__":
    main()
