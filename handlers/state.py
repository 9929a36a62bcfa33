"""What all handlers share: the typed ``bot_data`` of the Application and the context type built on it.

The bot layer fills it in ``post_init`` (engine, store, configuration); handlers only read it, so they stay
thin and never import the bot layer. The store is described by a protocol for the same reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from telegram.ext import CallbackContext, ExtBot

from handlers.bounded import BoundedMap
from handlers.flood import FloodGuard
from knowledge.engine import Engine
from knowledge.thresholds import Thresholds


class UnansweredQuestion(Protocol):
    @property
    def asked(self) -> dt.datetime: ...
    @property
    def lang(self) -> str: ...
    @property
    def question(self) -> str: ...


class Store(Protocol):
    """Per-user language choice and the unanswered-questions log (user ids are hashed by the store)."""

    def language(self, user_id: int) -> str | None: ...
    def set_language(self, user_id: int, lang: str) -> None: ...
    def log_unanswered(self, question: str, lang: str) -> None: ...
    def unanswered(self, limit: int = 20) -> Sequence[UnansweredQuestion]: ...


@dataclass(frozen=True)
class HandlerConfig:
    """The settings handlers need, copied from the bot's settings (handlers cannot import the bot layer)."""

    default_language: str = "en"
    admin_user_ids: frozenset[int] = frozenset()
    knowledge_base_path: Path | None = None
    thresholds: Thresholds | None = None


@dataclass(frozen=True)
class SentReply:
    """The bot's messages answering one user message, and a fingerprint of each (to skip no-op edits)."""

    message_ids: tuple[int, ...]
    fingerprints: tuple[str, ...]


@dataclass
class BotState:
    """The Application's ``bot_data``."""

    engine: Engine | None = None
    store: Store | None = None
    config: HandlerConfig = field(default_factory=HandlerConfig)
    replies: BoundedMap[tuple[int, int], SentReply] = field(default_factory=BoundedMap)
    """(chat id, user's message id) → the bot's reply, so an edited question edits its answer."""
    clarified: BoundedMap[tuple[int, int], str] = field(default_factory=BoundedMap)
    """(chat id, bot's "did you mean" message id) → the question, logged if the user picks "none of these"."""
    errors: int = 0
    """How many times the error handler ran (the end-to-end tests assert it stays 0)."""
    flood: FloodGuard = field(default_factory=FloodGuard)
    """Who is sending messages too fast (in memory only)."""

    @property
    def ready(self) -> bool:
        return self.engine is not None and self.store is not None

    def require(self) -> tuple[Engine, Store]:
        """The engine and store; an update can only arrive after ``post_init`` has set both."""
        if self.engine is None or self.store is None:
            raise RuntimeError("the knowledge base is not loaded yet")
        return self.engine, self.store


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotState]
