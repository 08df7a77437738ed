"""The benchmark's figures: printed lines, the targets as ratios, and the JSON file."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

RASA_RSS_LIMIT_MB = 1200
TRAIN_LIMIT_S = 180


def slope(x: Sequence[float], y: Sequence[float]) -> float:
    """Least-squares slope of y against x."""
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    var = sum((a - mx) ** 2 for a in x)
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / var if var else 0.0


def print_header(report: dict) -> None:
    train = report.get("train") or {}
    print(f"bench {report['started']}  cpus={report['cpus']}  load average at start={report['load_at_start']}"
          + ("  SMOKE (figures mean nothing)" if report["smoke"] else ""))
    if train:
        print(f"make train: {train.get('train_seconds')} s (load average before it: {train.get('load_before')})")


def print_run(f: dict) -> None:
    errors = f"errors={f['errors']}" + (f" {f['error_kinds']}" if f["errors"] else "")
    print(f"{f['label']:<12} c={f['concurrency']:<3} n={f['count']:<5} p50={f['p50_ms']:7.1f}  p95={f['p95_ms']:7.1f}  "
          f"p99={f['p99_ms']:7.1f} ms  {f['per_second']:6.1f}/s  {errors}  (load {f['load_before']}->{f['load_after']})")


def print_long(f: dict) -> None:
    print(f"long conversation, {f['messages']} messages: p95 of the last {f['late']['count']} turns "
          f"{f['late']['p95_ms']:.1f} ms, the same turns after a fresh 5-message triage p95 {f['fresh']['p95_ms']:.1f} ms, "
          f"slope {f['slope_ms_per_message']} ms per earlier message, errors={f['errors']}")


def _run(section: Optional[dict], label: str, concurrency: int) -> Optional[dict]:
    for run in (section or {}).get("runs", []):
        if run["label"] == label and run["concurrency"] == concurrency:
            return run
    return None


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return round(a / b, 3) if a is not None and b else None


def targets(report: dict) -> List[Dict[str, object]]:
    bot, stock = report.get("bot"), report.get("stock")
    turn1, parse1 = _run(bot, "triage", 1), _run(bot, "parse", 1)
    turn16, parse16 = _run(bot, "triage", 16), _run(bot, "parse", 16)
    turn64, stock16 = _run(bot, "triage", 64), _run(stock, "stock turn", 16)
    long = (bot or {}).get("long") or {}
    rows = [
        ("full-turn p95 / parse p95 (c=1)", _ratio(turn1 and turn1["p95_ms"], parse1 and parse1["p95_ms"]), "<=", 2.0),
        ("full-turn /s / parse /s (c=16)", _ratio(turn16 and turn16["per_second"],
                                                 parse16 and parse16["per_second"]), ">=", 0.5),
        ("turns/s / stock bot's turns/s (c=16)", _ratio(turn16 and turn16["per_second"],
                                                         stock16 and stock16["per_second"]), ">=", 2.0),
        ("long-conversation p95 / fresh p95", _ratio(long.get("late", {}).get("p95_ms"),
                                                     long.get("fresh", {}).get("p95_ms")), "<=", 1.5),
        ("errors at c=64", turn64 and turn64["errors"], "<=", 0),
        ("Rasa peak RSS (MB)", (bot or {}).get("rss_peak_mb", {}).get("rasa"), "<=", RASA_RSS_LIMIT_MB),
        ("make train (s)", (report.get("train") or {}).get("train_seconds"), "<=", TRAIN_LIMIT_S),
    ]
    out = []
    for name, value, op, limit in rows:
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out.append({"target": name, "value": value, "limit": f"{op} {limit}", "met": met})
    return out


def ceiling(report: dict) -> Optional[float]:
    """The most the stock-bot ratio could be in this run: each turn parses its message once,
    in the same process, so turns/s cannot pass parses/s (c=16). A reading, not a target."""
    parse16, stock16 = _run(report.get("bot"), "parse", 16), _run(report.get("stock"), "stock turn", 16)
    return _ratio(parse16 and parse16["per_second"], stock16 and stock16["per_second"])


def print_summary(report: dict) -> None:
    for name in ("bot", "stock"):
        section = report.get(name)
        if not section:
            continue
        print(f"\n{name}: model {section.get('model_mb')} MB"
              + (f", trained in {section['train_s']} s" if "train_s" in section else "")
              + f"; RSS at rest {section.get('rss_rest_mb')} MB, peak {section.get('rss_peak_mb')} MB")
    for row in (report.get("bot") or {}).get("census", []):
        print(f"  action server calls, {row['turn']:<36} {row['calls']}  {row['actions']}")
    print("\ntargets (ratios measured in this run):")
    for row in report["targets"]:
        mark = {True: "met", False: "NOT met", None: "not measured"}[row["met"]]
        print(f"  {row['target']:<40} {str(row['value']):>10}  (target {row['limit']})  {mark}")
    if report.get("ceiling") is not None:
        print(f"  ceiling of the stock-bot ratio: our parses/s / stock turns/s (c=16) = {report['ceiling']}"
              " (a turn parses once: with no dialogue cost at all, the ratio could not pass this)")


def write(report: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%d-%H%M%S") + (f"-{report['label']}" if report.get("label") else "")
    if report.get("smoke"):
        name += "-smoke"
    path = folder / f"{name}.json"
    text = json.dumps(report, indent=1)
    path.write_text(text)
    (folder / ("latest-smoke.json" if report.get("smoke") else "latest.json")).write_text(text)
    return path
