"""Every setting of the Telegram bot in one typed, immutable object, read from the environment on demand.

Nothing is read at import time: ``Settings.from_env(os.environ)`` is called by whoever starts the bot, so
tests and tools can build settings from any mapping. Each bad value is reported by variable name, in plain
words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from knowledge.engine.bands import Thresholds
from knowledge.kb.model import LANGUAGES

Mode = Literal["polling", "webhook"]
T = TypeVar("T")

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_WEBHOOK_PATH = "/telegram"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BOT_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")


class SettingsError(ValueError):
    """One or more environment variables are missing or malformed; the message names each of them."""


@dataclass(frozen=True)
class Settings:
    """The bot's configuration. Secrets are excluded from ``repr`` so they never reach a log or traceback."""

    token: str = field(default="", repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    mode: Mode = "polling"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    """Only the machine's own reverse proxy reaches the webhook unless WEBHOOK_LISTEN says otherwise (the Docker
    image sets 0.0.0.0: its port is published to the host's proxy)."""
    webhook_port: int = 8080
    webhook_path: str = DEFAULT_WEBHOOK_PATH
    webhook_secret: str = field(default="", repr=False)
    default_language: str = "en"
    knowledge_base_path: Path | None = None
    log_level: str = "INFO"
    log_format: str = "plain"
    admin_user_ids: frozenset[int] = frozenset()
    data_dir: Path = Path("var")
    database_url: str = field(default="", repr=False)
    """``postgresql://…`` for several replicas; empty: SQLite in ``data_dir``. May hold a password."""
    retention_days: int = 90
    metrics_port: int | None = None
    """Polling mode: the port of /metrics and /healthz (none without it). Webhook mode serves them on its port."""
    metrics_listen: str = "127.0.0.1"
    stop_deadline: float = 8.0
    """Seconds a stopping bot keeps answering its backlog (polling); under Docker's 10 s before SIGKILL."""
    user_id_salt: str = field(default="", repr=False)
    thresholds: Thresholds = field(default_factory=Thresholds)
    rate_limit: bool = True

    @property
    def api_file_url(self) -> str:
        """The file-download base URL matching ``api_base_url`` (``…/bot`` becomes ``…/file/bot``)."""
        head, sep, tail = self.api_base_url.rpartition("/bot")
        return f"{head}/file/bot{tail}" if sep else self.api_base_url

    @property
    def engine_cache(self) -> Path:
        """The folder of the prepared engine kept between starts (``knowledge/engine/cache.py``): in the data folder,
        the one the bot may write to."""
        return self.data_dir / "cache"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must be redacted wherever text leaves the process (logs, error replies)."""
        password = _password(self.database_url)
        return tuple(value for value in (self.token, self.webhook_secret, self.user_id_salt, password) if value)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Settings from environment variables; raises :class:`SettingsError` listing every bad one."""
        reader = _Reader(environ)
        token = reader.text("TELEGRAM_BOT_TOKEN")
        if token and not _BOT_TOKEN.fullmatch(token):
            reader.fail("TELEGRAM_BOT_TOKEN", "does not look like a bot token (digits:letters)")
        mode = reader.choice("BOT_MODE", ("polling", "webhook"), "polling")
        webhook_url = reader.text("WEBHOOK_URL")
        if webhook_url and urlsplit(webhook_url).scheme != "https":
            reader.fail("WEBHOOK_URL", "must start with https:// (Telegram only calls HTTPS webhooks)")
        if mode == "webhook" and not webhook_url:
            reader.fail("WEBHOOK_URL", "is required when BOT_MODE=webhook")
        url_path = (urlsplit(webhook_url).path or "/") if webhook_url else DEFAULT_WEBHOOK_PATH
        webhook_path = reader.text("WEBHOOK_PATH") or url_path  # Telegram calls the URL's own path
        if not webhook_path.startswith("/"):
            reader.fail("WEBHOOK_PATH", "must start with /")
        secret = reader.text("WEBHOOK_SECRET")
        if secret and not _SECRET_TOKEN.fullmatch(secret):
            reader.fail("WEBHOOK_SECRET", "must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        base = Thresholds()
        thresholds = replace(  # the bands operators may tune; every other field keeps the matcher's default
            base,
            answer=reader.number("MATCH_ANSWER_MIN", base.answer, float, 0.0, 1.0),
            # a threshold the operator sets serves every language
            answer_by_language=() if reader.text("MATCH_ANSWER_MIN") else base.answer_by_language,
            margin=reader.number("MATCH_MARGIN", base.margin, float, 0.0, 1.0),
            clarify=reader.number("MATCH_CLARIFY_MIN", base.clarify, float, 0.0, 1.0),
        )
        if thresholds.clarify > min(thresholds.answer_for(lang) for lang in LANGUAGES):
            reader.fail("MATCH_CLARIFY_MIN", "must not be greater than any language's answer threshold")
        kb_path = reader.text("KNOWLEDGE_BASE_PATH")
        settings = cls(
            token=token,
            api_base_url=reader.text("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
            mode="webhook" if mode == "webhook" else "polling",
            webhook_url=webhook_url,
            webhook_listen=reader.text("WEBHOOK_LISTEN") or cls.webhook_listen,
            webhook_port=reader.number("WEBHOOK_PORT", cls.webhook_port, int, 0, 65535),
            webhook_path=webhook_path,
            webhook_secret=secret,
            default_language=reader.choice("DEFAULT_LANGUAGE", LANGUAGES, "en"),
            knowledge_base_path=Path(kb_path) if kb_path else None,
            log_level=reader.choice("LOG_LEVEL", LOG_LEVELS, "INFO", normalise=str.upper),
            log_format=reader.choice("LOG_FORMAT", ("plain", "json"), "plain", normalise=str.lower),
            admin_user_ids=reader.user_ids("ADMIN_USER_IDS"),
            data_dir=Path(reader.text("DATA_DIR") or "var"),
            database_url=reader.database_url("DATABASE_URL"),
            retention_days=reader.number("INBOX_RETENTION_DAYS", cls.retention_days, int, 1, 3650),
            metrics_port=reader.number("METRICS_PORT", None, int, 0, 65535),
            metrics_listen=reader.text("METRICS_LISTEN") or cls.metrics_listen,
            stop_deadline=reader.number("STOP_DEADLINE_SECONDS", cls.stop_deadline, float, 0.0, 600.0),
            user_id_salt=reader.text("USER_ID_SALT"),
            thresholds=thresholds,
            rate_limit=reader.flag("RATE_LIMIT", True),
        )
        if settings.database_url.startswith("postgres") and not settings.user_id_salt:
            reader.fail(
                "USER_ID_SALT", "is required with a PostgreSQL DATABASE_URL (every replica must hash users alike)"
            )
        if urlsplit(settings.api_base_url).scheme not in ("http", "https"):
            reader.fail("TELEGRAM_API_BASE_URL", "must be an http:// or https:// URL")
        reader.raise_problems()
        return settings


class _Reader:
    """Reads and checks variables, collecting every problem so the operator sees them all at once."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ
        self._problems: list[str] = []

    def fail(self, name: str, why: str) -> None:
        self._problems.append(f"{name} {why}")

    def raise_problems(self) -> None:
        if self._problems:
            raise SettingsError("Invalid settings:\n" + "\n".join(f"  - {p}" for p in self._problems))

    def text(self, name: str) -> str:
        return self._environ.get(name, "").strip()

    def choice(
        self, name: str, allowed: tuple[str, ...], default: str, normalise: Callable[[str], str] = str.lower
    ) -> str:
        value = normalise(self.text(name)) or default
        if value not in allowed:
            self.fail(name, f"must be one of {', '.join(allowed)} (got {value!r})")
            return default
        return value

    def number(self, name: str, default: T, kind: Callable[[str], T], low: float, high: float) -> T:
        raw = self.text(name)
        if not raw:
            return default
        try:
            value = kind(raw)
        except ValueError:
            self.fail(name, f"must be a number (got {raw!r})")
            return default
        if not low <= value <= high:  # type: ignore[operator]
            self.fail(name, f"must be between {low:g} and {high:g} (got {raw})")
            return default
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.text(name).lower()
        if not raw:
            return default
        if raw in ("1", "true", "yes", "on"):
            return True
        if raw in ("0", "false", "no", "off"):
            return False
        self.fail(name, f"must be on or off (got {raw!r})")
        return default

    def database_url(self, name: str) -> str:
        url = self.text(name)
        if url and urlsplit(url).scheme.split("+")[0] not in ("postgresql", "postgres", "sqlite"):
            self.fail(name, "must be a postgresql://… or sqlite:///… URL")
            return ""
        return url

    def user_ids(self, name: str) -> frozenset[int]:
        ids: set[int] = set()
        for part in filter(None, (p.strip() for p in self.text(name).split(","))):
            if not (part.isascii() and part.isdigit()):  # not "²" nor "١٢٣", which Python would read as digits
                self.fail(name, f"must be comma-separated numeric Telegram user ids (got {part!r})")
                continue
            ids.add(int(part))
        return frozenset(ids)


def _password(url: str) -> str:
    """The password inside a database URL, to be redacted like the token."""
    try:
        return urlsplit(url).password or ""
    except ValueError:
        return ""
