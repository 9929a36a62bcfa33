"""Bot commands. Replies come from the engine so the console and Telegram say the same things."""

from __future__ import annotations

from telegram import Message, Update

from handlers.addressing import is_from_human
from handlers.conversation import ask, deliver, quote, respond
from handlers.language import app_language, command_language, interface_language
from handlers.render import language_menu, outgoing
from handlers.state import Context

ENGINE_COMMANDS = ("help", "topics", "priorities", "about", "framework")
"""Commands the engine answers directly; the last three with arguments work like asking (``/about МОМ``)."""
ASKING_COMMANDS = frozenset({"priorities", "about", "framework"})
MENU_COMMANDS = ("start", *ENGINE_COMMANDS, "lang", "privacy")
"""The public command menu, in the order Telegram shows it."""


def command_parts(message: Message) -> tuple[str, str]:
    """``("about", "МОМ")`` for ``/about@IomBot МОМ``: the lowercase name and the raw argument text."""
    head, _, args = (message.text or "").partition(" ")
    return head.lstrip("/").split("@", 1)[0].lower(), args.strip()


async def on_start(update: Update, context: Context) -> None:
    """Greeting and topics menu in the user's language; ``/start <entry_id>`` (deep link) opens it."""
    message = update.effective_message
    if message is None or not is_from_human(message):
        return
    engine, _ = context.bot_data.require()
    _, payload = command_parts(message)
    lang = await interface_language(context.bot_data, message.from_user)
    await respond(context, message, engine.command("start", payload, lang))


async def on_engine_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not is_from_human(message):
        return
    state = context.bot_data
    engine, _ = state.require()
    name, args = command_parts(message)
    if args and name in ASKING_COMMANDS:  # the engine reads the words with the command's subject
        await respond(context, message, await ask(state, f"/{name} {args}", message.from_user), args)
        return
    await respond(context, message, engine.command(name, "", await command_language(state, message.from_user, args)))


async def on_lang(update: Update, context: Context) -> None:
    """``/lang`` shows the language buttons; ``/lang ru`` switches at once."""
    message = update.effective_message
    if message is None or not is_from_human(message) or message.from_user is None:
        return
    state = context.bot_data
    engine, store = state.require()
    _, args = command_parts(message)
    choice = args.lower()
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
    head = (message.text or "").split(maxsplit=1)[0]
    in_private = message.chat.type == "private"
    if not in_private and not head.casefold().endswith(f"@{context.bot.username}".casefold()):
        return
    engine, _ = context.bot_data.require()
    name, args = command_parts(message)
    lang = await command_language(context.bot_data, message.from_user, args)
    if read_as_question:
        await respond(context, message, engine.command(name, "", lang))
    else:
        await respond(context, message, outgoing(engine.text("unknown_command", lang)))


async def on_privacy(update: Update, context: Context) -> None:
    """``/privacy``: what the bot stores, for how long, and how to delete it."""
    message = update.effective_message
    if message is None or not is_from_human(message):
        return
    engine, _ = context.bot_data.require()
    lang = await interface_language(context.bot_data, message.from_user)
    days = context.bot_data.config.retention_days
    await respond(context, message, outgoing(engine.text("privacy", lang).format(days=days)))


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
