"""Whether a message is meant for the bot, and the question in it.

In a private chat everything is. In groups the bot speaks only when spoken to — a reply to one of its messages
or a message mentioning it — so it never floods a conversation; the mention is removed before the question is
asked. Messages from bots (including our own inline answers posted by a user) are never answered.
"""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.constants import ChatType


def is_from_human(message: Message) -> bool:
    """False for other bots and for messages sent via a bot's inline mode (answers, not questions)."""
    return message.from_user is not None and not message.from_user.is_bot and message.via_bot is None


def is_reply_to(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def is_addressed(message: Message, bot_id: int) -> bool:
    """A private message or a reply to the bot (used for messages that cannot mention, like stickers)."""
    return message.chat.type == ChatType.PRIVATE or is_reply_to(message, bot_id)


def question_for_bot(message: Message, bot_id: int, bot_username: str) -> str | None:
    """The text to answer, without mentions of the bot; None when the message is not for the bot."""
    text = message.text or ""
    if not is_from_human(message):
        return None
    mentions = _mentions_of_bot(message, bot_id, bot_username)
    if not mentions and not is_addressed(message, bot_id):
        return None
    return " ".join(_remove_spans(text, mentions).split())


def _mentions_of_bot(message: Message, bot_id: int, bot_username: str) -> list[tuple[int, int]]:
    """(offset, length) in UTF-16 units of each @mention or text mention of the bot."""
    handle = f"@{bot_username}".casefold()
    spans: list[tuple[int, int]] = []
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        is_bot_mention = entity.type == MessageEntity.MENTION and value.casefold() == handle
        is_bot_text_mention = entity.user is not None and entity.user.id == bot_id
        if (bool(bot_username) and is_bot_mention) or is_bot_text_mention:
            spans.append((entity.offset, entity.length))
    return spans


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the given spans, which Telegram measures in UTF-16 code units."""
    if not spans:
        return text
    units = text.encode("utf-16-le")
    for offset, length in sorted(spans, reverse=True):
        units = units[: offset * 2] + " ".encode("utf-16-le") + units[(offset + length) * 2 :]
    return units.decode("utf-16-le")
