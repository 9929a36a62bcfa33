"""The one factory that builds the bot's PTB ``Application`` from settings.

Resources live as long as the application: ``post_init`` loads the knowledge base (unless an engine is given,
as tests and benchmarks do), opens the storage (migrating it), starts the hourly clean-up of what is past its
retention and publishes the command menu; ``post_shutdown`` stops, closes and clears them. HTML parse mode and
disabled link previews are defaults for every message sent.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

from bot.concurrency import DEFAULT_MAX_CONCURRENT, PerChatUpdateProcessor
from bot.delivery import DeliveryPolicy
from bot.metrics import Metrics
from bot.settings import Settings
from bot.storage.store import SqlStore, open_store
from bot.transport import AiohttpRequest
from handlers.profile import publish_profile
from handlers.registry import register
from handlers.render import NO_PREVIEWS
from handlers.state import BotState, Context, HandlerConfig
from knowledge.engine.pipeline import Engine

App = Application[Any, Context, dict[Any, Any], dict[Any, Any], BotState, Any]

logger = logging.getLogger(__name__)


CHECK_EVERY_SECONDS = 60.0
"""How often the running bot checks that its SQLite file is still there."""
PURGE_EVERY_CHECKS = 60
"""Deleting what is past its retention: at start, then every hour."""


def build_application(settings: Settings, engine: Engine | None = None, storage: SqlStore | None = None) -> App:
    """A ready-to-start Application; ``engine``/``storage`` replace loading them from the settings."""
    lifecycle = _Lifecycle(settings, engine, storage)
    metrics = Metrics()
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(settings.token)
        .request(
            AiohttpRequest(2 * DEFAULT_MAX_CONCURRENT, delivery=DeliveryPolicy(), on_failure=metrics.telegram_failed)
        )
        .get_updates_request(AiohttpRequest(1, on_failure=metrics.telegram_failed))
        .updater(None)  # polling is bot/polling.py's, which confirms only what was handled
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEWS))
        .context_types(ContextTypes(bot_data=BotState))
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(lifecycle.post_init)
        .post_shutdown(lifecycle.post_shutdown)
    )
    if settings.rate_limit:
        builder = builder.rate_limiter(AIORateLimiter())
    application: App = builder.build()
    application.bot_data.config = HandlerConfig(
        default_language=settings.default_language,
        admin_user_ids=settings.admin_user_ids,
        knowledge_base_path=settings.knowledge_base_path,
        thresholds=settings.thresholds,
        engine_cache=settings.engine_cache,
        retention_days=settings.retention_days,
    )
    application.bot_data.metrics = metrics
    register(application)
    return application


class _Lifecycle:
    """post_init / post_shutdown with access to the settings (PTB passes them only the application)."""

    def __init__(self, settings: Settings, engine: Engine | None, storage: SqlStore | None) -> None:
        self._settings = settings
        self._engine = engine
        self._storage = storage
        self._opened: SqlStore | None = None
        self._purging: asyncio.Task[None] | None = None

    async def post_init(self, application: App) -> None:
        settings = self._settings
        state = application.bot_data
        engine = self._engine
        if engine is None:
            engine = await asyncio.to_thread(
                Engine.load, settings.knowledge_base_path, settings.thresholds, settings.engine_cache
            )
        logger.info("knowledge base loaded: %d entries", len(engine.kb.entries))
        store = self._storage
        if store is None:
            store = self._opened = await open_store(
                settings.database_url, settings.data_dir, settings.user_id_salt, settings.retention_days
            )
        self._purging = asyncio.create_task(maintain(store), name="storage-maintenance")
        state.store = store
        state.engine = engine
        if isinstance(state.metrics, Metrics):
            state.metrics.knowledge_loaded(len(engine.kb.entries))
            state.metrics.count_storage_failures(lambda: store.faults.failures)
        await publish_profile(application.bot, engine, settings.default_language)

    async def post_shutdown(self, application: App) -> None:
        state = application.bot_data
        if self._purging is not None:
            # Awaited before the store closes: a clean-up cut off mid-transaction must finish unwinding while its
            # connection still exists (closing first leaves it waiting forever on a driver thread that is gone).
            self._purging.cancel()
            with suppress(asyncio.CancelledError):
                await self._purging
            self._purging = None
        if self._opened is not None:
            await self._opened.close()
            self._opened = None
        state.store = None
        state.engine = None


async def maintain(store: SqlStore, every: float = CHECK_EVERY_SECONDS, purge_every: int = PURGE_EVERY_CHECKS) -> None:
    """Deletes what is past its retention or time-to-live (at start, then every ``purge_every`` checks), and
    checks every ``every`` seconds that a SQLite file was not deleted under the running bot."""
    checks = 0
    while True:
        if checks % purge_every == 0:
            deleted = await store.purge()
            if deleted:
                logger.info("storage clean-up: %d rows past their retention deleted", deleted)
        await asyncio.sleep(every)
        checks += 1
        await asyncio.to_thread(store.file_lost)
