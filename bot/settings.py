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


def rasa_public_url() -> str:
    """The Rasa server's address as a visitor's browser reaches it (RASA_PUBLIC_URL).

    The chat widget opens its Socket.IO connection here. Default: this machine's
    RASA_PORT, which is right for the demo page; behind a proxy or on another host,
    set it (e.g. https://bot.jjtherapy.example).
    """
    given = os.environ.get("RASA_PUBLIC_URL", "").strip().rstrip("/")
    return given or f"http://localhost:{rasa_port()}"


def socketio_jwt_secret() -> str | None:
    """SOCKETIO_JWT_SECRET: when set, the widget's Socket.IO connection needs a signed token.

    The page server (`make web`) issues one per visitor, bound to that visitor's session
    id; the Rasa server refuses a connection without a valid one. Unset: off.
    """
    return os.environ.get("SOCKETIO_JWT_SECRET") or None


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


# ---- messaging channels (CONTRACT.md): each is on only when all its settings are present

WHATSAPP_VARIABLES = (
    "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_API_BASE",
)
TWILIO_VARIABLES = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER", "PUBLIC_URL")
TWILIO_API_BASE_DEFAULT = "https://api.twilio.com"


def channel_settings(names: tuple[str, ...]) -> tuple[dict[str, str] | None, list[str]]:
    """(values by name, or None when any is missing; the names of the missing ones)."""
    values = {name: os.environ.get(name, "").strip() for name in names}
    missing = [name for name, value in values.items() if not value]
    return (None if missing else values), missing


def twilio_api_base() -> str:
    """Twilio's REST API base URL (TWILIO_API_BASE; tests point it at a local stand-in)."""
    return (os.environ.get("TWILIO_API_BASE", "").strip() or TWILIO_API_BASE_DEFAULT).rstrip("/")


# ---- limits on what one request or one sender may ask of the Rasa server (README "Security")

def _int_setting(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def max_body_bytes() -> int:
    """A webhook body larger than this is refused with 413 (BOT_MAX_BODY_BYTES, 64 kB)."""
    return _int_setting("BOT_MAX_BODY_BYTES", 64 * 1024)


def max_message_chars() -> int:
    """A message longer than this is not read; the patient is asked to shorten it
    (BOT_MAX_MESSAGE_CHARS, 2,000 characters)."""
    return _int_setting("BOT_MAX_MESSAGE_CHARS", 2000)


def sender_burst() -> int:
    """Messages one sender may send at once before being slowed down (BOT_SENDER_BURST)."""
    return _int_setting("BOT_SENDER_BURST", 20)


def sender_per_minute() -> int:
    """Messages per minute one sender may keep sending after the burst (BOT_SENDER_PER_MINUTE)."""
    return _int_setting("BOT_SENDER_PER_MINUTE", 60)


def sender_waiting() -> int:
    """Messages of one sender that may wait while one of theirs is being answered (BOT_SENDER_QUEUE)."""
    return _int_setting("BOT_SENDER_QUEUE", 2)


# ---- the action server (README "Security")

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def actions_host() -> str:
    """Interface the action server listens on (ACTIONS_HOST): loopback unless told otherwise."""
    return os.environ.get("ACTIONS_HOST", "").strip() or "127.0.0.1"


def actions_secret() -> str | None:
    """Shared secret the Rasa server sends and the action server requires (ACTIONS_SECRET)."""
    return os.environ.get("ACTIONS_SECRET", "").strip() or None


def outbox_retry_seconds() -> float:
    """How often the action server retries writing queued assessments (OUTBOX_RETRY_SECONDS)."""
    value = os.environ.get("OUTBOX_RETRY_SECONDS", "").strip()
    return float(value) if value else 30.0


def turn_seconds() -> float:
    """A turn still running after this long is stopped and the patient gets the apology
    (BOT_TURN_SECONDS; Rasa itself would wait 5 minutes for a hanging action server)."""
    value = os.environ.get("BOT_TURN_SECONDS", "").strip()
    return float(value) if value else 60.0
