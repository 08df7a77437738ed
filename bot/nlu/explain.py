"""Why the bot read a message as it did: `make explain TEXT="..."`.

For a clinician reviewing a decision, or an engineer chasing a miss. It prints, for one
message read as a first message by the trained model (models/current.tar.gz):
- the rule reader: each pattern that matched, its words, and the contexts that fired
  (negated, someone else's, asked about, long past, mild, intended);
- the semantic reader: each clause's scores per flag, the thresholds, which scores the
  rules vetoed, and the bank's nearest descriptions to the message (cosine of MiniLM vectors);
- what the bot does with it: the intent and the red flags of the final parse.

The bank's vectors come from var/vectors/, the cache `make train` fills (bot/nlu/vector_cache.py).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np
import numpy.typing as npt

from bot.nlu import clinical
from bot.nlu.minilm import vector_size
from bot.nlu.semantic import SEMANTIC_KEY, Bank, SemanticReading, load_bank, pooled

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"
TOP_SCORES = 3
NEIGHBOURS = 5
FloatArray = npt.NDArray[np.float32]


def rule_lines(text: str, analysis: clinical.Analysis) -> List[str]:
    if not analysis.mentions:
        return ["  no pattern matched"]
    lines = []
    for m in analysis.mentions:
        contexts = ", ".join(sorted(m.contexts)) or "none"
        lines.append(f"  {m.group}:{m.value:<12} {text[m.start_char:m.end_char]!r:40} "
                     f"contexts: {contexts}")
    found = sorted({str(f.value) for f in analysis.findings if f.entity == clinical.RED_FLAG})
    lines.append(f"  red flags the rules report: {', '.join(found) or 'none'}")
    return lines


def semantic_lines(text: str, reading: Any, analysis: clinical.Analysis) -> List[str]:
    if not isinstance(reading, SemanticReading):
        return ["  no semantic reading (empty message, or the model has no semantic reader)"]
    t = reading.thresholds
    lines = [f"  thresholds: escalate at {t.high:.2f}, ask one check at {t.low:.2f}, outrank a rule "
             f"veto at {t.override:.2f}; a lone rule flag scored below {t.doubt:.2f} everywhere is checked"]
    for clause in reading.clauses:
        start, end = clause.span
        top = sorted(clause.scores.items(), key=lambda item: -item[1])[:TOP_SCORES]
        scored = []
        for flag, score in top:
            vetoed = t.low <= score < t.override and analysis.ruled_out(flag, clause.span)
            veto = " (vetoed by the rules)" if vetoed else ""
            scored.append(f"{flag} {score:.2f}{veto}")
        lines.append(f"  {text[start:end]!r}: " + "; ".join(scored))
    sure, possible = reading.verdict(analysis.ruled_out, analysis.firmly_ruled_out)
    lines.append(f"  semantic verdict: escalate {', '.join(sure) or 'nothing'}; "
                 f"ask about {possible or 'nothing'}")
    doubted = sorted(str(f.value) for f in analysis.findings
                     if f.entity == clinical.RED_FLAG and reading.doubts(str(f.value)))
    if doubted:
        lines.append(f"  the semantic reader doubts the rules' {', '.join(doubted)} (below {t.doubt:.2f} everywhere)")
    return lines


def bank_vectors(bank: Bank) -> FloatArray:
    """Unit vectors of every bank description (kept in var/vectors/ once computed)."""
    from bot.nlu.vector_cache import cached_vectors

    return cached_vectors(bank.texts)


def neighbour_lines(vector: FloatArray, bank: Bank, vectors: FloatArray) -> List[str]:
    similarity = vectors @ vector
    lines = []
    for index in np.argsort(-similarity)[:NEIGHBOURS]:
        label = ", ".join(sorted(bank.labels[index])) or f"no flag ({bank.kinds[index]})"
        lines.append(f"  {similarity[index]:.2f}  [{label}] {bank.texts[index]!r}")
    return lines


def parse_lines(parse: Dict[str, Any]) -> List[str]:
    intent = (parse.get("intent") or {}).get("name")
    flags = sorted({str(e["value"]) for e in parse.get("entities") or [] if e.get("entity") == "red_flag"})
    possible = [str(e["value"]) for e in parse.get("entities") or [] if e.get("entity") == "possible_red_flag"]
    lines = [f"  intent: {intent}", f"  red flags: {', '.join(flags) or 'none'}"]
    if possible:
        lines.append(f"  one check asked about: {', '.join(possible)}")
    return lines


@lru_cache(maxsize=1)
def _agent(model: str) -> Any:
    """The trained bot, loaded once per process (40-50 s) for every message explained."""
    from rasa.core.agent import Agent

    return Agent.load(model)


def read(text: str, model: Path) -> Tuple[Dict[str, Any], Any, FloatArray]:
    """(final parse, semantic reading, whole-message vector) of `text` as a first message."""
    from rasa.core.channels import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.sentence_featurizer import ENCODING_KEY

    processor = _agent(str(model)).processor
    tracker = DialogueStateTracker("explain", processor.domain.slots)
    parse = asyncio.run(processor.parse_message(UserMessage(text), tracker))
    target = processor.model_metadata.nlu_target
    messages: Sequence[Message] = processor.graph_runner.run(
        inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)], PLACEHOLDER_TRACKER: tracker}, targets=[target])[target]
    encoding = messages[0].get(ENCODING_KEY)
    vector = pooled(encoding.pieces, encoding.spans) if encoding is not None else np.zeros(vector_size(), np.float32)
    return parse, messages[0].get(SEMANTIC_KEY), vector


def explain(text: str, model: Path = MODEL, neighbours: bool = True) -> str:
    analysis = clinical.analyse_mentions(text)
    parse, reading, vector = read(text, model)
    out = [f"message: {text!r}", "", "rule reader (bot/nlu/patterns/):", *rule_lines(text, analysis),
           "", "semantic reader (data/red_flag_bank/):", *semantic_lines(text, reading, analysis)]
    if neighbours:
        bank = load_bank()
        out += ["  nearest descriptions in the bank:", *neighbour_lines(vector, bank, bank_vectors(bank))]
    out += ["", "what the bot does (final parse):", *parse_lines(parse)]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description="Why the bot read a message as it did.")
    parser.add_argument("texts", nargs="+", metavar="text", help="one or more messages, each explained alone")
    parser.add_argument("--model", default=str(MODEL))
    parser.add_argument("--no-neighbours", action="store_true", help="skip the bank's nearest descriptions")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    import structlog  # Rasa logs each parse at debug level through structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    if not all(text.strip() for text in args.texts):
        parser.error('give the message: make explain TEXT="..."')
    print("\n\n".join(explain(text, Path(args.model), neighbours=not args.no_neighbours) for text in args.texts))


if __name__ == "__main__":
    main()
