"""Button presses. Every callback query is answered (Telegram shows a spinner until it is); a button whose
payload or entry no longer exists says so in a short notice instead of failing. Votes and "this didn't help"
are confirmed with a toast only: a new message would bury the answer they are about.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update

from handlers.callback_data import Action, decode
from handlers.conversation import deliver, quote
from handlers.language import interface_language
from handlers.render import Outgoing, outgoing
from handlers.state import BotState, Context
from knowledge.engine.reply import Reply

FEEDBACK = frozenset({"u", "d", "x"})


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    state = context.bot_data
    engine, _ = state.require()
    action = decode(query.data)
    if action is not None and action.lang not in engine.languages:
        action = None
    if action is not None and action.kind in FEEDBACK:
        await _feedback(state, query, action)
        return
    # The message carrying the button; "inaccessible" when older than 48 hours, but its chat is still known.
    # Presses on messages sent in inline mode carry no message at all: only the notice can answer them.
    carrier = query.message
    key = (carrier.chat.id, carrier.message_id) if carrier else None
    reply = await _reply(state, action, key, query.from_user.id) if action else None
    if reply is None:
        await query.answer(engine.text("expired", await interface_language(state, query.from_user)))
        return
    await query.answer()
    if carrier is not None:
        reply_to = quote(carrier) if isinstance(carrier, Message) else None
        await deliver(context, carrier.chat.id, reply, reply_to)


async def _reply(state: BotState, action: Action, key: tuple[int, int] | None, user_id: int) -> Reply | Outgoing | None:
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
        asked = await store.message_context(*key) if key else None
        if asked is not None:
            await store.mark(asked, "none_of_these")
        return engine.fallback_reply(lang)
    await store.set_language(user_id, lang)
    return outgoing(engine.text("lang_set", lang))


async def _feedback(state: BotState, query: CallbackQuery, action: Action) -> None:
    """👍 / 👎 on an answer, or "this didn't help" on the fallback: stored (one vote per user and message, the
    latest counts) and confirmed with a toast. A press on a message whose chat is unknown (inline mode) is
    thanked but not counted: nothing identifies the answer."""
    engine, store = state.require()
    carrier = query.message
    if carrier is not None:
        chat_id, message_id = carrier.chat.id, carrier.message_id
        value = 1 if action.kind == "u" else -1
        entry = action.target if action.kind != "x" else ""
        await store.vote(query.from_user.id, chat_id, message_id, entry, action.lang, value)
        if action.kind == "x":
            asked = await store.message_context(chat_id, message_id)
            if asked is not None:
                await store.mark(asked, "didnt_help")
    toast = "didnt_help_thanks" if action.kind == "x" else "vote_thanks"
    await query.answer(engine.text(toast, action.lang))
