"""The little world the fake Telegram models: the bot, chats, messages, and the updates users cause.

Tests (through ``FakeBotApi``, which is a ``World``) create messages, edits, button presses and inline queries
here; each becomes an update that the server hands to the bot by long polling, or the harness posts to its
webhook. Bot API methods (``server``) read and change the same state.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from typing import Any

from tests.fake_bot_api import checks


@dataclass
class StoredMessage:
    """A message in a chat, as the fake Telegram remembers it."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str  # what the user reads (markup removed)
    html: str = ""
    markup: dict[str, Any] | None = None
    reply_to: int | None = None
    link_preview_disabled: bool = False
    sender: dict[str, Any] | None = None
    document: tuple[str, bytes] | None = None
    """(file name, content) of a document the bot sent."""

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every button, row by row."""
        rows = (self.markup or {}).get("inline_keyboard", [])
        return [(button["text"], button.get("callback_data", "")) for row in rows for button in row]


class World:
    """The bot's user record, the chats and messages Telegram holds, pending queries and updates."""

    def __init__(self, bot_id: int, bot_username: str) -> None:
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "IOM FAQ",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.callback_queries: dict[str, bool] = {}  # id -> answered
        self.inline_queries: dict[str, bool] = {}
        self.update_available_at: dict[int, float] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._query_ids = itertools.count(1)
        self._new_update = asyncio.Event()

    @property
    def bot_id(self) -> int:
        return int(self.bot_user["id"])

    @property
    def bot_username(self) -> str:
        return str(self.bot_user["username"])

    def chat(self, chat_id: int, kind: str = "private", title: str = "") -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "private":
            chat["first_name"] = f"User{chat_id}"
        else:
            chat["title"] = title or f"Group {chat_id}"
        self.chats[chat_id] = chat
        return chat

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def message_update(
        self,
        user: dict[str, Any],
        text: str | None = None,
        chat: dict[str, Any] | None = None,
        reply_to: int | None = None,
        extra: dict[str, Any] | None = None,
        kind: str = "message",
    ) -> dict[str, Any]:
        """A new message (or ``kind='channel_post'``) from ``user``; commands and mentions get entities."""
        chat = chat or self.chat(user["id"])
        self.chats.setdefault(chat["id"], chat)
        message_id = self.next_message_id(chat["id"])
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()), "chat": chat}
        if kind != "channel_post":
            message["from"] = user
        if text is not None:
            message["text"] = text
            entities = _entities(text)
            if entities:
                message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = self._message_json(self.messages[(chat["id"], reply_to)])
        message.update(extra or {})
        stored = StoredMessage(chat["id"], message_id, False, text or "", sender=user)
        self.messages[(chat["id"], message_id)] = stored
        return self.update({kind: message})

    def edit_update(
        self, user: dict[str, Any], message_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        chat_id = user["id"] if chat_id is None else chat_id
        stored = self.messages[(chat_id, message_id)]
        stored.text = text
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": self.chats[chat_id],
            "from": user,
            "text": text,
        }
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        return self.update({"edited_message": message})

    def press_update(
        self, user: dict[str, Any], message: StoredMessage, data: str, inaccessible: bool = False
    ) -> dict[str, Any]:
        """``user`` pressing the button with ``data`` under ``message`` (any data: old buttons too); Telegram
        sends an ``inaccessible`` message (date 0) when the message is older than 48 hours."""
        query_id = str(next(self._query_ids))
        self.callback_queries[query_id] = False
        carrier = self._message_json(message)
        if inaccessible:
            carrier = {"chat": carrier["chat"], "message_id": message.message_id, "date": 0}
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": f"ci{message.chat_id}",
            "data": data,
            "message": carrier,
        }
        return self.update({"callback_query": query})

    def inline_update(self, user: dict[str, Any], query: str) -> dict[str, Any]:
        query_id = str(next(self._query_ids))
        self.inline_queries[query_id] = False
        return self.update({"inline_query": {"id": query_id, "from": user, "query": query, "offset": ""}})

    def update(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **body}

    def enqueue(self, update: dict[str, Any]) -> None:
        """Makes ``update`` available to getUpdates (as Telegram does for a polling bot)."""
        self.update_available_at[update["update_id"]] = time.perf_counter()
        self._updates.append(update)
        self._new_update.set()

    def _message_json(self, message: StoredMessage) -> dict[str, Any]:
        sender = self.bot_user if message.from_bot else message.sender
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self.chats[message.chat_id],
            "text": message.text,
        }
        if sender is not None:
            data["from"] = sender
        if message.markup:
            data["reply_markup"] = message.markup
        return data


def _entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's client would attach: a leading bot command and @mentions (UTF-16 offsets)."""
    entities: list[dict[str, Any]] = []
    words = text.split(" ")
    position = 0
    for index, word in enumerate(words):
        kind = None
        if index == 0 and word.startswith("/") and len(word) > 1:
            kind = "bot_command"
        elif word.startswith("@") and len(word) > 1:
            kind = "mention"
        if kind:
            offset = checks.utf16_length(text[:position])
            entities.append({"type": kind, "offset": offset, "length": checks.utf16_length(word)})
        position += len(word) + 1
    return entities
