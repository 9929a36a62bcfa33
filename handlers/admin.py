"""Administrator commands: ``/reload`` the knowledge base; ``/stats``, ``/unanswered`` and ``/export`` of what
users asked (over the last N days, default 30).

Only the user ids in ADMIN_USER_IDS may use them; anyone else gets the ordinary "unknown command" reply, so
the commands are not even revealed. A reload swaps the engine only when the new knowledge base is valid.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import io
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InputFile, Message, Update
from telegram.constants import ChatType
from telegram.ext import ExtBot

from handlers.addressing import is_from_human
from handlers.commands import command_of, reply_unknown
from handlers.conversation import respond
from handlers.language import interface_language
from handlers.profile import publish_profile
from handlers.render import outgoing
from handlers.reports import inbox_csv, inbox_html, stats_csv, stats_html
from handlers.state import BotState, Context
from handlers.store import Store
from knowledge.engine.pipeline import Engine
from knowledge.kb.load import KnowledgeBaseError

MAX_PROBLEMS_SHOWN = 10
DEFAULT_DAYS = 30
"""The period of /stats, /unanswered and /export without a number of days."""
MAX_DAYS = 3_650

logger = logging.getLogger(__name__)


def is_admin(state: BotState, update: Update) -> bool:
    user = update.effective_user
    return user is not None and user.id in state.config.admin_user_ids


AdminHandler = Callable[[Message, Context], Coroutine[Any, Any, None]]


def admin_only(handler: AdminHandler) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """Runs ``handler`` for administrators in a private chat; anyone else, and any group (where the reply would
    show users' unanswered questions to everyone), sees exactly what an unknown command shows."""

    async def checked(update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not is_from_human(message):
            return
        if is_admin(context.bot_data, update) and message.chat.type == ChatType.PRIVATE:
            await handler(message, context)
        else:
            await reply_unknown(update, context, read_as_question=False)

    return checked


async def reload_knowledge(bot: ExtBot[Any], state: BotState, by: str) -> Engine:
    """Loads the knowledge base again and switches to it — only when it is valid (otherwise raises
    :class:`KnowledgeBaseError` and the bot keeps the one it has) — then publishes the command menu and the
    bot's descriptions again, which are its interface texts. For ``/reload`` and SIGHUP."""
    config = state.config
    try:
        engine = await asyncio.to_thread(
            Engine.load, config.knowledge_base_path, config.thresholds, config.engine_cache
        )
    except KnowledgeBaseError as error:
        logger.warning("reload (%s) refused: the knowledge base has %d problem(s)", by, len(error.problems))
        raise
    state.engine = engine
    if state.metrics is not None:
        state.metrics.knowledge_loaded(len(engine.kb.entries))
    logger.info("knowledge base reloaded (%s): %d entries", by, len(engine.kb.entries))
    await publish_profile(bot, engine, config.default_language)
    return engine


@admin_only
async def on_reload(message: Message, context: Context) -> None:
    state = context.bot_data
    current, _ = state.require()
    lang = await interface_language(state, message.from_user)
    try:
        engine = await reload_knowledge(context.bot, state, "by an administrator")
    except KnowledgeBaseError as error:
        problems = [html.escape(str(problem)) for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
        text = current.text("admin_reload_failed", lang) + "".join(f"\n• {p}" for p in problems)
        await respond(context, message, outgoing(text))
        return
    done = engine.kb.filled("admin_reloaded", lang, entries=len(engine.kb.entries))
    await respond(context, message, outgoing(done))


@admin_only
async def on_stats(message: Message, context: Context) -> None:
    """``/stats [days]``: questions by reply and language, the most asked entries, votes by entry."""
    engine, store, lang = await _tools(message, context)
    stats = await store.stats(_days(message))
    await respond(context, message, outgoing(stats_html(stats, engine, lang)))


@admin_only
async def on_unanswered(message: Message, context: Context) -> None:
    """``/unanswered [days]``: the inbox grouped by similar wording, biggest groups first."""
    engine, store, lang = await _tools(message, context)
    days = _days(message)
    groups = await store.inbox(days)
    if not groups:
        await respond(context, message, outgoing(engine.text("admin_unanswered_none", lang)))
        return
    await respond(context, message, outgoing(inbox_html(groups, engine, lang, days)))


@admin_only
async def on_export(message: Message, context: Context) -> None:
    """``/export [days]``: the grouped inbox and the statistics as two CSV documents."""
    engine, store, lang = await _tools(message, context)
    days = _days(message)
    stats, groups = await store.stats(days), await store.inbox(days)
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%d}"
    caption = engine.kb.filled("admin_export", lang, days=days)
    for name, text in (
        (f"inbox-{stamp}-{days}d.csv", inbox_csv(groups)),
        (f"stats-{stamp}-{days}d.csv", stats_csv(stats)),
    ):
        document = InputFile(io.BytesIO(text.encode("utf-8-sig")), filename=name)  # -sig: Excel reads it as UTF-8
        await context.bot.send_document(message.chat_id, document, caption=caption)


async def _tools(message: Message, context: Context) -> tuple[Engine, Store, str]:
    """The engine, the store and the administrator's language."""
    engine, store = context.bot_data.require()
    return engine, store, await interface_language(context.bot_data, message.from_user)


def _days(message: Message) -> int:
    """The command's number of days: its argument when it is a number from 1 to MAX_DAYS, else DEFAULT_DAYS."""
    args = command_of(message).args
    head = args.split(maxsplit=1)[0] if args else ""
    if head.isascii() and head.isdigit():
        return min(max(int(head), 1), MAX_DAYS)
    return DEFAULT_DAYS
