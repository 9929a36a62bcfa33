"""Concurrency that keeps each chat in order.

Updates of different chats are handled concurrently, so one slow Telegram round trip does not hold up every
other user; updates of the same chat (or of the same user, for inline queries) run one after another in
arrival order, so "/lang ru" followed at once by a question is answered in Russian.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

DEFAULT_MAX_CONCURRENT = 8
"""Enough to keep Telegram's ~30 messages/s busy at a 100-200 ms round trip; more only adds overhead (the
HTTP connection pool's bookkeeping grows with the requests in flight: benchmarks/telegram_throughput.py)."""


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = DEFAULT_MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:  # forget idle chats so memory stays bounded
                del self._holders[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
