"""The steps every message handler shares: ask the engine, log what it could not answer, send and remember."""

from __future__ import annotations

from telegram import Message, User
from telegram.constants import ChatType

from handlers.language import app_language, chosen_language
from handlers.observe import note_reply
from handlers.render import Outgoing, render
from handlers.sending import edit, send
from handlers.state import BotState, Context, SentReply
from knowledge.reply import Reply


def ask(state: BotState, question: str, user: User | None) -> Reply:
    """The engine's reply in the user's chosen language, else the question's, else their app's language.

    A question the engine cannot answer is logged (without the user) for the curators.
    """
    engine, store = state.require()
    reply = engine.ask(question, lang=chosen_language(state, user), default_lang=app_language(state, user))
    if reply.status == "fallback" and not question.lstrip().startswith("/"):
        store.log_unanswered(question, reply.lang)
    return reply


async def respond(context: Context, message: Message, reply: Reply | Outgoing, question: str = "") -> None:
    """Answers a user's message, or edits the earlier answer if the message was edited, and remembers it."""
    key = (message.chat_id, message.message_id)
    previous = context.bot_data.replies.get(key)
    sent = await deliver(context, message.chat_id, reply, quote(message), previous, question)
    context.bot_data.replies[key] = sent


async def deliver(
    context: Context,
    chat_id: int,
    reply: Reply | Outgoing,
    reply_to: int | None = None,
    previous: SentReply | None = None,
    question: str = "",
) -> SentReply:
    """Sends the reply (or edits ``previous`` into it); a "did you mean" keeps its question for later."""
    state = context.bot_data
    engine, _ = state.require()
    if isinstance(reply, Reply):
        note_reply(reply)
    out = reply if isinstance(reply, Outgoing) else render(reply, engine)
    if previous is None:
        sent = await send(context.bot, chat_id, out, reply_to)
    else:
        sent = await edit(context.bot, chat_id, previous, out)
    if isinstance(reply, Reply) and reply.status == "clarify":
        state.clarified[(chat_id, sent.message_ids[-1])] = question or reply.query
    return sent


def quote(message: Message) -> int | None:
    """In groups a reply quotes the question so everyone sees whom the bot answers; not in private."""
    return None if message.chat.type == ChatType.PRIVATE else message.message_id
