"""Long polling that confirms to Telegram only what the bot has finished with.

PTB's own poller confirms every update it has fetched as soon as it asks for the next ones, handled or not; an
update still waiting in the queue when the process is killed is then lost for good. Here the offset sent with
each ``getUpdates`` is the first update not yet handled, so Telegram keeps everything after it. Updates above that
point which were handled already come back until it moves on and are skipped (each id is fetched once).

On stop the bot stops fetching and answers its backlog for at most ``deadline`` seconds (STOP_DEADLINE_SECONDS,
bot/settings.py); then an update
whose handling has not begun is skipped (the ``gate``), what is in flight finishes, and the first update not
handled is confirmed as the offset. Updates after it that were handled (other chats move on while one waits) are
written down in the store, so the next start, which Telegram gives them again, skips them: across a stop and a
start each update is answered once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop

from bot.progress import Progress
from bot.storage.store import SqlStore

QUIET_WAIT = 1.0
"""When a poll brings back only updates still being handled, how long to wait for one to finish before asking
again (Telegram answers at once while it holds unconfirmed updates)."""
MAX_PAUSE = 30.0
POLL_READ_MARGIN = 10.0
"""Seconds a long poll may take beyond its own timeout before it counts as failed."""
MAX_DONE_KEPT = 10_000
REFILL_BELOW = 20
"""With more updates than this still open, the next poll waits until no more are (up to QUIET_WAIT): each poll
brings every open update back to be decoded again, so polling on in a backlog decoded a hundred updates for every
few new ones (benchmarks/telegram_throughput.py). The queue then still holds more updates than the handlers run at
once (``concurrency.DEFAULT_MAX_CONCURRENT``), so the wait delays none of them."""

logger = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]


class Poller:
    def __init__(
        self,
        application: App,
        on_error: Callable[[TelegramError], None],
        timeout: int,
        allowed_updates: Sequence[str],
        deadline: float,
    ) -> None:
        self._application = application
        self._closed = False
        """Past the deadline: updates not yet begun are skipped."""
        self._done_before: frozenset[int] = frozenset()
        """Updates a previous run handled after its first unhandled one: Telegram gives them again; skipped."""
        self._on_error = on_error
        self._timeout = timeout
        self._allowed = list(allowed_updates)
        self.deadline = deadline
        self._open: set[int] = set()
        """Fetched and put in the queue, not yet handled."""
        self._fetched = -1
        """The highest update id fetched so far."""
        self._done: set[int] = set()
        """Handled in this run (kept only to write down, at the end, those above the offset)."""
        self._prune_at = MAX_DONE_KEPT
        self._progress = Progress()
        self._task: asyncio.Task[None] | None = None
        self._started = False

    @property
    def offset(self) -> int:
        """What ``getUpdates`` confirms: every update below the first one not yet handled."""
        return min(self._open) if self._open else self._fetched + 1

    def handled(self, update_id: int) -> None:
        self._open.discard(update_id)
        self._done.add(update_id)
        if len(self._done) > self._prune_at:  # only those above the offset matter
            offset = self.offset
            self._done = {done for done in self._done if done >= offset}
            self._prune_at = max(MAX_DONE_KEPT, 2 * len(self._done))  # never a rebuild per update
        self._progress.note()

    async def start(self) -> None:
        store = getattr(self._application.bot_data, "store", None)  # none in a bare Application (benchmarks)
        if isinstance(store, SqlStore):
            self._done_before = await store.handled_updates()
        await self._application.bot.delete_webhook()  # a webhook set earlier would refuse getUpdates
        self._started = True
        self._task = asyncio.create_task(self._run(), name="polling")

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                updates = await self._poll(self.offset)
            except Exception as error:  # polling must go on whatever happens
                if isinstance(error, TelegramError):
                    self._on_error(error)
                else:  # said once per failure, with its traceback
                    logger.exception("getUpdates gave something unexpected; polling goes on")
                failures += 1
                await asyncio.sleep(min(MAX_PAUSE, 0.5 * 2 ** min(failures, 6)))
                continue
            failures = 0
            fresh = self._parse([raw for raw in updates if raw["update_id"] > self._fetched])
            for update in fresh:
                self._fetched = update.update_id
                if update.update_id in self._done_before:  # answered before the last stop
                    continue
                self._open.add(update.update_id)
                await self._application.update_queue.put(update)
            if self._open and (not fresh or len(self._open) > REFILL_BELOW):
                await self._fewer_open()

    def _parse(self, raws: list[dict[str, Any]]) -> list[Update]:
        """The new updates as objects; one that cannot be read is logged and passed over (counted as fetched)."""
        updates = []
        for raw in raws:
            try:
                updates.append(Update.de_json(raw, self._application.bot))
            except (ValueError, TypeError, KeyError, AttributeError):
                logger.warning("update %s could not be read and is passed over", raw["update_id"])
                self._fetched = max(self._fetched, raw["update_id"])
        return updates

    async def _poll(self, offset: int) -> list[dict[str, Any]]:
        """``getUpdates`` as JSON: the updates still open come back with every poll, and only the new ones are
        worth turning into objects (PTB's ``get_updates`` would parse them all, each time)."""
        data = {"offset": offset, "timeout": self._timeout, "allowed_updates": self._allowed}
        bot = self._application.bot
        result = await bot._post("getUpdates", data, read_timeout=self._timeout + POLL_READ_MARGIN)
        return [item for item in result if isinstance(item, dict) and isinstance(item.get("update_id"), int)]

    async def _fewer_open(self) -> None:
        """After a poll that left a backlog or brought nothing new: waits (at most ``QUIET_WAIT``) until at most
        ``REFILL_BELOW`` updates are still open, or, with fewer, until none is — each poll meanwhile would bring the
        same updates back to be parsed again, a poll per answer in a backlog. A new update waits at most
        ``QUIET_WAIT`` for it."""
        enough = REFILL_BELOW if len(self._open) > REFILL_BELOW else 0
        until = asyncio.get_running_loop().time() + QUIET_WAIT
        await self._progress.wait_until(lambda: len(self._open) <= enough, until)

    async def stop_fetching(self) -> None:
        """Stops asking for updates and lets the backlog be answered for at most ``deadline`` seconds; after
        that, updates whose handling has not begun are skipped (they stay unconfirmed)."""
        task, self._task = self._task, None
        while task is not None and not task.done():
            # again until it takes: Python 3.11's wait_for can swallow a cancellation that meets a result
            task.cancel()
            await asyncio.wait([task], timeout=0.1)
        until = asyncio.get_running_loop().time() + self.deadline
        await self._progress.wait_until(lambda: not self._open, until)
        self._closed = True
        if self._open:
            logger.warning(
                "stopping: %d update(s) not answered within %.0f s; Telegram delivers them again to the next start",
                len(self._open),
                self.deadline,
            )

    async def confirm(self) -> None:
        """Once what was in flight has finished: confirms every update below the first one not handled, and
        writes down the handled ones after it, which the next start will be given again."""
        if not self._started:
            return
        offset = self.offset
        store = getattr(self._application.bot_data, "store", None)  # none in a bare Application (benchmarks)
        if isinstance(store, SqlStore):
            await store.remember_handled_updates(sorted(i for i in self._done | self._done_before if i >= offset))
        try:
            await self._application.bot.get_updates(offset=offset, timeout=0, limit=1)
        except TelegramError as error:
            logger.warning("could not confirm the handled updates (%s); some may be answered again", error)

    async def gate(self, update: Update, _: object) -> None:
        """The first handler of every update: past the deadline, one not yet begun goes no further."""
        if self._closed:
            raise ApplicationHandlerStop

    async def mark(self, update: Update, _: object) -> None:
        """The last handler of every update: it is handled."""
        self.handled(update.update_id)
