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

from handlers.addressing import is_from_human
from handlers.commands import command_parts
from handlers.conversation import respond
from handlers.language import interface_language
from handlers.render import outgoing
from handlers.state import BotState, Context
from knowledge.engine import Engine
from knowledge.loader import KnowledgeBaseError

MAX_PROBLEMS_SHOWN = 10
UNANSWERED_SHOWN = 20
MAX_SHOWN = 200

# Operator-facing texts: used until ui.yaml defines these keys (see _text).
_DEFAULTS = {
    "admin_reloaded": "Knowledge base reloaded: {entries} entries.",
    "admin_reload_failed": "The knowledge base was NOT reloaded; the bot keeps the current one. Problems:",
    "admin_unanswered": "Latest unanswered questions:",
    "admin_unanswered_none": "No unanswered questions so far.",
}

logger = logging.getLogger(__name__)


def is_admin(state: BotState, update: Update) -> bool:
    user = update.effective_user
    return user is not None and user.id in state.config.admin_user_ids


AdminHandler = Callable[[Message, Context], Coroutine[Any, Any, None]]


def admin_only(handler: AdminHandler) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """Runs ``handler`` for administrators; anyone else sees exactly what an unknown command shows."""

    async def checked(update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not is_from_human(message):
            return
        if is_admin(context.bot_data, update):
            await handler(message, context)
            return
        engine, _ = context.bot_data.require()
        name, _ = command_parts(message)
        lang = interface_language(context.bot_data, message.from_user)
        await respond(context, message, engine.command(name, "", lang))

    return checked


@admin_only
async def on_reload(message: Message, context: Context) -> None:
    state = context.bot_data
    lang = interface_language(state, message.from_user)
    config = state.config
    try:
        engine = await asyncio.to_thread(Engine.load, config.knowledge_base_path, config.thresholds)
    except KnowledgeBaseError as error:
        logger.warning("reload refused: the knowledge base has problems")
        problems = [html.escape(str(problem)) for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
        text = _text(state, "admin_reload_failed", lang) + "".join(f"\n• {p}" for p in problems)
        await respond(context, message, outgoing(text))
        return
    state.engine = engine
    logger.info("knowledge base reloaded by an administrator: %d entries", len(engine.kb.entries))
    done = _text(state, "admin_reloaded", lang, entries=len(engine.kb.entries))
    await respond(context, message, outgoing(done))


@admin_only
async def on_unanswered(message: Message, context: Context) -> None:
    state = context.bot_data
    _, store = state.require()
    lang = interface_language(state, message.from_user)
    _, args = command_parts(message)
    limit = int(args) if args.isdigit() else UNANSWERED_SHOWN
    rows = store.unanswered(min(limit, 100))
    if not rows:
        await respond(context, message, outgoing(_text(state, "admin_unanswered_none", lang)))
        return
    lines = [
        f"<code>{row.asked:%Y-%m-%d %H:%M}</code> [{row.lang}] {html.escape(row.question[:MAX_SHOWN])}" for row in rows
    ]
    await respond(context, message, outgoing("\n".join([_text(state, "admin_unanswered", lang), *lines])))


def _text(state: BotState, key: str, lang: str, **values: object) -> str:
    """The ui.yaml text when the knowledge base has it, else the English default above."""
    engine, _ = state.require()
    template = engine.text(key, lang) if key in engine.kb.ui else _DEFAULTS[key]
    return template.format(**values)
