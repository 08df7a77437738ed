"""Red-flag recall and specificity of the trained model's NLU on probe tables, offline.

usage: python -m tests.eval.reader_eval [TABLE.yml ...] [--model models/current.tar.gz] [--failures]

Each probe's text is parsed by the whole NLU pipeline of the trained model (classifier,
semantic reader, rules), as the bot's first message is; the red flags it reports are the
`red_flag` entities of a `report_red_flag` parse. A parse that would ask one targeted
question (`hint_red_flag` with `possible_red_flag`) counts as a miss for a positive probe and
as clean for a negative one, as run_eval.py scores a first message by the red_flags slot.
Without tables: our probes, every blind round, and the shared external round 1 if present.
"""
from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from pathlib import Path
from typing import Dict, List, Sequence, Set

import yaml

from bot.triage.red_flags import FLAGS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TABLES = ["tests/eval/probes.yml", *sorted(str(p.relative_to(ROOT)) for p in
                                                   ROOT.glob("tests/eval/blind/round-*/*_probes.yml"))]
SHARED = ROOT.parent / "shared" / "eval" / "external_round1_probes.yml"


def flags_of(parse: Dict) -> Set[str]:
    if (parse.get("intent") or {}).get("name") != "report_red_flag":
        return set()
    return {e["value"] for e in parse.get("entities") or [] if e.get("entity") == "red_flag"}


def evaluate(parser, tables: Sequence[Path]) -> List[Dict]:
    results = []
    for table in tables:
        probes = yaml.safe_load(table.read_text(encoding="utf-8"))["probes"]
        for probe in probes:
            parse = asyncio.run(parser(probe["text"]))
            results.append({"table": table.name, "id": probe["id"], "text": probe["text"],
                            "expected": set(probe.get("expect_red_flags") or []), "got": flags_of(parse),
                            "intent": (parse.get("intent") or {}).get("name")})
    return results


def summary(results: List[Dict]) -> str:
    lines = []
    for table in dict.fromkeys(r["table"] for r in results):
        rows = [r for r in results if r["table"] == table]
        hits = sum(len(r["expected"] & r["got"]) for r in rows)
        total = sum(len(r["expected"]) for r in rows)
        negatives = [r for r in rows if not r["expected"]]
        clean = sum(not r["got"] for r in negatives)
        asked = sum(r["intent"] == "hint_red_flag" for r in rows)
        lines.append(f"{table:32} recall {hits}/{total} {hits / max(total, 1):.3f}   specificity "
                     f"{clean}/{len(negatives)} {clean / max(len(negatives), 1):.3f}   checks asked {asked}")
    per_flag = Counter()
    seen = Counter()
    for r in results:
        for flag in r["expected"]:
            seen[flag] += 1
            per_flag[flag] += flag in r["got"]
    lines.append("per flag: " + ", ".join(f"{f} {per_flag[f]}/{seen[f]}" for f in FLAGS if seen[f]))
    return "\n".join(lines)


def failures(results: List[Dict]) -> str:
    return "\n".join(f"{r['table']}:{r['id']}: expected {sorted(r['expected'])} got {sorted(r['got'])} "
                     f"({r['intent']}): {r['text']}" for r in results if r["expected"] != r["got"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tables", nargs="*")
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    tables = [Path(t) for t in args.tables] or [ROOT / t for t in DEFAULT_TABLES] + ([SHARED] if SHARED.exists() else [])
    import logging

    import structlog
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(args.model)
    results = evaluate(agent.parse_message, tables)
    print(summary(results))
    if args.failures:
        print(failures(results))


if __name__ == "__main__":
    main()
