"""Fitted scikit-learn models saved with skops, as Rasa's own SklearnIntentClassifier does:
unlike pickle, loading rebuilds only the types it is told to trust."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence


def dump(model: Any, path: Path) -> None:
    import skops.io

    skops.io.dump(model, path)


def load(path: Path, trusted_types: Sequence[str]) -> Any:
    """The model at `path`; besides scikit-learn's own, only `trusted_types` are rebuilt."""
    import skops.io

    trusted = [t for t in skops.io.get_untrusted_types(file=path) if t in trusted_types]
    return skops.io.load(path, trusted=trusted)
