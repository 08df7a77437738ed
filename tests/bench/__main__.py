"""`make bench`: latency, throughput and memory of the live bot, against a stack it starts.

In one run: (a) the floor, bare /model/parse of the bot's own model; (b) whole simulated
triages over the REST webhook (form, action server, database write) at each concurrency;
(c) one long conversation, against the same turns at the start of a conversation;
(d) how many action server calls each kind of turn makes; (e) the stock `rasa init` bot with
one custom action, trained into a temp folder, measured the same way. It prints the
figures and the targets as ratios (a loaded machine slows both sides of a ratio alike) and
writes everything as JSON under var/bench/. It never asserts a time.

BENCH_SMOKE=1 (or --smoke): a few turns of each, the stock bot trained for one epoch: it
checks that the machinery works, and its figures mean nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from tests.bench import census, load, output, stock
from tests.bench.scripts import CYCLE, OPENING, STOCK, TRIAGES, Script, long_conversation
from tests.e2e.bot_servers import MODEL, ROOT, BotServers

TOKEN = "bench-token"


def arguments() -> argparse.Namespace:
    smoke = os.environ.get("BENCH_SMOKE", "") not in ("", "0")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", default=smoke)
    parser.add_argument("--turns", type=int, help="turns per concurrency (default 2000; smoke 20)")
    parser.add_argument("--parses", type=int, help="parses per concurrency (default 1000; smoke 10)")
    parser.add_argument("--long", type=int, help="messages in the long conversation (default 200; smoke 16)")
    parser.add_argument("--concurrency", help="levels, comma-separated (default 1,16,64; smoke 1,16)")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock bot")
    parser.add_argument("--no-census", action="store_true", help="skip counting action server calls")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (servers' logs)")
    parser.add_argument("--label", default="", help="a name for this run, kept in the JSON")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args()
    args.turns = args.turns or (20 if args.smoke else 2000)
    args.parses = args.parses or (10 if args.smoke else 1000)
    args.long = args.long or (16 if args.smoke else 200)
    args.levels = [int(c) for c in (args.concurrency or ("1,16" if args.smoke else "1,16,64")).split(",")]
    return args


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """VmRSS: resident now; VmHWM: the peak since the process started."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


def measure_bot(args, workdir: Path) -> Dict[str, object]:
    result: Dict[str, object] = {"model_mb": round(MODEL.stat().st_size / 2**20, 1)}
    # The 200-message conversation is one sender typing far faster than a person: lift the
    # per-sender limits (bot/channels/throttle.py) so that it measures turns, not the throttle.
    servers = BotServers(workdir / "bot", token=TOKEN,
                         env={"BOT_SENDER_BURST": "100000", "BOT_SENDER_PER_MINUTE": "100000"})
    servers.workdir.mkdir()
    started = time.perf_counter()
    servers.start()
    result["startup_s"] = round(time.perf_counter() - started, 1)
    runs: List[dict] = []
    try:
        for script in TRIAGES:  # warm-up: spaCy, TensorFlow graphs, database connections
            asyncio.run(load.one_conversation(servers.url, TOKEN, script, "warm-up"))
        result["rss_rest_mb"] = {"rasa": rss_mb(servers.rasa.pid), "actions": rss_mb(servers.actions.pid)}
        texts = load.all_texts(TRIAGES)
        for level in sorted({1, 16} & set(args.levels) or {1}):
            runs.append(_phase(load.parses(servers.url, TOKEN, texts, level, args.parses, "parse"), "parse"))
        for level in args.levels:
            runs.append(_phase(load.conversations(servers.url, TOKEN, TRIAGES, level, args.turns, "triage"),
                               "triage"))
        result["long"] = _long(servers, args)
        if not args.no_census:
            result["census"] = census.summary(census.count_calls(servers))
        result["rss_peak_mb"] = {"rasa": rss_mb(servers.rasa.pid, "VmHWM"),
                                 "actions": rss_mb(servers.actions.pid, "VmHWM")}
    finally:
        servers.stop()
    result["runs"] = runs
    return result


