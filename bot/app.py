"""The one factory that builds the bot's PTB ``Application`` from settings.

Resources live as long as the application: ``post_init`` loads the knowledge base (unless an engine is given,
as tests and benchmarks do), opens the storage and publishes the command menu; ``post_shutdown`` closes and
clears them. HTML parse mode and disabled link previews are defaults for every message sent.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

from bot.concurrency import DEFAULT_MAX_CONCURRENT, PerChatUpdateProcessor
from bot.delivery import DeliveryPolicy
from bot.menu import publish_profile
from bot.settings import Settings
from bot.storage import Storage, open_storage
from bot.transport import AiohttpRequest
from handlers.registry import register
from handlers.render import NO_PREVIEWS
from handlers.state import BotState, Context, HandlerConfig
from knowledge.engine import Engine

App = Application[Any, Context, dict[Any, Any], dict[Any, Any], BotState, Any]

logger = logging.getLogger(__name__)


def build_application(settings: Settings, engine: Engine | None = None, storage: Storage | None = None) -> App:
    """A ready-to-start Application; ``engine``/``storage`` replace loading them from the settings."""
    lifecycle = _Lifecycle(settings, engine, storage)
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(settings.token)
        .request(AiohttpRequest(2 * DEFAULT_MAX_CONCURRENT, delivery=DeliveryPolicy()))
        .get_updates_request(AiohttpRequest(1))
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
    )
    register(application)
    return application


class _Lifecycle:
    """post_init / post_shutdown with access to the settings (PTB passes them only the application)."""

    def __init__(self, settings: Settings, engine: Engine | None, storage: Storage | None) -> None:
        self._settings = settings
        self._engine = engine
        self._storage = storage
        self._opened: Storage | None = None

    async def post_init(self, application: App) -> None:
        settings = self._settings
        state = application.bot_data
        engine = self._engine
        if engine is None:
            engine = await asyncio.to_thread(Engine.load, settings.knowledge_base_path, settings.thresholds)
        logger.info("knowledge base loaded: %d entries", len(engine.kb.entries))
        if self._storage is None:
            self._opened = open_storage(settings.data_dir, settings.user_id_salt)
        state.store = self._storage or self._opened
        state.engine = engine
        await publish_profile(application.bot, engine, settings.default_language)

    async def post_shutdown(self, application: App) -> None:
        state = application.bot_data
        if self._opened is not None:
            self._opened.close()
            self._opened = None
        state.store = None
        state.engine = None
        state.replies.clear()
        state.clarified.clear()
