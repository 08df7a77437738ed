"""Every setting the project reads, in one place, from the environment.

Functions, not constants, so tests can change the environment and so nothing is
read or created at import time.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    """Folder for local data (SQLite file, outbox, install secret); created on demand."""
    path = Path(os.environ.get("BOT_VAR_DIR", ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """Where assessments and Rasa's tracker store live (CONTRACT.md: DATABASE_URL)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or f"sqlite:///{var_dir() / 'bot.db'}"


def rasa_port() -> int:
    return int(os.environ.get("RASA_PORT", "5005"))


def actions_port() -> int:
    return int(os.environ.get("ACTIONS_PORT", "5055"))


def web_port() -> int:
    return int(os.environ.get("WEB_PORT", "8080"))


def model_path() -> Path:
    """The trained model the Rasa server loads (`make train` writes it)."""
    return Path(os.environ.get("BOT_MODEL", ROOT / "models" / "current.tar.gz"))


def cors_origins() -> list[str]:
    """Origins whose pages may call the Rasa server from a browser (CONTRACT.md: CORS_ORIGINS)."""
    given = os.environ.get("CORS_ORIGINS", "")
    origins = [o.strip().rstrip("/") for o in given.split(",") if o.strip()]
    return origins or [f"http://localhost:{web_port()}"]


def bot_api_token() -> str | None:
    return os.environ.get("BOT_API_TOKEN") or None


def cpu_threads() -> int:
    """Threads each server process gives NumPy/BLAS and TensorFlow (BOT_CPU_THREADS, default 1):
    one per process, so several processes share the cores instead of fighting for them."""
    return max(1, int(os.environ.get("BOT_CPU_THREADS", "1")))


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or None


def hash_secret() -> str | None:
    """Secret for hashing channel identifiers (BOT_HASH_SECRET); None when unset."""
    return os.environ.get("BOT_HASH_SECRET") or None


def outbox_dir() -> Path:
    """Folder where assessments wait while the database is unreachable."""
    path = var_dir() / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path
