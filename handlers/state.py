"""What all handlers share: the typed ``bot_data`` of the Application and the context type built on it.

The bot layer fills it in ``post_init`` (engine, store, configuration); handlers only read it, so they stay
thin and never import the bot layer. The store is described by a protocol (``handlers/store.py``) for the same
reason; it also holds what a reply needs later (which message answers which), so any replica can serve the next
update of a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from telegram.ext import CallbackContext, ExtBot

from handlers.flood import FloodGuard
from handlers.store import Store
from knowledge.engine.bands import Thresholds
from knowledge.engine.pipeline import Engine


@dataclass(frozen=True)
class HandlerConfig:
    """The settings handlers need, copied from the bot's settings (handlers cannot import the bot layer)."""

    default_language: str = "en"
    admin_user_ids: frozenset[int] = frozenset()
    knowledge_base_path: Path | None = None
    thresholds: Thresholds | None = None
    engine_cache: Path | None = None
    """Where the prepared engine is kept between starts and reloads (``knowledge/engine/cache.py``); none: not kept."""
    retention_days: int = 90
    """How long the inbox, the question log and votes are kept (/privacy says it)."""


class UpdateMetrics(Protocol):
    """What handlers report to the process's metrics (``bot/metrics.py``)."""

    def update_handled(self, kind: str, status: str, lang: str, seconds: float) -> None: ...
    def knowledge_loaded(self, entries: int) -> None: ...


@dataclass
class BotState:
    """The Application's ``bot_data``."""

    engine: Engine | None = None
    store: Store | None = None
    config: HandlerConfig = field(default_factory=HandlerConfig)
    errors: int = 0
    """How many times the error handler ran (the end-to-end tests assert it stays 0)."""
    flood: FloodGuard = field(default_factory=FloodGuard)
    """Who is sending messages too fast (in memory only)."""
    metrics: UpdateMetrics | None = None

    @property
    def ready(self) -> bool:
        return self.engine is not None and self.store is not None

    def require(self) -> tuple[Engine, Store]:
        """The engine and store; an update can only arrive after ``post_init`` has set both."""
        if self.engine is None or self.store is None:
            raise RuntimeError("the knowledge base is not loaded yet")
        return self.engine, self.store


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotState]
