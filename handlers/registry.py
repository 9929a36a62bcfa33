"""Every handler of the bot, registered in one place, in the order Telegram updates are matched.

Messages and edited messages only (channel posts never match), from people (not bots); commands before free
text.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers.admin import on_export, on_reload, on_stats, on_unanswered
from handlers.buttons import on_button
from handlers.commands import on_engine_command, on_forget, on_lang, on_privacy, on_unknown_command
from handlers.errors import on_error
from handlers.inline import on_inline_query
from handlers.observe import FIRST_GROUP, LAST_GROUP, on_update_done, on_update_started
from handlers.state import BotState, Context
from handlers.text import on_non_text, on_text
from knowledge.kb.commands import COMMANDS, Answerer

ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "inline_query")
"""The update types the bot asks Telegram for; everything else (channel posts, polls…) is never delivered."""

_NEW = filters.UpdateType.MESSAGE
_NEW_OR_EDITED = filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE


Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
_BY_ANSWERER: dict[Answerer, Callback] = {
    "greeting": on_engine_command,
    "text": on_engine_command,
    "topics": on_engine_command,
    "entry": on_engine_command,
    "language": on_lang,
}
_BY_NAME: dict[str, Callback] = {
    "privacy": on_privacy,
    "forget": on_forget,
    "reload": on_reload,
    "stats": on_stats,
    "unanswered": on_unanswered,
    "export": on_export,
}


def command_handlers() -> dict[str, Callback]:
    """The callback of every command of the table (``knowledge/kb/commands.py``): the engine's, or the one of
    this layer that needs Telegram or the store. A command added to the table without one fails here, at start."""
    return {command.name: _BY_NAME.get(command.name) or _BY_ANSWERER[command.answered_by] for command in COMMANDS}


def handlers() -> list[BaseHandler[Any, Context, Any]]:
    return [
        *(CommandHandler(name, callback, filters=_NEW) for name, callback in command_handlers().items()),
        MessageHandler(_NEW & filters.COMMAND, on_unknown_command),
        MessageHandler(_NEW_OR_EDITED & filters.TEXT & ~filters.COMMAND, on_text),
        MessageHandler(_NEW & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_non_text),
        CallbackQueryHandler(on_button),
        InlineQueryHandler(on_inline_query),
    ]


def register(application: Application[Any, Context, Any, Any, BotState, Any]) -> None:
    """Adds all handlers and the single error handler to ``application``."""
    application.add_handler(TypeHandler(Update, on_update_started), group=FIRST_GROUP)
    application.add_handlers(handlers())
    application.add_handler(TypeHandler(Update, on_update_done), group=LAST_GROUP)
    application.add_error_handler(on_error)
