"""A Markdown table of several `make bench` JSON files, one column each (the README's table).

    python -m tests.bench.table var/bench/A.json var/bench/B.json ...
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, List, Optional

from tests.bench.output import _run


def _fmt(value, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _get(report: dict, section: str, label: str, c: int, key: str) -> Optional[float]:
    run = _run(report.get(section), label, c)
    return run[key] if run else None


ROWS: List[tuple] = [
    ("parse p50 / p95, c=1 (ms)", lambda r: f"{_fmt(_get(r, 'bot', 'parse', 1, 'p50_ms'))} / "
                                            f"{_fmt(_get(r, 'bot', 'parse', 1, 'p95_ms'))}"),
    ("parses/s, c=16", lambda r: _fmt(_get(r, "bot", "parse", 16, "per_second"), 1)),
    ("full turn p50 / p95, c=1 (ms)", lambda r: f"{_fmt(_get(r, 'bot', 'triage', 1, 'p50_ms'))} / "
                                                f"{_fmt(_get(r, 'bot', 'triage', 1, 'p95_ms'))}"),
    ("turns/s, c=1 / 16 / 64", lambda r: " / ".join(_fmt(_get(r, "bot", "triage", c, "per_second"), 1)
                                                     for c in (1, 16, 64))),
    ("turn p95 at c=16 / 64 (ms)", lambda r: " / ".join(_fmt(_get(r, "bot", "triage", c, "p95_ms"))
                                                         for c in (16, 64))),
    ("errors at c=1 / 16 / 64", lambda r: " / ".join(_fmt(_get(r, "bot", "triage", c, "errors"))
                                                      for c in (1, 16, 64))),
    ("turn cost per earlier message (ms)", lambda r: _fmt((r["bot"].get("long") or {}).get("slope_ms_per_message"), 2)),
    ("Rasa RSS at rest / peak (MB)", lambda r: f"{_fmt(r['bot'].get('rss_rest_mb', {}).get('rasa'))} / "
                                               f"{_fmt(r['bot'].get('rss_peak_mb', {}).get('rasa'))}"),
    ("stock bot: parses/s, turns/s (c=16)", lambda r: f"{_fmt(_get(r, 'stock', 'stock parse', 16, 'per_second'), 1)}, "
                                                      f"{_fmt(_get(r, 'stock', 'stock turn', 16, 'per_second'), 1)}"),
    ("load average during the run", lambda r: f"{r['load_at_start']} -> {r['load_at_end']}"),
]


def table(paths: List[Path]) -> str:
    reports = [json.loads(p.read_text()) for p in paths]
    lines = ["| figure | " + " | ".join(r.get("label") or p.stem for r, p in zip(reports, paths)) + " |",
             "|---|" + "---|" * len(reports)]
    for name, get in ROWS:
        lines.append(f"| {name} | " + " | ".join(_safe(get, r) for r in reports) + " |")
    for index, target in enumerate(reports[0]["targets"]):
        cells = []
        for r in reports:
            row = r["targets"][index]
            cells.append(f"{_fmt(row['value'], 2)}" + {True: " ✓", False: " ✗", None: ""}[row["met"]])
        lines.append(f"| target: {target['target']} ({target['limit']}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _safe(get: Callable, report: dict) -> str:
    try:
        return get(report)
    except (KeyError, TypeError):
        return "-"


if __name__ == "__main__":
    print(table([Path(p) for p in sys.argv[1:]]))
