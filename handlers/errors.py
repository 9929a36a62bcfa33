"""The one error handler: log with enough context to debug, tell the user briefly, never leak internals."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from handlers.language import interface_language
from handlers.observe import update_kind
from handlers.state import Context

logger = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Counts and logs the error; answers a pending button press, says "something went wrong" in the chat."""
    state = context.bot_data
    state.errors += 1
    if isinstance(context.error, DELIVERY_FAILURES):
        # Telegram could not take the reply (a flood wait, an outage, a user who blocked the bot) or a send timed
        # out and may have been delivered: a "something went wrong" would meet the same fate, or be a second message
        logger.warning("a reply could not be delivered: %s", _describe(context.error))
        return
    if not isinstance(update, Update):
        logger.error("error outside of an update", exc_info=context.error)
        return
    chat = update.effective_chat
    logger.error(
        "error while handling update %s (%s in a %s chat)",
        update.update_id,
        update_kind(update),
        chat.type if chat else "no",
        exc_info=context.error,
    )
    if state.engine is None:
        return
    text = state.engine.text("error", await interface_language(state, update.effective_user))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text)
        elif chat is not None and update.effective_message is not None:
            await context.bot.send_message(chat.id, text)
    except TelegramError:
        logger.warning("could not tell the user about the error", exc_info=True)


DELIVERY_FAILURES = (RetryAfter, NetworkError, Forbidden)
"""Errors of delivering a reply (NetworkError includes TimedOut), after ``bot/delivery.py`` retried what it may."""


def _describe(error: BaseException) -> str:
    """The error in one line: its kind and Telegram's words (never a URL or the token: PTB's messages hold none)."""
    return f"{type(error).__name__}: {getattr(error, 'message', error)}"
