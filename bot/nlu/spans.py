"""Plain helpers on (label, start, end) token spans and on mentions, for pipeline.py."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterator, List, Tuple

Match = Tuple[str, int, int]  # (label "group:value", start token, end token)


@dataclass(frozen=True)
class Mention:
    group: str                 # a flag name, or a slot: pain_side, forward_bend_relief, ...
    value: str                 # the pattern value: "flag", "left", "eases", "below_knee", ...
    start: int                 # token offsets
    end: int
    start_char: int
    end_char: int
    contexts: FrozenSet[str]   # context steps that fired: {"negated", "hypothetical", ...}
    next_tokens: Tuple[str, ...]  # lower-case words after the match in its sentence (max 3)


def pieces(text: str, size: int) -> Iterator[Tuple[int, str]]:
    """Long texts are read in pieces cut after a sentence end (or else at a space), so that
    the cost stays linear; patterns and negation never reach across a sentence anyway."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind(ch) for ch in ".!?\n")
        if cut < size // 4:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut >= size // 4 else size)
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def shift(m: Mention, offset: int) -> Mention:
    if not offset:
        return m
    return Mention(m.group, m.value, m.start, m.end, m.start_char + offset, m.end_char + offset,
                   m.contexts, m.next_tokens)


def resolve(matches: List[Match], block: str) -> List[Match]:
    """Per group: drop matches overlapping a block, then keep the longest of overlapping ones."""
    by_group: Dict[str, List[Match]] = {}
    for label, s, e in matches:
        by_group.setdefault(label.split(":", 1)[0], []).append((label, s, e))
    kept = []
    for items in by_group.values():
        blocks = [(s, e) for label, s, e in items if label.endswith(":" + block)]
        live = [m for m in items if not m[0].endswith(":" + block)
                and not any(m[1] < be and bs < m[2] for bs, be in blocks)]
        taken: List[Tuple[int, int]] = []
        for label, s, e in sorted(set(live), key=lambda m: (m[1] - m[2], m[1], m[0])):
            if not any(s < te and ts < e for ts, te in taken):
                taken.append((s, e))
                kept.append((label, s, e))
    return kept


def layers(spans: List[Match]) -> List[List[Match]]:
    """Splits spans into as few lists of non-overlapping spans as a greedy pass gives."""
    out: List[List[Match]] = []
    for span in sorted(spans, key=lambda m: (m[1], m[2])):
        for layer in out:
            if all(span[1] >= e or span[2] <= s for _, s, e in layer):
                layer.append(span)
                break
        else:
            out.append([span])
    return out
