"""Print the figures of `rasa test nlu --cross-validation` (make crossval) in a few lines.

usage: python -m tests.crossval_summary results/crossval
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def summary(folder: Path, confusions: int = 10) -> str:
    intents = json.loads((folder / "intent_report.json").read_text())
    responses = json.loads((folder / "response_selection_report.json").read_text())
    errors = json.loads((folder / "intent_errors.json").read_text())
    pairs = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    lines = [
        f"intent: weighted F1 {intents['weighted avg']['f1-score']:.3f}, accuracy {intents['accuracy']:.3f}, "
        f"{intents['weighted avg']['support']} examples",
        f"FAQ response selection: weighted F1 {responses['weighted avg']['f1-score']:.3f}, "
        f"accuracy {responses['accuracy']:.3f}",
        "most frequent intent confusions (true -> predicted):",
    ]
    lines += [f"  {n:3d}  {true} -> {predicted}" for (true, predicted), n in pairs.most_common(confusions)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1] if len(sys.argv) > 1 else "results/crossval")))
