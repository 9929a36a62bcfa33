"""The steps every message handler shares: ask the engine, send (or edit) the reply, and record the exchange —
the question for the statistics and the inbox, the reply for a later edit and for the buttons under it."""

from __future__ import annotations

from telegram import Message, User
from telegram.constants import ChatType

from handlers.language import app_language, chosen_language
from handlers.observe import note_reply
from handlers.render import Outgoing, render
from handlers.sending import edit, send
from handlers.state import BotState, Context
from handlers.store import Asked, Exchange, SentReply
from knowledge.engine.reply import Reply

MAX_CANDIDATES_KEPT = 3
"""The best entries recorded with a question in the inbox (the curator sees what the bot thought)."""


async def ask(state: BotState, question: str, user: User | None) -> Reply:
    """The engine's reply in the user's chosen language, else the question's, else their app's language."""
    engine, _ = state.require()
    return engine.ask(question, lang=await chosen_language(state, user), default_lang=app_language(state, user))


async def respond(context: Context, message: Message, reply: Reply | Outgoing, question: str = "") -> None:
    """Answers a user's message, or edits the earlier answer if the message was edited, and records it.

    ``question`` is the user's question when ``reply`` answers one (not for commands and notices): it is what
    the statistics count and what the inbox and the buttons under the reply may need."""
    _, store = context.bot_data.require()
    # only an edited message can have been answered before (and the lookup costs as much as the answer)
    previous = await store.previous_reply(message.chat_id, message.message_id) if message.edit_date else None
    sent = await deliver(context, message.chat_id, reply, quote(message), previous)
    asked = asked_of(question, reply) if question and isinstance(reply, Reply) else None
    user_id = message.from_user.id if message.from_user else None
    await store.record(Exchange(message.chat_id, user_id, message.message_id, sent, asked))


async def deliver(
    context: Context,
    chat_id: int,
    reply: Reply | Outgoing,
    reply_to: int | None = None,
    previous: SentReply | None = None,
) -> SentReply:
    """Sends the reply, or edits ``previous`` into it."""
    engine, _ = context.bot_data.require()
    if isinstance(reply, Reply):
        note_reply(reply)
    out = reply if isinstance(reply, Outgoing) else render(reply, engine)
    if previous is None:
        return await send(context.bot, chat_id, out, reply_to)
    return await edit(context.bot, chat_id, previous, out)


def asked_of(question: str, reply: Reply) -> Asked:
    """The record of a question and the engine's reply to it."""
    entry = reply.entry.id if reply.entry is not None else None
    best = tuple((c.entry_id, c.score) for c in reply.candidates[:MAX_CANDIDATES_KEPT])
    return Asked(question, reply.lang, reply.status, entry, reply.score, best)


def quote(message: Message) -> int | None:
    """In groups a reply quotes the question so everyone sees whom the bot answers; not in private."""
    return None if message.chat.type == ChatType.PRIVATE else message.message_id
