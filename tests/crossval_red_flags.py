"""Cross-validated curve of the semantic red-flag reader, for picking its thresholds.

usage: python -m tests.crossval_red_flags [--folds 5] [--json results/crossval/red_flags.json]

Each description of the bank (data/red_flag_bank/ and the measured probe tables) is scored
by a model trained on the other folds, exactly as the Rasa component trains (bot/nlu/
semantic.py: MiniLM word-piece mean plus n-grams; everyday NLU examples as extra negatives).
For each threshold it prints, per flag, the recall of that flag's descriptions and, over the
negatives, how many would escalate; then the thresholds that `config.yml` should hold:
`low` the highest with recall >= 0.98 on every flag ("recall first"), `high` the lowest
where the negatives' false-alarm rate is at most 2% (a check question is asked between).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Dict, List

import numpy as np

from bot.nlu.semantic import FlagModel, load_bank
from bot.nlu.semantic_reader import everyday_examples
from bot.triage.red_flags import FLAGS

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
RECALL_FIRST = 0.98
FALSE_ALARMS = 0.02


def cross_validated_scores(folds: int) -> Dict[str, object]:
    from sklearn.model_selection import StratifiedKFold

    from bot.nlu.vector_cache import cached_vectors

    bank = load_bank()
    everyday = everyday_examples()
    texts = bank.texts + everyday
    labels = bank.labels + [set() for _ in everyday]
    kinds = bank.kinds + ["everyday"] * len(everyday)
    vectors = cached_vectors(texts)
    y = np.array([FLAGS.index(next(iter(lab))) + 1 if lab else 0 for lab in labels])
    probs = np.zeros((len(texts), len(FLAGS)))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=7).split(vectors, y):
        model = FlagModel().fit(vectors[train], [texts[i] for i in train], [labels[i] for i in train])
        probs[test] = model.probabilities(vectors[test], [texts[i] for i in test])
    return {"probs": probs, "labels": labels, "kinds": kinds}


def curve(scores: Dict[str, object]) -> List[Dict[str, object]]:
    probs, labels, kinds = scores["probs"], scores["labels"], scores["kinds"]
    negatives = [i for i, lab in enumerate(labels) if not lab]
    rows = []
    for t in THRESHOLDS:
        recall = {}
        for j, flag in enumerate(FLAGS):
            members = [i for i, lab in enumerate(labels) if flag in lab]
            recall[flag] = sum(probs[i, j] >= t for i in members) / len(members)
        alarms = [i for i in negatives if probs[i].max() >= t]
        rows.append({"threshold": t, "recall": recall, "false_alarm_rate": len(alarms) / len(negatives),
                     "false_alarms_by_kind": dict(Counter(kinds[i] for i in alarms))})
    return rows


def recommend(rows: List[Dict[str, object]]) -> Dict[str, float]:
    low = max((r["threshold"] for r in rows if min(r["recall"].values()) >= RECALL_FIRST), default=THRESHOLDS[0])
    high = min((r["threshold"] for r in rows if r["false_alarm_rate"] <= FALSE_ALARMS), default=THRESHOLDS[-1])
    return {"low": low, "high": max(high, low)}


def report(rows: List[Dict[str, object]]) -> str:
    lines = ["semantic red-flag reader, cross-validated (recall per flag; false alarms over all negatives)",
             "thr   " + " ".join(f"{f[:8]:>8}" for f in FLAGS) + "  false-alarms"]
    for r in rows:
        lines.append(f"{r['threshold']:.2f}  " + " ".join(f"{r['recall'][f]:8.3f}" for f in FLAGS)
                     + f"  {r['false_alarm_rate']:.3f} {r['false_alarms_by_kind']}")
    chosen = recommend(rows)
    lines.append(f"recommended: low {chosen['low']} (every flag's recall >= {RECALL_FIRST}), "
                 f"high {chosen['high']} (false alarms <= {FALSE_ALARMS:.0%})")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rows = curve(cross_validated_scores(args.folds))
    print(report(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"curve": rows, "recommended": recommend(rows)}, indent=2))


if __name__ == "__main__":
    main()