def _phase(coroutine, label: str) -> dict:
    before = loadavg()
    figures = asyncio.run(coroutine).figures()
    figures["load_before"], figures["load_after"] = before, loadavg()
    output.print_run(figures)
    return figures


def _long(servers: BotServers, args) -> Dict[str, object]:
    """Turn cost against conversation length: the cycle's turns late in one long conversation
    against the same turns right after a fresh 5-message triage."""
    fresh = load.Run("fresh", 1)

    async def short_ones() -> None:
        async with load.aiohttp.ClientSession(timeout=load.TIMEOUT) as session:
            for i in range(max(3, min(40, args.long // 5))):
                per_turn: List[float] = []
                script = Script("short", OPENING + (CYCLE[i % len(CYCLE)],), None)
                await load.play(session, servers.url, TOKEN, script, load.Run("ignored", 1), per_turn)
                if len(per_turn) == len(script.messages):
                    fresh.latencies.append(per_turn[-1])

    asyncio.run(short_ones())
    script = long_conversation(args.long)
    run = asyncio.run(load.one_conversation(servers.url, TOKEN, script, f"long ({args.long} messages)"))
    late = load.Run("late", 1, run.latencies[-min(50, len(run.latencies) // 4):])
    after = run.latencies[len(OPENING):]
    figures = {
        "messages": args.long,
        "errors": sum(run.errors.values()),
        "error_kinds": run.errors,
        "turn_ms": [round(x * 1000, 1) for x in run.latencies],
        "fresh": fresh.figures(),
        "late": late.figures(),
        "slope_ms_per_message": round(output.slope(list(range(len(OPENING), len(run.latencies))), after) * 1000, 3)
        if len(after) > 2 else None,
    }
    output.print_long(figures)
    return figures


def measure_stock(args, workdir: Path) -> Dict[str, object]:
    folder = stock.make_project(workdir / "stock", smoke=args.smoke)
    result: Dict[str, object] = {"train_s": round(stock.train(folder), 1)}
    result["model_mb"] = round((folder / "models" / "stock.tar.gz").stat().st_size / 2**20, 1)
    servers = stock.StockServers(folder, TOKEN)
    servers.start()
    runs: List[dict] = []
    try:
        asyncio.run(load.one_conversation(servers.url, TOKEN, STOCK, "warm-up"))
        result["rss_rest_mb"] = {"rasa": rss_mb(servers.rasa.pid), "actions": rss_mb(servers.actions.pid)}
        count = max(8, args.turns // 2)
        for level in (1, 16):
            runs.append(_phase(load.parses(servers.url, TOKEN, STOCK.messages, level, max(5, args.parses // 2),
                                           "stock parse"), "stock parse"))
            runs.append(_phase(load.conversations(servers.url, TOKEN, [STOCK], level, count, "stock turn"),
                               "stock turn"))
        result["rss_peak_mb"] = {"rasa": rss_mb(servers.rasa.pid, "VmHWM"),
                                 "actions": rss_mb(servers.actions.pid, "VmHWM")}
    finally:
        servers.stop()
    result["runs"] = runs
    return result


def training_record() -> Dict[str, object]:
    """What `make train` wrote beside the model: how long it took, and how loaded the machine was."""
    path = MODEL.with_name("current.train.json")
    return json.loads(path.read_text()) if path.exists() else {}


def main() -> None:
    args = arguments()
    if not MODEL.exists():
        raise SystemExit(f"no trained model at {MODEL}: run `make train` first")
    report: Dict[str, object] = {
        "label": args.label, "smoke": args.smoke, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "cpus": os.cpu_count(), "load_at_start": loadavg(), "train": training_record(),
    }
    output.print_header(report)
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        report["bot"] = measure_bot(args, tmp)
        if not args.no_stock:
            report["stock"] = measure_stock(args, tmp)
    finally:
        if args.keep:
            print(f"servers' logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report["load_at_end"] = loadavg()
    report["targets"] = output.targets(report)
    report["ceiling"] = output.ceiling(report)
    output.print_summary(report)
    path = output.write(report, args.out)
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
