"""Button presses. Every callback query is answered (Telegram shows a spinner until it is); a button whose
payload or entry no longer exists says so in a short notice instead of failing.
"""

from __future__ import annotations

from telegram import Message, Update

from handlers.callback_data import Action, decode
from handlers.conversation import deliver, quote
from handlers.language import interface_language
from handlers.render import Outgoing, outgoing
from handlers.state import BotState, Context
from knowledge.reply import Reply


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    state = context.bot_data
    engine, _ = state.require()
    action = decode(query.data)
    if action is not None and action.lang not in engine.languages:
        action = None
    # The message carrying the button; "inaccessible" when older than 48 hours, but its chat is still known.
    # Presses on messages sent in inline mode carry no message at all: only the notice can answer them.
    carrier = query.message
    key = (carrier.chat.id, carrier.message_id) if carrier else None
    reply = _reply(state, action, key, query.from_user.id) if action else None
    if reply is None:
        await query.answer(engine.text("expired", interface_language(state, query.from_user)))
        return
    await query.answer()
    if carrier is not None:
        reply_to = quote(carrier) if isinstance(carrier, Message) else None
        await deliver(context, carrier.chat.id, reply, reply_to)


def _reply(state: BotState, action: Action, key: tuple[int, int] | None, user_id: int) -> Reply | Outgoing | None:
    """What the button leads to, or None when its entry or topic no longer exists."""
    engine, store = state.require()
    lang = action.lang
    if action.kind == "e":
        return engine.entry_reply(action.target, lang)
    if action.kind == "t":
        return engine.topic_reply(action.target, lang)
    if action.kind == "m":
        return engine.command("topics", lang=lang)
    if action.kind == "n":
        question = state.clarified.pop(key, "") if key else ""
        store.log_unanswered(question, lang)
        return engine.fallback_reply(lang, question)
    store.set_language(user_id, lang)
    return outgoing(engine.text("lang_set", lang))
