"""Bot commands. The table and the reading of a command are ``knowledge/kb/commands.py``; the replies come
from the engine (``Engine.ask``), so the console, ``python -m bot ask`` and Telegram say the same things. Only
what needs Telegram or the store is answered here: the language buttons, /privacy and /forget."""

from __future__ import annotations

from telegram import Message, Update

from handlers.addressing import is_from_human
from handlers.conversation import ask, deliver, quote, respond
from handlers.language import app_language, chosen_language, interface_language
from handlers.render import language_menu, outgoing
from handlers.state import Context
from knowledge.kb.commands import BY_NAME, CommandText, parse_command


def command_of(message: Message) -> CommandText:
    """``about`` with the words ``МОМ`` for ``/about@IomBot МОМ`` (a command handler's message is one)."""
    return parse_command(message.text or "") or CommandText("", "", "")


async def on_engine_command(update: Update, context: Context) -> None:
    """A command the engine answers (/start, /help, /topics, /priorities, /about, /framework): with words after
    an entry's command the words are asked as a question of its subject, and count as one in the statistics."""
    message = update.effective_message
    if message is None or not is_from_human(message):
        return
    command = command_of(message)
    defined = BY_NAME.get(command.name)
    asks = defined is not None and defined.answered_by == "entry" and command.args
    reply = await ask(context.bot_data, message.text or "", message.from_user)
    await respond(context, message, reply, command.args if asks else "")


async def on_lang(update: Update, context: Context) -> None:
    """``/lang`` shows the language buttons; ``/lang ru`` switches at once."""
    message = update.effective_message
    if message is None or not is_from_human(message) or message.from_user is None:
        return
    state = context.bot_data
    engine, store = state.require()
    choice = command_of(message).args.lower()
    if choice in engine.languages:
        await store.set_language(message.from_user.id, choice)
        await respond(context, message, outgoing(engine.text("lang_set", choice)))
        return
    await respond(context, message, language_menu(engine, await interface_language(state, message.from_user)))


async def on_unknown_command(update: Update, context: Context) -> None:
    """A command we do not have: read as a question when its name is one ("/приоритеты"), else a pointer to
    /help (in groups only if addressed to us by ``@name``)."""
    await reply_unknown(update, context, read_as_question=True)


async def reply_unknown(update: Update, context: Context, read_as_question: bool) -> None:
    """The unknown-command reply; ``read_as_question=False`` for commands that exist but not for this user
    (the administrators'), whose names must neither be revealed nor answered as a question."""
    message = update.effective_message
    if message is None or not is_from_human(message):
        return
    command = command_of(message)
    username = context.bot.username
    in_private = message.chat.type == "private"
    if not in_private and (not username or command.addressed_to.casefold() != username.casefold()):
        return
    state = context.bot_data
    engine, _ = state.require()
    if read_as_question and engine.resolve_command(command.name) == "lang":  # "/язык": the language buttons
        await on_lang(update, context)
        return
    if read_as_question:
        await respond(context, message, await ask(state, message.text or "", message.from_user))
        return
    user = message.from_user
    said = engine.language_of(command.args)
    lang = engine.reply_language(await chosen_language(state, user), said, app_language(state, user))
    await respond(context, message, outgoing(engine.text("unknown_command", lang)))


async def on_privacy(update: Update, context: Context) -> None:
    """``/privacy``: what the bot stores, for how long, and how to delete it."""
    message = update.effective_message
    if message is None or not is_from_human(message):
        return
    engine, _ = context.bot_data.require()
    lang = await interface_language(context.bot_data, message.from_user)
    days = context.bot_data.config.retention_days
    await respond(context, message, outgoing(engine.kb.filled("privacy", lang, days=days)))


async def on_forget(update: Update, context: Context) -> None:
    """``/forget``: deletes the user's language choice, votes and remembered messages, and says so — or says
    it could not, when the database is unreachable (nothing is claimed that did not happen)."""
    message = update.effective_message
    if message is None or not is_from_human(message) or message.from_user is None:
        return
    state = context.bot_data
    engine, store = state.require()
    lang = app_language(state, message.from_user)  # the /lang choice is what is being deleted
    done = await store.forget(message.from_user.id)
    reply = outgoing(engine.text("forget_done" if done else "forget_failed", lang))
    await deliver(context, message.chat_id, reply, quote(message))
