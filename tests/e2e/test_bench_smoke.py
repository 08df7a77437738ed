"""`make bench` in its smoke mode: the machinery runs end to end and writes its JSON.
No figure is judged here (timings are the benchmark's business, not a test's)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.e2e.bot_servers import MODEL, ROOT

pytestmark = pytest.mark.e2e


def test_the_benchmark_smoke_run_measures_every_part_and_writes_json(tmp_path):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first", pytrace=False)
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--out", str(tmp_path)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "BENCH_SMOKE": "1"},
        capture_output=True, text=True, timeout=1500,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "latest-smoke.json").read_text())
    assert report["smoke"] is True
    runs = {(r["label"], r["concurrency"]): r for r in report["bot"]["runs"]}
    assert set(runs) == {("parse", 1), ("parse", 16), ("triage", 1), ("triage", 16)}
    for run in runs.values():
        assert run["count"] > 0
        assert run["errors"] == 0, run["error_kinds"]  # every simulated triage got its outcome
    assert report["bot"]["long"]["errors"] == 0
    assert {row["turn"] for row in report["bot"]["census"]} >= {"greeting", "triage answer"}
    assert report["bot"]["rss_peak_mb"]["rasa"] > 0
    assert {(r["label"], r["concurrency"]) for r in report["stock"]["runs"]} == \
        {("stock parse", 1), ("stock parse", 16), ("stock turn", 1), ("stock turn", 16)}
    assert [t["target"] for t in report["targets"]][:2] == [
        "full-turn p95 / parse p95 (c=1)", "full-turn /s / parse /s (c=16)"]
    assert "targets (ratios measured in this run)" in done.stdout
    # the stock-bot ratio's ceiling: our parse rate over the stock bot's turn rate, this run
    parse16 = runs[("parse", 16)]["per_second"]
    stock16 = next(r for r in report["stock"]["runs"] if r["label"] == "stock turn" and r["concurrency"] == 16)
    assert report["ceiling"] == round(parse16 / stock16["per_second"], 3)
    assert "ceiling of the stock-bot ratio" in done.stdout
