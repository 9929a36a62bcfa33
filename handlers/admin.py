"""Administrator commands: ``/reload`` the knowledge base and see ``/unanswered`` questions.

Only the user ids in ADMIN_USER_IDS may use them; anyone else gets the ordinary "unknown command" reply, so
the commands are not even revealed. A reload swaps the engine only when the new knowledge base is valid.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType

from handlers.addressing import is_from_human
from handlers.commands import command_parts, on_unknown_command
from handlers.conversation import respond
from handlers.language import interface_language
from handlers.render import outgoing
from handlers.state import BotState, Context
from knowledge.engine import Engine
from knowledge.loader import KnowledgeBaseError

MAX_PROBLEMS_SHOWN = 10
UNANSWERED_SHOWN = 20
"""Questions /unanswered lists without a number; with one, at most MAX_UNANSWERED_SHOWN."""
MAX_UNANSWERED_SHOWN = 100
QUESTION_CHARS_SHOWN = 200

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
            await on_unknown_command(update, context)

    return checked


@admin_only
async def on_reload(message: Message, context: Context) -> None:
    state = context.bot_data
    current, _ = state.require()
    lang = interface_language(state, message.from_user)
    config = state.config
    try:
        engine = await asyncio.to_thread(Engine.load, config.knowledge_base_path, config.thresholds)
    except KnowledgeBaseError as error:
        logger.warning("reload refused: the knowledge base has problems")
        problems = [html.escape(str(problem)) for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
        text = current.text("admin_reload_failed", lang) + "".join(f"\n• {p}" for p in problems)
        await respond(context, message, outgoing(text))
        return
    state.engine = engine
    logger.info("knowledge base reloaded by an administrator: %d entries", len(engine.kb.entries))
    done = engine.text("admin_reloaded", lang).format(entries=len(engine.kb.entries))
    await respond(context, message, outgoing(done))


@admin_only
async def on_unanswered(message: Message, context: Context) -> None:
    state = context.bot_data
    engine, store = state.require()
    lang = interface_language(state, message.from_user)
    _, args = command_parts(message)
    limit = int(args) if args.isdecimal() else UNANSWERED_SHOWN
    rows = store.unanswered(min(limit, MAX_UNANSWERED_SHOWN))
    if not rows:
        await respond(context, message, outgoing(engine.text("admin_unanswered_none", lang)))
        return
    lines = [
        f"<code>{row.asked:%Y-%m-%d %H:%M}</code> [{row.lang}] {html.escape(row.question[:QUESTION_CHARS_SHOWN])}"
        for row in rows
    ]
    await respond(context, message, outgoing("\n".join([engine.text("admin_unanswered", lang), *lines])))
