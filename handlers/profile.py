"""The bot's profile in Telegram: its command menu and descriptions, in every language of the knowledge base.

Telegram shows a user the version in their app's language (``language_code``) and the default one otherwise.
Each is changed only when it differs, as these methods are strictly rate-limited by Telegram. Published at start
and again after each reload of the knowledge base, whose interface texts describe the commands.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import ExtBot

from knowledge.engine.pipeline import Engine
from knowledge.kb.commands import BY_NAME, MENU_COMMANDS

logger = logging.getLogger(__name__)


async def publish_profile(bot: ExtBot[Any], engine: Engine, default_language: str) -> None:
    """Sets commands, description and short description for each language and the default; never raises."""
    targets: list[tuple[str | None, str]] = [(None, default_language)]
    targets += [(lang, lang) for lang in engine.languages]
    for code, lang in targets:
        try:
            await _publish(bot, engine, code, lang)
        except TelegramError as error:
            logger.warning("could not update the bot's profile for %s: %s", code or "default", error)


async def _publish(bot: ExtBot[Any], engine: Engine, code: str | None, lang: str) -> None:
    commands = [BotCommand(name, engine.text(BY_NAME[name].description_key, lang)) for name in MENU_COMMANDS]
    if tuple(await bot.get_my_commands(language_code=code)) != tuple(commands):
        await bot.set_my_commands(commands, language_code=code)
    description = engine.text("bot_description", lang)
    if (await bot.get_my_description(language_code=code)).description != description:
        await bot.set_my_description(description, language_code=code)
    short = engine.text("bot_short_description", lang)
    if (await bot.get_my_short_description(language_code=code)).short_description != short:
        await bot.set_my_short_description(short, language_code=code)
