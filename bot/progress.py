"""Waiting, with a deadline, for work that finishes bit by bit: a stopping bot's backlog, the webhook's
unanswered requests, the updates a poll left open."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress


class Progress:
    """Told each time something finishes (``note``), so a waiter wakes to look again instead of polling."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def note(self) -> None:
        self._event.set()

    async def wait_until(self, finished: Callable[[], bool], until: float) -> None:
        """Returns once ``finished()`` holds or the loop's clock reaches ``until``, whichever comes first."""
        loop = asyncio.get_running_loop()
        while not finished() and loop.time() < until:
            self._event.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), until - loop.time())
