"""The semantic red-flag reader: one logistic regression per flag over MiniLM sentence vectors.

Plain Python (NumPy, scikit-learn; no Rasa). The rule reader (bot.nlu.clinical) catches the
classic, explicit phrasings; this reader catches paraphrases ("my trousers keep falling down
and I eat the same"), trained on a bank of descriptions in patients' own words and hard
negatives (data/red_flag_bank/). A long message is read whole and clause by clause, so a flag
buried in a story is not averaged away.

Scores are probabilities per flag. What they lead to (escalate, ask, ignore) is decided with
the thresholds in `Thresholds`, picked from cross-validation (`make crossval`).
"""
from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np
import numpy.typing as npt
import yaml

from bot.nlu.minilm import vector_size
from bot.triage.red_flags import FLAGS

ROOT = Path(__file__).resolve().parents[2]
BANK_DIR = ROOT / "data" / "red_flag_bank"
# First messages whose flags are labelled in the run_eval.py format join the training data
# once their round has been measured (tests/eval/blind/round-N.md): our own probes and every
# measured blind round. A probe with two flags is left out (a clause reports one).
PROBE_TABLES = ("tests/eval/probes.yml", "tests/eval/blind/round-*/*_probes.yml")
SEMANTIC_KEY = "semantic_red_flags"  # where the Rasa component leaves its reading on a message
Span = Tuple[int, int]

# A clause ends at a sentence end, a line break or a semicolon, and before words that
# start a new thought ("but", "also", "and then"); short pieces stay with their neighbour.
_HARD_BREAK = re.compile(r"[.!?;\n]+|\s[-–—]\s")
_SOFT_BREAK = re.compile(r",?\s+(?:but|although|though|whereas|also|plus|and|as well as|on top of that|"
                         r"because|cause|cos|coz|since|so|which|while|whilst)\s+|,\s+", re.IGNORECASE)
MIN_CLAUSE_WORDS = 3
MAX_CLAUSES = 8


@dataclass(frozen=True)
class Bank:
    texts: List[str]
    labels: List[Set[str]]  # the flags each text reports; empty for a negative
    kinds: List[str]        # "positive", or the negative's kind (negated, worry, ...)


def bank_files(folder: Path = BANK_DIR) -> List[Path]:
    """The bank's own files and the measured probe tables, in a fixed order."""
    probes = sorted(p for pattern in PROBE_TABLES for p in ROOT.glob(pattern))
    return sorted(folder.glob("*.yml")) + probes


def load_bank(folder: Path = BANK_DIR) -> Bank:
    """Every description: the bank's `<flag>.yml` positives and `negatives_*.yml`, and the
    single-flag and no-flag probes of the measured probe tables."""
    texts: List[str] = []
    labels: List[Set[str]] = []
    kinds: List[str] = []
    for path in bank_files(folder):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "flag" in data:
            if data["flag"] not in FLAGS:
                raise ValueError(f"{path.name}: unknown flag {data['flag']!r}")
            for text in data.get("positives") or []:
                texts.append(str(text))
                labels.append({data["flag"]})
                kinds.append("positive")
        for item in data.get("negatives") or []:
            texts.append(str(item["text"]))
            labels.append(set())
            kinds.append(str(item.get("kind", "negative")))
        for probe in data.get("probes") or []:
            flags = set(probe.get("expect_red_flags") or [])
            if len(flags) <= 1 and flags <= set(FLAGS):
                texts.append(str(probe["text"]))
                labels.append(flags)
                kinds.append("probe_positive" if flags else "probe_negative")
    return Bank(texts, labels, kinds)


def bank_fingerprint(folder: Path = BANK_DIR) -> str:
    """Changes whenever a bank file changes (Rasa retrains the reader then)."""
    digest = hashlib.sha256()
    for path in bank_files(folder):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def clause_spans(text: str) -> List[Span]:
    """Character spans of the message's clauses (the whole message when it is one)."""
    pieces: List[Span] = []
    for start, end in _split(text, _HARD_BREAK, [(0, len(text))]):
        pieces += _split(text, _SOFT_BREAK, [(start, end)])
    spans = [s for s in (_strip(text, p) for p in pieces) if s is not None]
    merged: List[Span] = []
    for span in spans:
        if merged and (_words(text, span) < MIN_CLAUSE_WORDS or _words(text, merged[-1]) < MIN_CLAUSE_WORDS):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged[:MAX_CLAUSES] or [(0, len(text))]


def _split(text: str, pattern: re.Pattern[str], spans: Iterable[Span]) -> List[Span]:
    out: List[Span] = []
    for start, end in spans:
        cursor = start
        for match in pattern.finditer(text, start, end):
            out.append((cursor, match.start()))
            cursor = match.end()
        out.append((cursor, end))
    return out


def _strip(text: str, span: Span) -> Optional[Span]:
    start, end = span
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if end > start else None


def _words(text: str, span: Span) -> int:
    return len(text[span[0]:span[1]].split())


