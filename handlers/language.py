"""Which language to talk to a user in: their /lang choice, else their Telegram app's language, else the
default. The choice lives in the store, so every replica knows it; a store that cannot be reached counts as no
choice (the user is still answered).
"""

from __future__ import annotations

from telegram import User

from handlers.state import BotState


async def chosen_language(state: BotState, user: User | None) -> str | None:
    """The language the user picked with /lang, if any (it overrides detection from the text)."""
    if user is None or state.store is None:
        return None
    return await state.store.language(user.id)


def app_language(state: BotState, user: User | None) -> str:
    """The language of the user's Telegram app when we speak it, else the bot's default language."""
    code = ((user.language_code if user else None) or "").lower()
    base = code.replace("_", "-").split("-", 1)[0]
    languages = state.engine.languages if state.engine else ()
    return base if base in languages else state.config.default_language


async def interface_language(state: BotState, user: User | None) -> str:
    """The language for menus and commands, which carry no text to detect a language from."""
    return await chosen_language(state, user) or app_language(state, user)
