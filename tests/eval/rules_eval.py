"""Recall and false positives of the rule reader alone (bot.nlu.clinical.red_flags_in).

usage: python -m tests.eval.rules_eval [--save FILE.json] [--against FILE.json] [--failures]

Tables: our probes, every blind round, the shared external round 1 if present, and the red
flag bank (data/red_flag_bank/<flag>.yml positives; negatives_*.yml negatives). For each
table: recall (expected flags found / expected) and false positives (negative texts where the
rules report any flag). --save writes every text's result; --against compares with a saved
run and lists each expected flag found then and missed now (a lost flag), and each negative
that is newly or no longer flagged. No model, no Rasa: a few seconds on one core.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from bot.nlu.clinical import red_flags_in
from bot.triage.red_flags import FLAGS

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "eval" / "external_round1_probes.yml"
BANK = ROOT / "data" / "red_flag_bank"
Row = Dict[str, object]


def probe_tables() -> List[Path]:
    tables = [ROOT / "tests/eval/probes.yml", *sorted(ROOT.glob("tests/eval/blind/round-*/*_probes.yml"))]
    return tables + ([SHARED] if SHARED.exists() else [])


def _rows(table: str, items: Sequence[tuple]) -> List[Row]:
    return [{"table": table, "text": text, "expected": sorted(expected), "got": red_flags_in(text)}
            for text, expected in items]


def load_rows() -> List[Row]:
    rows: List[Row] = []
    for path in probe_tables():
        probes = yaml.safe_load(path.read_text(encoding="utf-8"))["probes"]
        rows += _rows(path.name, [(p["text"], p.get("expect_red_flags") or []) for p in probes])
    positives, negatives = [], []
    for flag in sorted(FLAGS):
        path = BANK / f"{flag}.yml"
        if path.exists():
            positives += [(t, [flag]) for t in yaml.safe_load(path.read_text(encoding="utf-8"))["positives"]]
    for path in sorted(BANK.glob("negatives_*.yml")):
        negatives += [(n["text"], []) for n in yaml.safe_load(path.read_text(encoding="utf-8"))["negatives"]]
    return rows + _rows("bank positives", positives) + _rows("bank negatives", negatives)


def summary(rows: List[Row]) -> str:
    lines = []
    for table in dict.fromkeys(str(r["table"]) for r in rows):
        mine = [r for r in rows if r["table"] == table]
        found = sum(len(set(r["expected"]) & set(r["got"])) for r in mine)  # type: ignore[arg-type]
        total = sum(len(r["expected"]) for r in mine)  # type: ignore[arg-type]
        negatives = [r for r in mine if not r["expected"]]
        fps = sum(bool(r["got"]) for r in negatives)
        lines.append(f"{table:30} recall {found:4}/{total:<4} {found / max(total, 1):.3f}   "
                     f"false positives {fps:3}/{len(negatives)}")
    return "\n".join(lines)


def compare(rows: List[Row], before: List[Row]) -> str:
    old = {(str(r["table"]), str(r["text"])): r for r in before}
    lost, new_fp, fixed_fp = [], [], []
    for r in rows:
        b = old.get((str(r["table"]), str(r["text"])))
        if b is None:
            continue
        expected = set(r["expected"])  # type: ignore[arg-type]
        for flag in sorted(expected & set(b["got"]) - set(r["got"])):  # type: ignore[arg-type]
            lost.append(f"  LOST {flag:20} [{r['table']}] {r['text']}")
        if not expected and r["got"] and not b["got"]:
            new_fp.append(f"  NEW FP {r['got']} [{r['table']}] {r['text']}")
        if not expected and b["got"] and not r["got"]:
            fixed_fp.append(f"  fixed FP {b['got']} [{r['table']}] {r['text']}")
    return "\n".join([f"lost expected flags: {len(lost)}", *lost, f"new false positives: {len(new_fp)}",
                      *new_fp, f"false positives fixed: {len(fixed_fp)}", *fixed_fp])


def failures(rows: List[Row]) -> str:
    out = []
    for r in rows:
        missed = sorted(set(r["expected"]) - set(r["got"]))  # type: ignore[arg-type]
        if missed or (not r["expected"] and r["got"]):
            out.append(f"  [{r['table']}] expected {r['expected']} got {r['got']}: {r['text']}")
    return "\n".join(out)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write every text's result to this JSON file")
    parser.add_argument("--against", type=Path, help="compare with a run saved by --save")
    parser.add_argument("--failures", action="store_true", help="list every miss and false positive")
    args = parser.parse_args(argv)
    rows = load_rows()
    print(summary(rows))
    if args.failures:
        print(failures(rows))
    if args.against:
        print(compare(rows, json.loads(args.against.read_text(encoding="utf-8"))))
    if args.save:
        args.save.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