def pooled(pieces: npt.NDArray[np.float32], piece_spans: Sequence[Span],
           span: Optional[Span] = None) -> npt.NDArray[np.float32]:
    """Unit-length mean of the word-piece vectors inside `span` (all of them when None).

    One encoding of the whole message serves every clause: a clause's vector is its own
    pieces' mean, read in the context of the message, at no extra cost."""
    inside = [i for i, (start, end) in enumerate(piece_spans)
              if span is None or (start >= span[0] and end <= span[1])]
    vector = pieces[inside or list(range(len(piece_spans)))].mean(axis=0) if len(piece_spans) else \
        np.zeros(pieces.shape[1] if pieces.ndim == 2 else vector_size(), dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def reading_spans(text: str) -> List[Span]:
    """The spans a message is scored on: each clause, and the whole message when it has several."""
    spans = clause_spans(text)
    return spans + [(0, len(text))] if len(spans) > 1 else spans


class FlagModel:
    """Logistic regression over the sentence vector and word and character n-grams.

    The vector carries meaning ("my trousers keep falling down" is near weight loss); the
    n-grams carry the small words that turn it round ("my wife's", "should I", "no"), which
    sentence vectors blur. Classes: no flag, and each flag (a clause reports one at most).
    """

    # L-BFGS stops after this many steps, not at full convergence (about 175 steps, by then
    # moving no probability by more than 0.006): the fit takes 40% less time, and on held-out
    # blind round 27 no verdict changes at either threshold (tests/eval/blind/round-27.md).
    MAX_ITER = 100

    def __init__(self, dense_weight: float = 1.5, c: float = 10.0) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.dense_weight = dense_weight
        self.words = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
        self.classifier = LogisticRegression(C=c, max_iter=self.MAX_ITER)

    def _inputs(self, vectors: npt.NDArray[np.floating[Any]], texts: Sequence[str], fit: bool = False) -> Any:
        import scipy.sparse

        lower = [t.lower() for t in texts]
        words = self.words.fit_transform(lower) if fit else self.words.transform(lower)
        chars = self.chars.fit_transform(lower) if fit else self.chars.transform(lower)
        dense = scipy.sparse.csr_matrix(np.asarray(vectors, dtype=np.float64) * self.dense_weight)
        return scipy.sparse.hstack([dense, words, chars]).tocsr()

    def fit(self, vectors: npt.NDArray[np.floating[Any]], texts: Sequence[str],
            labels: Sequence[Set[str]]) -> "FlagModel":
        from sklearn.exceptions import ConvergenceWarning

        y = [FLAGS.index(next(iter(lab))) + 1 if lab else 0 for lab in labels]
        with warnings.catch_warnings():  # stopping at MAX_ITER is the choice above
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.classifier.fit(self._inputs(vectors, texts, fit=True), y)
        self.forget_dropped_ngrams()
        return self

    def forget_dropped_ngrams(self) -> None:
        """The vectorizers keep every n-gram they dropped (`stop_words_`, for introspection
        only: scikit-learn's docs say it may be removed); the char one holds several hundred
        thousand. Transforming does not read it."""
        for vectorizer in (self.words, self.chars):
            vectorizer.stop_words_ = None

    def probabilities(self, vectors: npt.NDArray[np.floating[Any]], texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """(n, n_flags) probabilities for n clauses (their vectors and texts)."""
        probs = self.classifier.predict_proba(self._inputs(vectors, texts))
        out = np.zeros((len(texts), len(FLAGS)))
        for column, label in enumerate(self.classifier.classes_):
            if label:
                out[:, int(label) - 1] = probs[:, column]
        return out


@dataclass(frozen=True)
class Thresholds:
    high: float  # at or above: the reader escalates on its own
    low: float   # at or above (below high): one targeted yes/no is asked
    # At or above: the score counts even where the rules read the flag ruled out in that clause
    # ("Namaste, without any effort I have lost 8 kilograms" read as negated by "without").
    override: float = 0.97
    # Below, in every clause: a flag only the rules read is checked with the patient, not
    # escalated ("the fall colours were lovely"). Both picked on blind round 28, held out.
    doubt: float = 0.02


@dataclass(frozen=True)
class ClauseScores:
    span: Span
    scores: Dict[str, float]


@dataclass(frozen=True)
class SemanticReading:
    """What the semantic reader saw in one message: scores per clause (the whole message is
    one of them), and the thresholds that turn them into a verdict."""

    clauses: Tuple[ClauseScores, ...]
    thresholds: Thresholds

    def verdict(self, ruled_out: Callable[[str, Span], bool],
                firmly_ruled_out: Callable[[str, Span], bool] = lambda flag, span: False,
                ) -> Tuple[List[str], Optional[str]]:
        """Flags sure enough to escalate, and the one flag worth asking about (or None).

        `ruled_out(flag, span)` says the rule reader found that flag negated, someone
        else's, asked about, long past or intended in that span: the score does not count,
        unless it reaches the override threshold and the flag is not `firmly_ruled_out`
        there (someone else's).
        """
        sure: Set[str] = set()
        best: Tuple[float, Optional[str]] = (0.0, None)
        for clause in self.clauses:
            for flag, score in clause.scores.items():
                if score < self.thresholds.low or (
                        (score < self.thresholds.override or firmly_ruled_out(flag, clause.span))
                        and ruled_out(flag, clause.span)):
                    continue
                if score >= self.thresholds.high:
                    sure.add(flag)
                elif score > best[0]:
                    best = (score, flag)
        possible = best[1] if best[1] not in sure else None
        return sorted(sure), possible if not sure else None

    def doubts(self, flag: str) -> bool:
        """Does every clause score `flag` below the doubt threshold (and was anything scored)?"""
        return bool(self.clauses) and all(c.scores.get(flag, 0.0) < self.thresholds.doubt for c in self.clauses)
