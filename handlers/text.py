"""Free-text questions, edited questions and messages without text."""

from __future__ import annotations

from telegram import Update

from handlers.addressing import is_addressed, is_from_human, question_for_bot
from handlers.conversation import ask, respond
from handlers.language import interface_language
from handlers.render import outgoing
from handlers.state import Context


async def on_text(update: Update, context: Context) -> None:
    """A question (new or edited): answered, or its earlier answer edited to match."""
    message = update.effective_message
    if message is None:
        return
    question = question_for_bot(message, context.bot.id, context.bot.username)
    if question is None or not await _admitted(update, context):
        return
    state = context.bot_data
    if not question:  # only a mention of the bot: greet and show what it can do
        engine, _ = state.require()
        reply = engine.command("start", lang=await interface_language(state, message.from_user))
        await respond(context, message, reply)
        return
    await respond(context, message, await ask(state, question, message.from_user), question)


async def on_non_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice, files: a short hint that only text is understood."""
    message = update.effective_message
    if message is None or not is_from_human(message) or not is_addressed(message, context.bot.id):
        return
    if not await _admitted(update, context):
        return
    engine, _ = context.bot_data.require()
    lang = await interface_language(context.bot_data, message.from_user)
    await respond(context, message, outgoing(engine.text("non_text", lang)))


async def _admitted(update: Update, context: Context) -> bool:
    """Whether to answer this message: a user sending messages too fast gets one notice, then is ignored for a
    while (``handlers/flood.py``); an edit of an earlier message is always admitted (it edits its answer)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or update.edited_message is not None:
        return True
    verdict = context.bot_data.flood.admit(user.id)
    if verdict == "notice":
        engine, _ = context.bot_data.require()
        lang = await interface_language(context.bot_data, user)
        await respond(context, message, outgoing(engine.text("slow_down", lang)))
    return verdict == "answer"
